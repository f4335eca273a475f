/**
 * Checks on how a lead moves: every stage reachable from "known", and escalation steps that
 * name a real SLA clock at a point that exists on it.
 */
import { closest } from '../domain/conditions/messages.js';
import { STAGES, type Stage } from '../domain/lead/stage.js';
import { parseDuration } from '../domain/time/duration.js';
import type { Reporter } from './findings.js';
import { DEFAULT_TRANSITIONS, SLA_CLOCKS, type Policy } from './schema.js';

export function checkStages(policy: Policy, report: Reporter): void {
  const transitions = policy.stages.transitions;
  const reached = new Set<Stage>(['known']);
  const queue: Stage[] = ['known'];
  for (let stage = queue.shift(); stage; stage = queue.shift()) {
    for (const next of transitions[stage] ?? []) {
      if (!reached.has(next)) {
        reached.add(next);
        queue.push(next);
      }
    }
  }
  const where = report.written(['stages', 'transitions']) ? ['stages', 'transitions'] : ['stages'];
  for (const stage of STAGES) {
    if (reached.has(stage)) continue;
    const from = STAGES.filter((s) => reached.has(s) && DEFAULT_TRANSITIONS[s].includes(stage));
    const fix = from.length > 0 ? `; add it to the moves from ${from.join(' or ')}` : '';
    report.error(where, `no lead can ever reach stage "${stage}": no chain of moves leads to it from "known"${fix}`, { atKey: true });
  }
  for (const [stage, moves] of Object.entries(transitions)) {
    if (moves.includes(stage as Stage) && report.written(['stages', 'transitions', stage])) {
      report.warning(['stages', 'transitions', stage], `stage "${stage}" lists itself as a move, which changes nothing`);
    }
  }
}

const PERCENT_AT = /^(\d+(?:\.\d+)?)% of ([a-z_]+)$/;
const OFFSET_AT = /^([a-z_]+)(?: \+ (.+))?$/;

export function checkEscalation(policy: Policy, report: Reporter): void {
  for (const [index, step] of policy.escalation.entries()) {
    const path = ['escalation', index];
    const percent = PERCENT_AT.exec(step.at);
    const offset = percent ? undefined : OFFSET_AT.exec(step.at);
    const clock = percent?.[2] ?? offset?.[1] ?? '';
    if (!(SLA_CLOCKS as readonly string[]).includes(clock)) {
      const suggestion = closest(clock, SLA_CLOCKS);
      report.error([...path, 'at'], `no SLA clock named "${clock}"; clocks are: ${SLA_CLOCKS.join(', ')}${suggestion ? `; did you mean "${suggestion}"?` : ''}`);
      continue;
    }
    if (percent) {
      const share = Number(percent[1]);
      if (share < 1 || share > 100) report.error([...path, 'at'], `expected a share of the clock from 1% to 100%, got ${percent[1]}%`);
    }
    if (offset?.[2] !== undefined && !parseDuration(offset[2])) {
      report.error([...path, 'at'], `expected a time after the deadline greater than zero, such as "${clock} + 1bh", got "${offset[2]}"`);
    }
    if (report.written([...path, 'clock']) && step.clock !== clock) {
      report.error([...path, 'clock'], `this step watches the ${step.clock} clock, but "at: ${step.at}" is a point on ${clock}; remove "clock" or make them agree`);
    }
  }
  const notifiesManager = policy.escalation.findIndex((step) => step.do.includes('notify_manager'));
  if (notifiesManager >= 0) {
    const without = Object.entries(policy.reps).filter(([, rep]) => !rep.manager).map(([id]) => id);
    if (without.length > 0) {
      report.warning(['escalation', notifiesManager, 'do'], `notify_manager does nothing for leads of reps without a manager: ${without.join(', ')}`);
    }
  }
}
