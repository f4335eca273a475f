/** How numbers, times and codes read on the pages. */
import type { Clock, Target } from './types';

export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  const abs = Math.abs(ms);
  const s = Math.round(abs / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

export function percent(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return `${(value * 100).toFixed(digits)}%`;
}

export function targetText(target: Target | null | undefined): string {
  if (!target) return 'no target';
  if (target.high >= 1) return `≥ ${percent(target.low)}`;
  return `${percent(target.low)}–${percent(target.high)}`;
}

export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '–';
  const d = new Date(iso);
  return d.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

export function ago(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '–';
  const ms = now - new Date(iso).getTime();
  if (ms < 60_000) return 'just now';
  return `${duration(ms).split(' ')[0]} ago`;
}

export function words(code: string | null | undefined): string {
  return code ? code.replaceAll('_', ' ') : '–';
}

export const STAGE_LABELS: Record<string, string> = {
  known: 'Known',
  mql: 'MQL',
  sal: 'Accepted (SAL)',
  sql: 'SQL',
  opportunity: 'Opportunity',
  won: 'Won',
  lost: 'Lost',
  nurture: 'Nurture',
  disqualified: 'Disqualified',
};

export function stageLabel(stage: string): string {
  return STAGE_LABELS[stage] ?? words(stage);
}

export const CLOCK_LABELS: Record<string, string> = { accept_or_reject: 'accept or reject', first_touch: 'first touch', route: 'route' };

export type Urgency = 'calm' | 'soon' | 'overdue';

/**
 * How pressing an open clock is: overdue past its deadline, soon in its last quarter (or last 15
 * minutes), calm before that. The inbox shows these as neutral, amber and red.
 */
export function urgency(clock: Pick<Clock, 'started_at' | 'due_at'>, now: number): Urgency {
  const due = new Date(clock.due_at).getTime();
  const left = due - now;
  if (left <= 0) return 'overdue';
  const total = due - new Date(clock.started_at).getTime();
  return left <= Math.max(total * 0.25, Math.min(15 * 60_000, total)) ? 'soon' : 'calm';
}
