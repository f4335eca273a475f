/**
 * The SLA document both teams sign, rendered from the running policy so it cannot drift from
 * what Baton does: stage definitions, fit criteria, the scoring table, routing and pools, every
 * SLA clock and escalation step, reason codes, targets, and the policy version and hash.
 */
import type { Duration } from '../../domain/time/duration.js';
import type { Calendar, Policy } from '../../policy/schema.js';
import { h, list, note, p, table, type Block, type Document } from '../document/blocks.js';

export interface PolicyIdentity {
  /** The published version number; undefined when the file has not been run yet. */
  version?: number;
  hash: string;
  file: string;
  published_at?: string;
}

const ACTION_WORDS: Record<string, string> = {
  remind_rep: 'remind the rep',
  notify_rep: 'notify the rep',
  notify_manager: "notify the rep's manager",
  notify_admins: 'alert the admins',
  reassign: 'reassign the lead to the next rep in the pool (the first rep keeps their turn)',
  to_fallback: 'move the lead to the fallback queue',
};

const CLOCK_WORDS: Record<string, string> = {
  route: 'from qualification to assignment',
  first_touch: 'from assignment to the first contact attempt',
  accept_or_reject: 'from assignment to accept or reject',
};

export function durationWords(d: Duration): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (d.kind === 'business_hours') return `${plural(d.hours, 'business hour')} (\`${d.source}\`)`;
  if (d.kind === 'business_days') return `${plural(d.days, 'business day')} (\`${d.source}\`)`;
  const units: [number, string][] = [[604_800_000, 'week'], [86_400_000, 'day'], [3_600_000, 'hour'], [60_000, 'minute'], [1_000, 'second']];
  const [ms, unit] = units.find(([u]) => d.ms % u === 0) ?? [1, 'millisecond'];
  return `${plural(d.ms / ms, unit)} (\`${d.source}\`)`;
}

const pct = (v: number) => `${Math.round(v * 1000) / 10} %`;
const range = (t: { low: number; high: number }) => (t.high >= 1 ? `at least ${pct(t.low)}` : `${pct(t.low)} to ${pct(t.high)}`);

export function slaDocument(policy: Policy, identity: PolicyIdentity, renderedAt: Date): Document {
  const version = identity.version !== undefined ? `version ${identity.version}` : 'not yet published';
  return {
    title: `${policy.name}: lead hand-off agreement`,
    subtitle: `Policy ${version} · hash ${identity.hash.slice(0, 12)} · ${identity.file} · rendered ${renderedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    blocks: [
      note(
        'This document is rendered from the policy Baton runs. Baton scores, qualifies, routes, times and escalates leads exactly as written here; changing the policy file changes this document and publishes a new version.',
      ),
      ...stages(policy),
      ...qualification(policy),
      ...scoring(policy),
      ...routing(policy),
      ...sla(policy),
      ...escalation(policy),
      ...reasons(policy),
      ...targets(policy),
      h(1, 'Version and signatures'),
      table(['', ''], [
        ['Policy version', identity.version !== undefined ? String(identity.version) : 'not yet published (Baton publishes it when it starts with this file)'],
        ['Hash (SHA-256 of the canonical policy)', `\`${identity.hash}\``],
        ['File', identity.file],
        ...(identity.published_at ? [['Published', identity.published_at]] : []),
      ]),
      table(['Team', 'Name', 'Signature', 'Date'], [
        ['Marketing', '', '', ''],
        ['Sales', '', '', ''],
      ]),
    ],
  };
}

function stages(policy: Policy): Block[] {
  const order = ['known', 'mql', 'sal', 'sql', 'opportunity', 'won', 'lost', 'nurture', 'disqualified'] as const;
  const defined = order.filter((s) => policy.stages.definitions[s]);
  return [
    h(1, 'Stages'),
    defined.length
      ? table(['Stage', 'Definition', 'May move to'], defined.map((s) => [s.toUpperCase(), policy.stages.definitions[s]!, policy.stages.transitions[s].join(', ') || '(final)']))
      : p('The policy gives no stage definitions yet (add them under `stages.definitions`).'),
  ];
}

function qualification(policy: Policy): Block[] {
  const { mql } = policy;
  const rules = [`Engagement of at least **${mql.engagement_at_least}** points`];
  if (mql.total_at_least !== undefined) rules.push(`and fit plus engagement of at least **${mql.total_at_least}** points`);
  return [
    h(1, 'When a lead is marketing-qualified (MQL)'),
    p('A lead becomes an MQL when it meets **every** fit criterion and:'),
    list(rules),
    ...(mql.high_intent.length
      ? [p(`High intent qualifies at once, with high priority, when the lead meets the fit criteria: ${mql.high_intent.map((a) => `\`${a}\``).join(', ')}.`)]
      : []),
    h(2, 'Fit criteria'),
    policy.fit.length ? list(policy.fit.map((f) => (f.label === f.when.source ? `\`${f.when.source}\`` : `${f.label} (\`${f.when.source}\`)`))) : p('None: every lead fits.'),
  ];
}

function scoring(policy: Policy): Block[] {
  const { fit, engagement, groups } = policy.scoring;
  const blocks: Block[] = [h(1, 'Scoring'), h(2, 'Fit: who the lead is')];
  blocks.push(
    fit.rules.length
      ? table(['When', 'Points', 'Reason', 'Group'], fit.rules.map((r) => [`\`${r.when.source}\``, signed(r.points), r.reason, r.group ?? '']), ['left', 'right', 'left', 'left'])
      : p('No fit rules.'),
  );
  if (fit.cap !== undefined) blocks.push(p(`Fit points are capped at **${fit.cap}**.`));
  blocks.push(h(2, 'Engagement: what the lead does'));
  blocks.push(
    engagement.rules.length
      ? table(
          ['Activity', 'Condition', 'Points', 'Cap', 'Reason', 'Group'],
          engagement.rules.map((r) => [
            `\`${r.event}\``,
            [r.url ? `url \`${r.url}\`` : '', r.when ? `\`${r.when.source}\`` : ''].filter(Boolean).join(' and '),
            signed(r.points),
            r.cap !== undefined ? String(r.cap) : '',
            r.reason ?? '',
            r.group ?? '',
          ]),
          ['left', 'left', 'right', 'right', 'left', 'left'],
        )
      : p('No engagement rules.'),
  );
  const notes: string[] = [];
  if (engagement.half_life) notes.push(`Engagement points halve every ${durationWords(engagement.half_life)}.`);
  if (engagement.cap !== undefined) notes.push(`Engagement points are capped at **${engagement.cap}**.`);
  const groupCaps = Object.entries(groups).map(([g, { cap }]) => `\`${g}\` at most ${cap} points together`);
  if (groupCaps.length) notes.push(`Groups: ${groupCaps.join('; ')}.`);
  if (notes.length) blocks.push(list(notes));
  return blocks;
}

function routing(policy: Policy): Block[] {
  const steps = policy.routing.order.map((step) => {
    const when = 'when' in step && step.when ? ` when \`${step.when.source}\`` : '';
    if (step.kind === 'account_owner') return `The account's owner${step.customersOnly ? ', for existing customers only' : ''}${when} (no round-robin turn used)`;
    const name = step.name ? `**${step.name}**: ` : '';
    return step.kind === 'pool' ? `${name}pool \`${step.pool}\`${when}` : `${name}rep ${policy.reps[step.rep]?.name ?? step.rep}${when}`;
  });
  const pools = Object.entries(policy.pools).map(([id, pool]) => [
    `\`${id}\``,
    pool.strategy === 'weighted_round_robin' ? 'weighted round robin' : 'lowest load',
    pool.members.map((m) => `${policy.reps[m.rep]?.name ?? m.rep}${m.weight !== 1 ? ` ×${m.weight}` : ''}`).join(', '),
    [pool.caps.open ? `${pool.caps.open} open` : '', pool.caps.per_day ? `${pool.caps.per_day} a day` : ''].filter(Boolean).join(', ') || 'none',
    pool.working_hours_only ? 'working hours only' : 'around the clock',
  ]);
  const reps = Object.entries(policy.reps).map(([id, rep]) => [
    rep.name,
    `\`${id}\``,
    rep.team ?? '',
    rep.manager ? (policy.managers[rep.manager]?.name ?? rep.manager) : '',
    rep.calendar ?? policy.sla.calendar,
  ]);
  return [
    h(1, 'Routing'),
    p('A new MQL goes to the first step that applies and has an available rep:'),
    list(steps, true),
    p(`Leads nobody can take wait in the fallback queue \`${policy.routing.fallback}\`.`),
    h(2, 'Pools'),
    table(['Pool', 'Strategy', 'Members', 'Caps per rep', 'Assigns'], pools),
    h(2, 'Reps'),
    table(['Rep', 'Id', 'Team', 'Manager', 'Calendar'], reps),
  ];
}

function sla(policy: Policy): Block[] {
  const s = policy.sla;
  const calendars = Object.entries(policy.calendars).map(([id, c]) => [`\`${id}\``, c.timezone, hoursWords(c), c.holidays.length ? c.holidays.join(', ') : 'none']);
  return [
    h(1, 'Service levels (SLA clocks)'),
    table(['Clock', 'Runs', 'Limit'], [
      ['`route`', CLOCK_WORDS.route!, durationWords(s.route)],
      ['`first_touch`, high intent', CLOCK_WORDS.first_touch!, durationWords(s.first_touch.high_intent)],
      ['`first_touch`, standard', CLOCK_WORDS.first_touch!, durationWords(s.first_touch.standard)],
      ['`accept_or_reject`', CLOCK_WORDS.accept_or_reject!, durationWords(s.accept_or_reject)],
    ]),
    p(
      `Business time counts in the rep's own calendar, else \`${s.calendar}\`. After **${s.attempts_before_recycle}** contact attempts without a connection, the rep may recycle the lead to nurture.`,
    ),
    h(2, 'Calendars'),
    table(['Calendar', 'Time zone', 'Working hours', 'Holidays'], calendars),
  ];
}

function escalation(policy: Policy): Block[] {
  if (policy.escalation.length === 0) return [h(1, 'Escalation'), p('No escalation steps: a missed deadline is recorded as a breach and nothing else happens.')];
  return [
    h(1, 'Escalation'),
    p('As a clock runs down and lapses, Baton takes these steps in order:'),
    table(
      ['#', 'Clock', 'At', 'Then'],
      policy.escalation.map((step, i) => [String(i + 1), `\`${step.clock}\``, `\`${step.at}\``, step.do.map((a) => ACTION_WORDS[a] ?? a).join('; ')]),
      ['right', 'left', 'left', 'left'],
    ),
  ];
}

function reasons(policy: Policy): Block[] {
  const r = policy.reasons;
  const blocks: Block[] = [
    h(1, 'Reason codes'),
    p(`A rep who rejects a lead picks one of these; the lead goes to ${r.reject_to} unless the code says otherwise, and its score is ${r.reject_score === 'keep' ? 'kept' : 'reset'}.`),
    table(['Code', 'Meaning', 'Lead goes to'], r.reject.map((c) => [`\`${c.code}\``, c.label, c.to ?? r.reject_to])),
  ];
  if (r.disposition.length) {
    blocks.push(h(2, 'Dispositions when closing'), table(['Code', 'Meaning'], r.disposition.map((c) => [`\`${c.code}\``, c.label])));
  }
  return blocks;
}

function targets(policy: Policy): Block[] {
  const t = policy.targets;
  const rows: string[][] = [];
  if (t.acceptance_rate) rows.push(['MQL → SAL acceptance rate', range(t.acceptance_rate)]);
  if (t.response_time) rows.push(['Response time (median, assignment → first attempt)', `at most ${durationWords(t.response_time)}`]);
  if (t.sla_compliance) rows.push(['SLA compliance (clocks met ÷ due)', range(t.sla_compliance)]);
  if (t.mql_to_opportunity) rows.push(['MQL → opportunity rate', range(t.mql_to_opportunity)]);
  return [
    h(1, 'Targets'),
    rows.length ? table(['Metric', 'Target'], rows) : p('No targets yet (add them under `targets`).'),
    p('Both teams review these monthly in the audit (`baton audit --month YYYY-MM`). Below 40 % acceptance means marketing hands off too early; above 80 % that it holds good leads back.'),
  ];
}

function hoursWords(calendar: Calendar): string {
  return Object.entries(calendar.hours)
    .map(([days, hours]) => `${days} ${Array.isArray(hours) ? hours.join(', ') : hours}`)
    .join('; ');
}

function signed(points: number): string {
  return points > 0 ? `+${points}` : String(points);
}
