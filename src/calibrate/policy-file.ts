/**
 * The policy a command compares against: --policy, else BATON_POLICY, else ./baton.policy.yaml,
 * else the example (the same order `baton serve` uses). A policy with errors stops the command
 * with each error's file, line and path.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { BatonError } from '../errors/baton-error.js';
import { formatPolicyError } from '../policy/errors.js';
import { loadPolicyFile } from '../policy/load.js';
import type { Policy } from '../policy/schema.js';

export interface LoadedPolicy {
  policy: Policy;
  file: string;
  source: string;
  hash: string;
}

export function policyFileFor(option: string | undefined, env: NodeJS.ProcessEnv): string {
  const configured = option ?? env.BATON_POLICY;
  if (configured) return path.resolve(configured);
  const local = path.resolve('baton.policy.yaml');
  return existsSync(local) ? local : path.resolve(import.meta.dirname, '../../examples/baton.policy.yaml');
}

export async function loadPolicy(file: string, option = '--policy'): Promise<LoadedPolicy> {
  const result = await loadPolicyFile(file);
  if (!result.ok) {
    throw new BatonError('invalid_request', `${option}: ${file} has errors:\n${result.errors.map((e) => `  ${formatPolicyError(e)}`).join('\n')}`);
  }
  return { policy: result.policy, file, source: result.source, hash: result.hash };
}
