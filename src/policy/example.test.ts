import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatPolicyError } from './errors.js';
import { policyJsonSchema, policyJsonSchemaText } from './json-schema.js';
import { loadPolicyFile } from './load.js';
import { policySchema } from './schema.js';
import { knownKeys } from './schema-walk.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/baton.policy.yaml', import.meta.url));
const SCHEMA_FILE = fileURLToPath(new URL('../../examples/baton.policy.schema.json', import.meta.url));

describe('the example policy', () => {
  it('accepts the example policy, with no errors and no warnings', async () => {
    const result = await loadPolicyFile(EXAMPLE);
    const problems = result.ok ? result.warnings : [...result.errors, ...result.warnings];
    expect(problems.map((e) => formatPolicyError(e))).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('writes out every section, so it documents them all', async () => {
    const text = await readFile(EXAMPLE, 'utf8');
    const missing = knownKeys(policySchema, []).filter((section) => !new RegExp(`^${section}:`, 'm').test(text));
    expect(missing).toEqual([]);
  });

  it('has the reps, pools and rules the demo relies on', async () => {
    const result = await loadPolicyFile(EXAMPLE);
    if (!result.ok) throw new Error('example rejected');
    const { policy } = result;
    expect(Object.keys(policy.pools)).toEqual(['enterprise-na', 'smb', 'emea']);
    expect(Object.keys(policy.reps).length).toBeGreaterThanOrEqual(6);
    expect(policy.routing.order[0]).toMatchObject({ kind: 'account_owner' });
    expect(Object.values(policy.calendars).some((c) => c.timezone.startsWith('Europe/') && c.holidays.length > 0)).toBe(true);
    expect(Object.values(policy.reps).some((rep) => rep.out_of_office.length > 0)).toBe(true);
    expect(policy.mql.high_intent).toEqual(['demo_requested', 'trial_started', 'pricing_form_submitted']);
    expect(policy.scoring.fit.rules.some((rule) => rule.points < 0)).toBe(true);
  });

  it('points editors at the JSON Schema on its first line', async () => {
    const [first] = (await readFile(EXAMPLE, 'utf8')).split('\n');
    expect(first).toBe('# yaml-language-server: $schema=./baton.policy.schema.json');
  });
});

describe('the policy JSON Schema', () => {
  it('matches the committed examples/baton.policy.schema.json (regenerate: npm run baton -- policy schema --out examples/baton.policy.schema.json)', async () => {
    expect(await readFile(SCHEMA_FILE, 'utf8')).toBe(policyJsonSchemaText());
  });

  it('describes the file as written: durations as text with their defaults, and no unknown fields', () => {
    const schema = policyJsonSchema() as { $id: string; title: string; additionalProperties: boolean; properties: Record<string, any> };
    expect(schema.$id).toBe('urn:baton:policy:1');
    expect(schema.title).toBe('Baton policy');
    expect(schema.additionalProperties).toBe(false);
    const sla = schema.properties.sla;
    expect(sla.properties.route).toMatchObject({ type: 'string', default: '5m' });
    expect(sla.properties.accept_or_reject.type).toBe('string');
    expect(schema.properties.routing.description).toBeTruthy();
  });
});
