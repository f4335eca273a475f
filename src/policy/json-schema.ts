/**
 * The policy's JSON Schema, for editors: with `# yaml-language-server: $schema=…` at the top of
 * the policy file, VS Code (YAML extension) completes field names and shows each description.
 * It describes what is written in the file (`io: 'input'`): durations and conditions are text,
 * fields with defaults are optional. Conditions are only checked by `baton policy check`.
 */
import { z } from 'zod';
import { policySchema } from './schema.js';

export const POLICY_SCHEMA_ID = 'urn:baton:policy:1';

export function policyJsonSchema(): Record<string, unknown> {
  // 'any' for the parts JSON Schema cannot express (the parsed side of transforms, z.NEVER),
  // so generation never throws; the input side of every transform is plain text anyway.
  const generated = z.toJSONSchema(policySchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return {
    $schema,
    $id: POLICY_SCHEMA_ID,
    title: 'Baton policy',
    description:
      'The lead hand-off agreement between marketing and sales: calendars, stages, fit, scoring, MQL, reps, pools, routing, SLA, escalation, reasons and targets. See examples/baton.policy.yaml.',
    ...rest,
  };
}

/** The schema as written to examples/baton.policy.schema.json (two-space JSON, final newline). */
export function policyJsonSchemaText(): string {
  return `${JSON.stringify(policyJsonSchema(), null, 2)}\n`;
}
