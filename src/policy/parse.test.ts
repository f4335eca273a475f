import { describe, expect, it } from 'vitest';
import { formatPolicyError, parsePolicy, type ParseResult } from './parse.js';
import { edit, MINIMAL_POLICY, positionOf } from './policy-fixture.js';

const FILE = 'baton.policy.yaml';

function errorsOf(text: string): string[] {
  const result = parsePolicy(text, FILE);
  if (result.ok) throw new Error('expected the policy to be rejected');
  return result.errors.map((e) => formatPolicyError(e));
}

function at(text: string, needle: string): string {
  const { line, column } = positionOf(text, needle);
  return `${FILE}:${line}:${column}`;
}

describe('parsePolicy', () => {
  it('accepts a minimal policy and fills in the defaults', () => {
    const result = parsePolicy(MINIMAL_POLICY, FILE);
    expect(result.ok).toBe(true);
    const { policy } = result as Extract<ParseResult, { ok: true }>;
    expect(policy.pools.enterprise!.members).toEqual([{ rep: 'ana', weight: 1 }, { rep: 'ben', weight: 2 }]);
    expect(policy.sla.route).toMatchObject({ kind: 'wall', ms: 300_000, source: '5m' });
  });

  it("points at line and path when a pool member's weight is a word", () => {
    const text = edit(MINIMAL_POLICY, 'weight: 2', 'weight: two');
    expect(errorsOf(text)).toEqual([`${at(text, 'two')} pools.enterprise.members[1].weight: expected a positive number, got "two"`]);
  });

  it('says a weight of zero is not a positive number', () => {
    const text = edit(MINIMAL_POLICY, 'weight: 2', 'weight: 0');
    expect(errorsOf(text)).toEqual([`${at(text, '0\n')} pools.enterprise.members[1].weight: expected a positive number, got 0`]);
  });

  it('suggests the nearest field name for a typo, listing the fields that are allowed', () => {
    const text = edit(MINIMAL_POLICY, 'weight: 2', 'wieght: 2');
    expect(errorsOf(text)).toEqual([
      `${at(text, 'wieght')} pools.enterprise.members[1].wieght: unknown field "wieght"; expected one of: rep, weight; did you mean "weight"?`,
    ]);
  });

  it('names an unknown top-level section and the sections there are', () => {
    const text = `${MINIMAL_POLICY}teams: {}\nroutng: {}\n`;
    const [teams, routng] = errorsOf(text);
    expect(teams).toMatch(new RegExp(`^${at(text, 'teams')} teams: unknown field "teams"; expected one of: version, name, calendars, `));
    expect(teams).not.toContain('did you mean');
    expect(routng).toMatch(/routng: unknown field "routng"; expected one of: .*; did you mean "routing"\?$/);
  });

  it('reports a YAML syntax error with its line, at the bracket that is never closed', () => {
    const text = edit(MINIMAL_POLICY, 'standard: 4bh }', 'standard: 4bh');
    expect(errorsOf(text)).toEqual([`${at(text, '{ high_intent')} sla.first_touch: invalid YAML: this "{" is never closed with "}"`]);
  });

  it('reports a tab used for indentation', () => {
    const text = edit(MINIMAL_POLICY, '    timezone:', '\ttimezone:');
    expect(errorsOf(text)[0]).toBe(`${at(text, '\t')} a tab is used for indentation; YAML needs spaces`);
  });

  it('reports a key written twice in the same map, at the second one', () => {
    const text = edit(MINIMAL_POLICY, '  accept_or_reject: 2bh\n', '  accept_or_reject: 2bh\n  accept_or_reject: 4bh\n');
    const line = positionOf(text, 'accept_or_reject: 4bh').line;
    expect(errorsOf(text)).toEqual([`${FILE}:${line}:3 sla.accept_or_reject: "accept_or_reject" appears twice in the same map; keep one of them`]);
  });

  it("reports an invalid condition with the condition compiler's message, its path and line", () => {
    const text = edit(MINIMAL_POLICY, '"company.size >= 20"', '"company.size >== 20"');
    const [error] = errorsOf(text);
    expect(error).toMatch(
      new RegExp(`^${at(text, '"company.size >==')} scoring\\.fit\\.rules\\[0\\]\\.when: invalid condition "company\\.size >== 20": .*column 14`),
    );
  });

  it('reports an invalid duration, saying what durations look like', () => {
    const text = edit(MINIMAL_POLICY, 'accept_or_reject: 2bh', 'accept_or_reject: 2 hours');
    expect(errorsOf(text)).toEqual([
      `${at(text, '2 hours')} sla.accept_or_reject: expected a duration such as 90s, 5m, 1h, 30d, 4bh (business hours) or 1bd (business days), got "2 hours"`,
    ]);
  });

  it('points a missing required field at the map that should hold it', () => {
    const text = edit(MINIMAL_POLICY, '  accept_or_reject: 2bh\n', '');
    expect(errorsOf(text)).toEqual([
      `${at(text, 'sla:')} sla.accept_or_reject: missing required field "accept_or_reject" (time for the rep to accept or reject an assigned lead); expected a duration such as 90s, 5m, 1h, 30d, 4bh (business hours) or 1bd (business days)`,
    ]);
  });

  it('picks the routing step the author meant when a field name is misspelt', () => {
    const text = edit(MINIMAL_POLICY, '{ pool: enterprise }', '{ pol: enterprise }');
    expect(errorsOf(text)).toEqual([
      `${at(text, 'pol:')} routing.order[1].pol: unknown field "pol"; expected one of: name, when, pool; did you mean "pool"?`,
    ]);
  });

  it('suggests the intended word for a misspelt choice', () => {
    const text = edit(MINIMAL_POLICY, '    - account_owner', '    - acount_owner');
    expect(errorsOf(text)).toEqual([
      `${at(text, 'acount_owner')} routing.order[0]: expected account_owner or a map of fields; got "acount_owner"; did you mean "account_owner"?`,
    ]);
    const strategy = edit(MINIMAL_POLICY, '    members:', '    strategy: lowest_loads\n    members:');
    expect(errorsOf(strategy)).toEqual([
      `${at(strategy, 'lowest_loads')} pools.enterprise.strategy: expected one of: weighted_round_robin, lowest_load; got "lowest_loads"; did you mean "lowest_load"?`,
    ]);
  });

  it('explains an invalid id and an e-mail address that is not one', () => {
    const text = edit(edit(MINIMAL_POLICY, 'email: ben@example.com', 'email: ben-at-example'), '  enterprise:\n', '  "big deals":\n');
    expect(errorsOf(text)).toEqual([
      `${at(text, 'ben-at-example')} reps.ben.email: expected an e-mail address such as ana@example.com, got "ben-at-example"`,
      `${at(text, '"big deals"')} pools["big deals"]: the name "big deals" is not valid: expected an id of ASCII letters, digits, "-", "_" or "." (e.g. enterprise-na), got "big deals"`,
    ]);
  });

  it('handles names in any script and counts columns in characters', () => {
    const text = edit(MINIMAL_POLICY, 'name: Ana, email: ana@example.com', 'name: "Zoë Åberg 🚀", email: zoë');
    const [error] = errorsOf(text);
    expect(error).toBe(`${at(text, 'zoë')} reps.ana.email: expected an e-mail address such as ana@example.com, got "zoë"`);
    expect(error).toMatch(/^baton\.policy\.yaml:12:38 /); // 39 if the emoji were counted as two UTF-16 units
    const fine = edit(MINIMAL_POLICY, 'name: Ana,', 'name: "Zoë Åberg 🚀",');
    const result = parsePolicy(fine, FILE);
    expect(result.ok && result.policy.reps.ana!.name).toBe('Zoë Åberg 🚀');
  });

  it('asks for a missing map by what it describes', () => {
    const text = edit(MINIMAL_POLICY, 'mql: { engagement_at_least: 40 }\n', '');
    expect(errorsOf(text)).toEqual([`${FILE}:1:1 mql: missing required field "mql" (when a lead becomes a marketing-qualified lead); expected a map of fields`]);
  });

  it('says what a value of the wrong kind should have been', () => {
    const text = `${MINIMAL_POLICY}targets: { sla_compliance: 0.85 }\n`;
    expect(errorsOf(text)).toEqual([
      `${at(text, '0.85')} targets.sla_compliance: expected a range of percentages such as "50%..70%" or a percentage such as "85%"; got 0.85`,
    ]);
  });

  it('rejects a percentage above 100%', () => {
    const text = `${MINIMAL_POLICY}targets: { sla_compliance: 185% }\n`;
    expect(errorsOf(text)).toEqual([`${at(text, '185%')} targets.sla_compliance: expected a percentage from 0% to 100%, got "185%"`]);
  });

  it('reports an empty file', () => {
    expect(errorsOf('# nothing yet\n')).toEqual([`${FILE}:1:1 the policy file is empty; start from examples/baton.policy.yaml`]);
  });

  it('reports every problem in one pass, in file order', () => {
    const text = edit(edit(MINIMAL_POLICY, 'weight: 2', 'weight: two'), 'accept_or_reject: 2bh', 'accept_or_reject: soon');
    const errors = errorsOf(text);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toContain('members[1].weight');
    expect(errors[1]).toContain('sla.accept_or_reject');
  });
});

describe('policy version hash', () => {
  const hashOf = (text: string) => {
    const result = parsePolicy(text, FILE);
    if (!result.ok) throw new Error(result.errors.map((e) => formatPolicyError(e)).join('\n'));
    return result.hash;
  };

  it('stays the same when only comments, spacing, quoting or key order change', () => {
    const reformatted = edit(
      edit(MINIMAL_POLICY, 'mql: { engagement_at_least: 40 }', '# when a lead is an MQL\nmql:\n    engagement_at_least:   40'),
      'version: 1\n',
      '',
    ).replace('reasons:', 'version: 1\nreasons:').replace('fallback: revops-queue', "fallback: 'revops-queue'");
    expect(hashOf(reformatted)).toBe(hashOf(MINIMAL_POLICY));
  });

  it('changes when a value changes', () => {
    expect(hashOf(edit(MINIMAL_POLICY, 'weight: 2', 'weight: 3'))).not.toBe(hashOf(MINIMAL_POLICY));
  });

  it('is a sha256 in hex', () => {
    expect(hashOf(MINIMAL_POLICY)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('formatPolicyError', () => {
  it('writes file:line:column path: message, leaving out what is unknown', () => {
    expect(formatPolicyError({ file: 'p.yaml', line: 41, column: 9, path: 'pools.x.members[2].weight', message: 'expected a positive number, got "two"' })).toBe(
      'p.yaml:41:9 pools.x.members[2].weight: expected a positive number, got "two"',
    );
    expect(formatPolicyError({ file: 'p.yaml', path: '', message: 'no policy file' })).toBe('p.yaml no policy file');
    expect(formatPolicyError({ file: 'p.yaml', line: 3, column: 1, path: 'fit[0]', message: 'never holds' }, 'warning')).toBe(
      'p.yaml:3:1 fit[0]: warning: never holds',
    );
  });
});
