/**
 * The full check a policy gets before it runs: the schema (parse.ts), then the cross-references
 * (references.ts). Errors from either stop it; warnings are passed along to be shown.
 */
import type { PolicyError } from './errors.js';
import { parsePolicyMapped } from './parse.js';
import { checkReferences } from './references.js';
import type { Policy } from './schema.js';

export type PolicyCheck =
  | {
      readonly ok: true;
      readonly policy: Policy;
      readonly hash: string;
      readonly source: string;
      readonly warnings: readonly PolicyError[];
    }
  | { readonly ok: false; readonly errors: readonly PolicyError[]; readonly warnings: readonly PolicyError[] };

export function checkPolicy(text: string, file: string): PolicyCheck {
  const parsed = parsePolicyMapped(text, file);
  if (!parsed.ok) return { ok: false, errors: parsed.errors, warnings: [] };
  const { errors, warnings } = checkReferences(parsed.policy, parsed.map, file);
  if (errors.length > 0) return { ok: false, errors, warnings };
  return { ok: true, policy: parsed.policy, hash: parsed.hash, source: parsed.source, warnings };
}
