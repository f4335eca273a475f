/**
 * For tests: the smallest policy that passes every check, and helpers to change one line of it
 * and to find where a piece of text sits (so expected line numbers are not counted by hand).
 */
export const MINIMAL_POLICY = `version: 1
calendars:
  us-east:
    timezone: America/New_York
    hours: { mon-fri: "09:00-17:30" }
mql: { engagement_at_least: 40 }
scoring:
  fit:
    rules:
      - { when: "company.size >= 20", points: 10, reason: "mid size" }
reps:
  ana: { name: Ana, email: ana@example.com, calendar: us-east }
  ben: { name: Ben, email: ben@example.com }
pools:
  enterprise:
    members:
      - ana
      - rep: ben
        weight: 2
routing:
  order:
    - account_owner
    - { pool: enterprise }
  fallback: revops-queue
sla:
  calendar: us-east
  first_touch: { high_intent: 1bh, standard: 4bh }
  accept_or_reject: 2bh
reasons:
  reject: [no_intent]
`;

/** `text` with the first `from` replaced by `to`; throws if `from` is not there (a stale test). */
export function edit(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`fixture does not contain ${JSON.stringify(from)}`);
  return text.replace(from, to);
}

/** 1-based line and column (in characters) where `needle` first starts. */
export function positionOf(text: string, needle: string): { line: number; column: number } {
  const index = text.indexOf(needle);
  if (index < 0) throw new Error(`text does not contain ${JSON.stringify(needle)}`);
  const before = text.slice(0, index).split('\n');
  return { line: before.length, column: Array.from(before.at(-1)!).length + 1 };
}
