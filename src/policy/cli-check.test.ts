import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { policyCommand } from '../cli/commands/policy.js';
import { edit, MINIMAL_POLICY, positionOf } from './policy-fixture.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/baton.policy.yaml', import.meta.url));

async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  let failed = false;
  const command = policyCommand({ out: (line) => out.push(line), err: (line) => err.push(line), fail: () => (failed = true) });
  await command.parseAsync(['node', 'baton', ...args]);
  return { out, err, failed };
}

async function tempFile(name: string, text: string): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'baton-policy-')), name);
  await writeFile(path, text);
  return path;
}

describe('baton policy check', () => {
  it('confirms a valid policy with its version hash and what it holds', async () => {
    const { out, err, failed } = await run('check', EXAMPLE);
    expect(failed).toBe(false);
    expect(err).toEqual([]);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^✓ .*baton\.policy\.yaml is valid \(version hash [0-9a-f]{12}…\): 3 pools, 8 reps, \d+ scoring rules$/);
  });

  it('prints each error on its own line and fails', async () => {
    const text = edit(edit(MINIMAL_POLICY, 'weight: 2', 'weight: two'), 'accept_or_reject: 2bh', 'accept_or_reject: soon');
    const file = await tempFile('baton.policy.yaml', text);
    const { out, err, failed } = await run('check', file);
    const [two, soon] = [positionOf(text, 'two'), positionOf(text, 'soon')];
    expect(failed).toBe(true);
    expect(out).toEqual([]);
    expect(err).toEqual([
      `${file}:${two.line}:${two.column} pools.enterprise.members[1].weight: expected a positive number, got "two"`,
      expect.stringMatching(new RegExp(`^${file}:${soon.line}:${soon.column} sla\\.accept_or_reject: expected a duration`)),
      `✗ ${file}: 2 errors`,
    ]);
  });

  it('prints warnings but passes', async () => {
    const text = edit(MINIMAL_POLICY, 'points: 10', 'points: 0');
    const file = await tempFile('p.yaml', text);
    const { out, err, failed } = await run('check', file);
    const zero = positionOf(text, '0, reason');
    expect(failed).toBe(false);
    expect(err).toEqual([`${file}:${zero.line}:${zero.column} scoring.fit.rules[0].points: warning: this rule adds 0 points, so it never changes a score`]);
    expect(out[0]).toMatch(/^✓ .* is valid .*: 1 pool, 2 reps, 1 scoring rule$/);
  });

  it('says how to start when the file does not exist', async () => {
    const { err, failed } = await run('check', '/nowhere/baton.policy.yaml');
    expect(failed).toBe(true);
    expect(err[0]).toBe('/nowhere/baton.policy.yaml no policy file at /nowhere/baton.policy.yaml; copy examples/baton.policy.yaml there to start from a complete, commented example');
  });
});

describe('baton policy schema', () => {
  it('writes the JSON Schema to a file with --out', async () => {
    const file = await tempFile('schema.json', '');
    const { out } = await run('schema', '--out', file);
    expect(out).toEqual([`wrote ${file}`]);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ title: 'Baton policy' });
  });

  it('prints it otherwise', async () => {
    const { out } = await run('schema');
    expect(JSON.parse(out.join('\n'))).toMatchObject({ $id: 'urn:baton:policy:1' });
  });
});
