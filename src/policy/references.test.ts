import { describe, expect, it } from 'vitest';
import { checkPolicy } from './check.js';
import { formatPolicyError } from './errors.js';
import { edit, MINIMAL_POLICY, positionOf } from './policy-fixture.js';

const FILE = 'baton.policy.yaml';

function check(text: string) {
  const result = checkPolicy(text, FILE);
  return {
    ok: result.ok,
    errors: result.ok ? [] : result.errors.map((e) => formatPolicyError(e)),
    warnings: result.warnings.map((e) => formatPolicyError(e, 'warning')),
  };
}

function at(text: string, needle: string): string {
  const { line, column } = positionOf(text, needle);
  return `${FILE}:${line}:${column}`;
}

describe('policy reference checks', () => {
  it('passes the minimal policy without errors or warnings', () => {
    expect(check(MINIMAL_POLICY)).toEqual({ ok: true, errors: [], warnings: [] });
  });

  it('checks forms against the rest of the policy: a site that does not exist, an activity that earns nothing', () => {
    const text = `${MINIMAL_POLICY}\nforms:\n  contact:\n    title: Talk to us\n    site: shop\n    activity: newsletter_signup\n    fields:\n      - { name: email, label: Work e-mail, required: true }\n`;
    const result = check(text);
    expect(result.errors).toEqual([`${at(text, 'shop')} forms.contact.site: no site "shop" under tracking.sites`]);
    expect(result.warnings).toEqual([expect.stringContaining('forms.contact.activity: warning: "newsletter_signup" is neither in mql.high_intent nor scored')]);
  });

  it('rejects a routing step that names a pool that does not exist', () => {
    const text = edit(MINIMAL_POLICY, '{ pool: enterprise }', '{ pool: enterprize }');
    expect(check(text).errors).toEqual([
      `${at(text, 'enterprize')} routing.order[1].pool: no pool named "enterprize"; pools are: enterprise; did you mean "enterprise"?`,
    ]);
  });

  it('rejects a pool member who is not a rep, at the member line', () => {
    const text = edit(MINIMAL_POLICY, '      - ana\n', '      - anna\n');
    expect(check(text).errors).toEqual([`${at(text, 'anna')} pools.enterprise.members[0]: no rep named "anna"; reps are: ana, ben; did you mean "ana"?`]);
  });

  it('rejects a rep listed twice in the same pool', () => {
    const text = edit(MINIMAL_POLICY, '      - rep: ben', '      - ana\n      - rep: ben');
    expect(check(text).errors).toEqual([
      `${at(text, 'ana\n      - rep')} pools.enterprise.members[1]: rep "ana" is listed twice in pool "enterprise" (also members[0]); list them once and use weight for a bigger share`,
    ]);
  });

  it('rejects a routing step that names a rep who does not exist, and says when it is a pool', () => {
    const text = edit(MINIMAL_POLICY, '{ pool: enterprise }', '{ rep: enterprise }');
    expect(check(text).errors[0]).toBe(
      `${at(text, 'enterprise }')} routing.order[1].rep: no rep named "enterprise"; reps are: ana, ben; "enterprise" is a pool: write { pool: enterprise }`,
    );
  });

  it("rejects a rep's calendar or manager that does not exist, and an unknown sla.calendar", () => {
    const text = edit(edit(MINIMAL_POLICY, 'calendar: us-east }', 'calendar: us-west, manager: maria }'), '  calendar: us-east\n  first', '  calendar: useast\n  first');
    expect(check(text).errors).toEqual([
      `${at(text, 'us-west')} reps.ana.calendar: no calendar named "us-west"; calendars are: us-east; did you mean "us-east"?`,
      `${at(text, 'maria')} reps.ana.manager: no manager named "maria"; no managers are defined`,
      `${at(text, 'useast')} sla.calendar: no calendar named "useast"; calendars are: us-east; did you mean "us-east"?`,
    ]);
  });

  it('rejects a time zone that is not an IANA zone, suggesting the real one', () => {
    const text = edit(MINIMAL_POLICY, 'America/New_York', 'America/NewYork');
    expect(check(text).errors).toEqual([
      `${at(text, 'America/NewYork')} calendars.us-east.timezone: expected an IANA time zone such as America/New_York or Europe/Berlin, got "America/NewYork"; did you mean "America/New_York"?`,
    ]);
  });

  it('rejects a holiday that does not exist and an out-of-office period that ends before it starts', () => {
    const text = edit(
      edit(MINIMAL_POLICY, 'hours: { mon-fri: "09:00-17:30" }', 'hours: { mon-fri: "09:00-17:30" }\n    holidays: [2026-02-30]'),
      'email: ben@example.com }',
      'email: ben@example.com, out_of_office: [{ from: 2026-08-10, to: 2026-08-01 }] }',
    );
    expect(check(text).errors).toEqual([
      `${at(text, '2026-02-30')} calendars.us-east.holidays[0]: expected a date that exists, got "2026-02-30"`,
      `${at(text, '2026-08-01')} reps.ben.out_of_office[0].to: the period ends (2026-08-01) before it starts (2026-08-10)`,
    ]);
  });

  it('rejects a calendar with no working hours at all', () => {
    const text = edit(MINIMAL_POLICY, '{ mon-fri: "09:00-17:30" }', '{ mon-sun: closed }');
    expect(check(text).errors[0]).toMatch(new RegExp(`^${at(text, '{ mon-sun')} calendars\\.us-east\\.hours: this calendar has no working hours on any day`));
  });

  it('rejects an escalation step on a clock that does not exist, or at an impossible share of it', () => {
    const text = `${MINIMAL_POLICY}escalation:\n  - { at: first_tuch, do: remind_rep }\n  - { at: 0% of first_touch, do: remind_rep }\n  - { at: 150% of route, do: notify_admins }\n`;
    expect(check(text).errors).toEqual([
      `${at(text, 'first_tuch')} escalation[0].at: no SLA clock named "first_tuch"; clocks are: first_touch, accept_or_reject, route; did you mean "first_touch"?`,
      `${at(text, '0% of')} escalation[1].at: expected a share of the clock from 1% to 100%, got 0%`,
      `${at(text, '150%')} escalation[2].at: expected a share of the clock from 1% to 100%, got 150%`,
    ]);
  });

  it('takes an escalation step\'s clock from its "at", and rejects a clock that contradicts it', () => {
    const ok = checkPolicy(`${MINIMAL_POLICY}escalation:\n  - { at: 50% of accept_or_reject, do: remind_rep }\n`, FILE);
    expect(ok.ok && ok.policy.escalation[0]).toEqual({ clock: 'accept_or_reject', at: '50% of accept_or_reject', do: ['remind_rep'] });
    const text = `${MINIMAL_POLICY}escalation:\n  - { clock: route, at: first_touch + 1bh, do: reassign }\n`;
    expect(check(text).errors).toEqual([
      `${at(text, 'route, at')} escalation[0].clock: this step watches the route clock, but "at: first_touch + 1bh" is a point on first_touch; remove "clock" or make them agree`,
    ]);
  });

  it('rejects stage moves that leave a stage unreachable from "known", saying which move to add', () => {
    const text = `${MINIMAL_POLICY}stages:\n  transitions:\n    opportunity: [lost]\n`;
    expect(check(text).errors).toEqual([
      `${at(text, 'transitions')} stages.transitions: no lead can ever reach stage "won": no chain of moves leads to it from "known"; add it to the moves from opportunity`,
    ]);
  });

  it('rejects a fallback that is a pool rather than a queue', () => {
    const text = edit(MINIMAL_POLICY, 'fallback: revops-queue', 'fallback: enterprise');
    expect(check(text).errors[0]).toMatch(new RegExp(`^${at(text, 'enterprise\n')} routing\\.fallback: "enterprise" is a pool, but the fallback is the queue`));
  });

  it('rejects a scoring rule in a group that is not defined', () => {
    const text = edit(MINIMAL_POLICY, 'reason: "mid size" }', 'reason: "mid size", group: size }');
    expect(check(text).errors).toEqual([
      `${at(text, 'size }')} scoring.fit.rules[0].group: no scoring group named "size"; no scoring groups are defined (define it under scoring.groups)`,
    ]);
  });

  it('rejects an empty or spaced url glob and warns about one that cannot match a page', () => {
    const rules = (url: string) => edit(MINIMAL_POLICY, 'reps:', `  engagement:\n    rules:\n      - { event: page_viewed, url: "${url}", points: 5 }\nreps:`);
    expect(check(rules('')).errors[0]).toContain('scoring.engagement.rules[0].url: expected a page glob such as "/pricing*", got an empty text');
    expect(check(rules('/pricing page*')).errors[0]).toContain('expected a page glob without spaces');
    const relative = check(rules('pricing*'));
    expect(relative.ok).toBe(true);
    expect(relative.warnings).toEqual([
      `${at(rules('pricing*'), '"pricing*"')} scoring.engagement.rules[0].url: warning: "pricing*" matches neither a page path (which starts with "/") nor a full URL (which starts with http); did you mean "/pricing*"?`,
    ]);
  });

  it('warns, without failing, about rules that can never add points and pools nobody routes to', () => {
    const text = edit(
      edit(MINIMAL_POLICY, 'points: 10, reason: "mid size"', 'points: 0, reason: "mid size"'),
      'routing:',
      '  spare:\n    members: [ana]\nrouting:',
    );
    const result = check(text);
    expect(result.ok).toBe(true);
    expect(result.warnings).toEqual([
      `${at(text, '0, reason')} scoring.fit.rules[0].points: warning: this rule adds 0 points, so it never changes a score`,
      `${at(text, 'spare')} pools.spare: warning: pool "spare" is not used by any routing step, so it never gets leads`,
    ]);
  });

  it('warns about a rep no routing reaches', () => {
    const text = edit(MINIMAL_POLICY, 'pools:', '  cy: { name: Cy, email: cy@example.com }\npools:');
    expect(check(text).warnings).toEqual([
      `${at(text, 'cy:')} reps.cy: warning: rep "cy" is in no routed pool and no routing step; they only get leads for accounts they own`,
    ]);
  });

  it('does not run reference checks on a policy the schema rejected', () => {
    const text = edit(edit(MINIMAL_POLICY, 'weight: 2', 'weight: two'), '{ pool: enterprise }', '{ pool: nowhere }');
    const result = check(text);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toContain('weight: expected a positive number, got "two"');
  });
});
