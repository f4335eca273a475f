/**
 * `baton simulate` without the terminal: replay the same history under the current policy and a
 * draft, and put the figures side by side with the leads whose fate differs.
 */
import type { Policy } from '../policy/schema.js';
import type { ReplayHistory } from './history.js';
import { runFigures, type RunFigures } from './outcome.js';
import { replay, type Run } from './replay.js';
import { responseModel } from './response-times.js';

export interface PolicyRef {
  policy: Policy;
  file: string;
  hash: string;
}

export interface SimulationReport {
  window: { from: string; to: string };
  source: string;
  history: { events: number; inputs: number; leads: number; rep_actions: number; response_observations: number };
  policies: { current: { file: string; hash: string }; draft: { file: string; hash: string } };
  current: RunFigures;
  draft: RunFigures;
  changes: {
    /** Assigned under both, to different reps. */
    owner_changed: number;
    /** MQL under the draft only, or under the current policy only. */
    newly_mql: number;
    no_longer_mql: number;
    /** Assigned to a rep under the draft only, or under the current policy only. */
    newly_sent: number;
    no_longer_sent: number;
    /** Up to 20 examples of each, by lead id. */
    examples: { owner_changed: { lead: string; current: string; draft: string }[]; newly_mql: string[]; no_longer_mql: string[] };
  };
  /** How often replaying the current policy gives the owner the history recorded (1 = always). */
  current_matches_recorded: number | null;
  notes: string[];
}

export interface SimulateInput {
  history: ReplayHistory;
  current: PolicyRef;
  draft: PolicyRef;
  window: { from: string; to: string };
  source: string;
  notes?: string[];
  onProgress?: (done: number, total: number) => void;
}

export function simulate(input: SimulateInput): SimulationReport {
  const { history } = input;
  const total = history.inputs.length * 2;
  const currentRun = replay(input.current.policy, history.inputs, { onProgress: (k) => input.onProgress?.(k, total) });
  const draftRun = replay(input.draft.policy, history.inputs, { onProgress: (k) => input.onProgress?.(history.inputs.length + k, total) });
  const responses = responseModel(input.current.policy, history.responses);
  const current = runFigures(input.current.policy, currentRun, history.outcomes, responses);
  const draft = runFigures(input.draft.policy, draftRun, history.outcomes, responses);
  const notes = [...(input.notes ?? [])];
  if (responses.all.length === 0) notes.push('No rep response times are recorded (assigned → contact_attempted), so first-touch breaches are not projected.');
  if (currentRun.skipped > 0) notes.push(`${currentRun.skipped} inputs belong to leads created before the window and were not replayed.`);
  notes.push('Routing state starts empty at the start of the window (no open leads, even round-robin credit); the away flag is not recorded over time, so only out-of-office periods and working hours limit availability.');
  return {
    window: input.window,
    source: input.source,
    history: {
      events: history.events,
      inputs: history.inputs.length,
      leads: history.leads,
      rep_actions: currentRun.repActions,
      response_observations: responses.all.length,
    },
    policies: { current: { file: input.current.file, hash: input.current.hash }, draft: { file: input.draft.file, hash: input.draft.hash } },
    current,
    draft,
    changes: compare(currentRun, draftRun),
    current_matches_recorded: matchesRecorded(currentRun, history.recordedOwner),
    notes,
  };
}

function compare(current: Run, draft: Run): SimulationReport['changes'] {
  const ids = [...new Set([...current.leads.keys(), ...draft.leads.keys()])].sort();
  const out: SimulationReport['changes'] = {
    owner_changed: 0,
    newly_mql: 0,
    no_longer_mql: 0,
    newly_sent: 0,
    no_longer_sent: 0,
    examples: { owner_changed: [], newly_mql: [], no_longer_mql: [] },
  };
  for (const id of ids) {
    const a = current.leads.get(id);
    const b = draft.leads.get(id);
    if (b?.mql && !a?.mql) {
      out.newly_mql++;
      if (out.examples.newly_mql.length < 20) out.examples.newly_mql.push(id);
    }
    if (a?.mql && !b?.mql) {
      out.no_longer_mql++;
      if (out.examples.no_longer_mql.length < 20) out.examples.no_longer_mql.push(id);
    }
    if (b?.owner && !a?.owner) out.newly_sent++;
    if (a?.owner && !b?.owner) out.no_longer_sent++;
    if (a?.owner && b?.owner && a.owner !== b.owner) {
      out.owner_changed++;
      if (out.examples.owner_changed.length < 20) out.examples.owner_changed.push({ lead: id, current: a.owner, draft: b.owner });
    }
  }
  return out;
}

function matchesRecorded(run: Run, recorded: Map<string, string>): number | null {
  let same = 0;
  let compared = 0;
  for (const [lead, owner] of recorded) {
    const simulated = run.leads.get(lead)?.owner;
    if (simulated === undefined && !run.leads.has(lead)) continue;
    compared++;
    if (simulated === owner) same++;
  }
  return compared ? same / compared : null;
}
