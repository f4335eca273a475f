/**
 * Cross-reference checks, run once the schema has passed: every name the policy uses (a rep in
 * a pool, a pool in a routing step, a calendar, a manager, a scoring group) must exist, so that
 * nothing is silently unknown to routing at run time. Each problem points at the line that
 * names the missing thing. Calendar, stage, escalation and scoring checks live beside this file.
 */
import type { Policy } from './schema.js';
import { checkCalendars } from './calendar-checks.js';
import { checkEscalation, checkStages } from './flow-checks.js';
import { checkScoring } from './scoring-checks.js';
import { createReporter, sortFindings, unknownName, type Findings, type Reporter } from './findings.js';
import type { SourceMap } from './source-map.js';
import { checkForms } from '../forms/checks.js';

export type { Findings } from './findings.js';

export function checkReferences(policy: Policy, map: SourceMap, file: string): Findings {
  const { report, findings } = createReporter(map, file);
  checkPeople(policy, report);
  checkPools(policy, report);
  checkRouting(policy, report);
  checkCalendars(policy, report);
  checkStages(policy, report);
  checkEscalation(policy, report);
  checkScoring(policy, report);
  checkReasons(policy, report);
  for (const finding of checkForms(policy)) report[finding.level](finding.path, finding.message);
  return sortFindings(findings);
}

function checkPeople(policy: Policy, report: Reporter): void {
  const calendars = Object.keys(policy.calendars);
  const managers = Object.keys(policy.managers);
  for (const [id, rep] of Object.entries(policy.reps)) {
    if (rep.calendar !== undefined && !(rep.calendar in policy.calendars)) {
      report.error(['reps', id, 'calendar'], unknownName('calendar', rep.calendar, calendars));
    }
    if (rep.manager !== undefined && !(rep.manager in policy.managers)) {
      const asRep = rep.manager in policy.reps ? `; "${rep.manager}" is a rep; list them under managers too` : '';
      report.error(['reps', id, 'manager'], unknownName('manager', rep.manager, managers) + asRep);
    }
  }
  for (const [id, manager] of Object.entries(policy.managers)) {
    if (manager.calendar !== undefined && !(manager.calendar in policy.calendars)) {
      report.error(['managers', id, 'calendar'], unknownName('calendar', manager.calendar, calendars));
    }
  }
  if (!(policy.sla.calendar in policy.calendars)) report.error(['sla', 'calendar'], unknownName('calendar', policy.sla.calendar, calendars));
}

function checkPools(policy: Policy, report: Reporter): void {
  const reps = Object.keys(policy.reps);
  for (const [id, pool] of Object.entries(policy.pools)) {
    const firstAt = new Map<string, number>();
    for (const [index, member] of pool.members.entries()) {
      const path = ['pools', id, 'members', index];
      const repPath = report.written([...path, 'rep']) ? [...path, 'rep'] : path;
      if (!(member.rep in policy.reps)) report.error(repPath, unknownName('rep', member.rep, reps));
      const first = firstAt.get(member.rep);
      if (first !== undefined) {
        report.error(repPath, `rep "${member.rep}" is listed twice in pool "${id}" (also members[${first}]); list them once and use weight for a bigger share`);
      } else firstAt.set(member.rep, index);
    }
  }
}

function checkRouting(policy: Policy, report: Reporter): void {
  const pools = Object.keys(policy.pools);
  const reps = Object.keys(policy.reps);
  const usedPools = new Set<string>();
  const routedReps = new Set<string>();
  for (const [index, step] of policy.routing.order.entries()) {
    if (step.kind === 'pool') {
      usedPools.add(step.pool);
      if (!(step.pool in policy.pools)) {
        const asRep = step.pool in policy.reps ? `; "${step.pool}" is a rep: write { rep: ${step.pool} }` : '';
        report.error(['routing', 'order', index, 'pool'], unknownName('pool', step.pool, pools) + asRep);
      }
    } else if (step.kind === 'rep') {
      routedReps.add(step.rep);
      if (!(step.rep in policy.reps)) {
        const asPool = step.rep in policy.pools ? `; "${step.rep}" is a pool: write { pool: ${step.rep} }` : '';
        report.error(['routing', 'order', index, 'rep'], unknownName('rep', step.rep, reps) + asPool);
      }
    }
  }
  const fallback = policy.routing.fallback;
  if (fallback in policy.pools) {
    report.error(
      ['routing', 'fallback'],
      `"${fallback}" is a pool, but the fallback is the queue where leads wait when no step could assign them; route to the pool with a last step { pool: ${fallback} } and name a queue here (e.g. revops-queue)`,
    );
  }
  for (const id of pools) {
    if (!usedPools.has(id)) report.warning(['pools', id], `pool "${id}" is not used by any routing step, so it never gets leads`, { atKey: true });
    for (const member of policy.pools[id]!.members) if (usedPools.has(id)) routedReps.add(member.rep);
  }
  for (const id of reps) {
    if (!routedReps.has(id)) {
      report.warning(['reps', id], `rep "${id}" is in no routed pool and no routing step; they only get leads for accounts they own`, { atKey: true });
    }
  }
}

function checkReasons(policy: Policy, report: Reporter): void {
  for (const list of ['reject', 'disposition'] as const) {
    const seen = new Map<string, number>();
    for (const [index, reason] of policy.reasons[list].entries()) {
      const first = seen.get(reason.code);
      if (first !== undefined) report.error(['reasons', list, index], `reason code "${reason.code}" is listed twice (also ${list}[${first}])`);
      else seen.set(reason.code, index);
    }
  }
}
