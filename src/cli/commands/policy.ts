/**
 * `baton policy check [FILE]`, `baton policy schema [--out FILE]` and
 * `baton policy doc [FILE] [--format md|html] [--out FILE]` (the SLA document).
 * Problems in the policy are the user's to fix, so they are printed as `file:line:col path: message`
 * lines with exit code 1, never as stack traces.
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, Option } from 'commander';
import { readConfig } from '../../config.js';
import { formatPolicyError } from '../../policy/errors.js';
import { policyJsonSchemaText } from '../../policy/json-schema.js';
import { loadPolicyFile } from '../../policy/load.js';
import type { Policy } from '../../policy/schema.js';
import { renderHtml } from '../../reports/document/html.js';
import { renderMarkdown } from '../../reports/document/markdown.js';
import { publishedVersion } from '../../reports/policy/published-version.js';
import { slaDocument } from '../../reports/policy/sla-document.js';

export interface CommandOutput {
  out(line: string): void;
  err(line: string): void;
  fail(): void;
}

const processOutput: CommandOutput = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  fail: () => {
    process.exitCode = 1;
  },
};

const DEFAULT_FILE = './baton.policy.yaml';
const EXAMPLE_FILE = fileURLToPath(new URL('../../../examples/baton.policy.yaml', import.meta.url));

export function policyCommand(output: CommandOutput = processOutput): Command {
  const policy = new Command('policy').description('check the policy file, print its JSON Schema, or render the SLA document');

  policy
    .command('check')
    .description('check a policy file: its structure, every name it uses, and what it can never do')
    .argument('[file]', `policy file (default: ${DEFAULT_FILE}, or the example policy if there is none)`)
    .action(async (file: string | undefined) => {
      const path = file ?? defaultPolicyFile(output);
      const result = await loadPolicyFile(path);
      if (!result.ok) for (const error of result.errors) output.err(formatPolicyError(error));
      for (const warning of result.warnings) output.err(formatPolicyError(warning, 'warning'));
      if (!result.ok) {
        output.err(`✗ ${path}: ${count(result.errors.length, 'error')}`);
        output.fail();
        return;
      }
      output.out(`✓ ${path} is valid (version hash ${result.hash.slice(0, 12)}…): ${summary(result.policy)}`);
    });

  policy
    .command('schema')
    .description('print the JSON Schema of the policy file, for editor completion')
    .option('--out <file>', 'write it to this file instead of printing it')
    .action(async (options: { out?: string }) => {
      await printOrWrite(output, policyJsonSchemaText(), options.out);
    });

  policy
    .command('doc')
    .description('render the SLA document both teams sign, from the policy as Baton runs it')
    .argument('[file]', `policy file (default: ${DEFAULT_FILE}, or the example policy if there is none)`)
    .addOption(new Option('--format <format>', 'document format').choices(['md', 'html']).default('md'))
    .option('--out <file>', 'write it to this file instead of printing it')
    .option('--no-db', 'do not look up the published version number in the database')
    .action(async (file: string | undefined, options: { format: 'md' | 'html'; out?: string; db: boolean }) => {
      const path = file ?? defaultPolicyFile(output);
      const result = await loadPolicyFile(path);
      if (!result.ok) {
        for (const error of result.errors) output.err(formatPolicyError(error));
        output.err(`✗ ${path}: fix the policy first (baton policy check)`);
        output.fail();
        return;
      }
      const published = options.db ? await publishedVersion(readConfig(process.env), result.hash) : {};
      if (published.note) output.err(`note: ${published.note}`);
      const doc = slaDocument(result.policy, { hash: result.hash, file: path.split(/[\\/]/).pop() ?? path, ...published }, new Date());
      await printOrWrite(output, options.format === 'html' ? renderHtml(doc) : renderMarkdown(doc), options.out);
    });

  return policy;
}

/** Prints the text, or writes it to `out` and says so. */
async function printOrWrite(output: CommandOutput, text: string, out: string | undefined): Promise<void> {
  if (!out) {
    output.out(text.trimEnd());
    return;
  }
  try {
    await writeFile(out, text);
    output.out(`wrote ${out}`);
  } catch (error) {
    output.err(`cannot write ${out}: ${(error as Error).message}`);
    output.fail();
  }
}

/** ./baton.policy.yaml, or the bundled example (with a note) when the working folder has none. */
function defaultPolicyFile(output: CommandOutput): string {
  if (existsSync(DEFAULT_FILE)) return DEFAULT_FILE;
  const fromHere = relative(process.cwd(), EXAMPLE_FILE);
  const example = fromHere && !fromHere.startsWith('..') ? fromHere : EXAMPLE_FILE;
  output.err(`note: ${DEFAULT_FILE} not found; checking the example ${example} (copy it to ${DEFAULT_FILE} to start your own)`);
  return example;
}

function summary(policy: Policy): string {
  const rules = policy.scoring.fit.rules.length + policy.scoring.engagement.rules.length;
  return [
    count(Object.keys(policy.pools).length, 'pool'),
    count(Object.keys(policy.reps).length, 'rep'),
    count(rules, 'scoring rule'),
  ].join(', ');
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
