/** Small labels: priority, stage, score and an SLA countdown. */
import { useNow } from '../data';
import { CLOCK_LABELS, duration, stageLabel, urgency } from '../format';
import type { Clock } from '../types';

export function PriorityBadge({ priority }: { priority: string }) {
  return <span className={`badge priority-${priority}`}>{priority === 'high' ? 'High priority' : 'Normal'}</span>;
}

export function StageBadge({ stage }: { stage: string }) {
  return <span className={`badge stage stage-${stage}`}>{stageLabel(stage)}</span>;
}

export function ScoreBadge({ total, title }: { total: number; title?: string }) {
  return (
    <span className="badge score" title={title}>
      <span className="visually-hidden">Score </span>
      {total}
    </span>
  );
}

/** "accept or reject · 1h 12m left", amber in the clock's last quarter, red once overdue. */
export function Countdown({ clock }: { clock: Clock }) {
  const now = useNow();
  const left = new Date(clock.due_at).getTime() - now;
  // The server's word wins: a clock it has marked breached is overdue whatever this device's time says.
  const level = clock.status === 'breached' ? 'overdue' : urgency(clock, now);
  const label = CLOCK_LABELS[clock.clock] ?? clock.clock;
  return (
    <span className={`countdown ${level}`} data-urgency={level} title={`Due ${new Date(clock.due_at).toLocaleString()}`}>
      {label} · {level !== 'overdue' ? `${duration(left)} left` : left < 0 ? `${duration(-left)} overdue` : 'overdue'}
    </span>
  );
}
