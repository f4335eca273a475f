/**
 * Retry timing and channel health, as pure functions of what happened.
 *
 * Backoff is exponential with "equal jitter": the n-th wait is half of min(max, base·2ⁿ⁻¹) plus a
 * random share of the other half, so deliveries that failed together (a channel outage) do not
 * all come back in the same instant, yet none waits less than half its step.
 */
export interface RetryPolicy {
  maxAttempts: number;
  baseMs: number;
  maxMs: number;
}

export function retryDelayMs(attempt: number, policy: Pick<RetryPolicy, 'baseMs' | 'maxMs'>, random: () => number = Math.random): number {
  const step = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

export type AttemptOutcome = { ok: true } | { ok: false; error: string };

/** What a finished attempt does to its delivery: sent, retried at a time, or dead. */
export function afterAttempt(
  outcome: AttemptOutcome,
  attempts: number,
  policy: RetryPolicy,
  now: Date,
  random: () => number = Math.random,
): { status: 'sent' } | { status: 'failed'; dueAt: Date } | { status: 'dead' } {
  if (outcome.ok) return { status: 'sent' };
  if (attempts >= policy.maxAttempts) return { status: 'dead' };
  return { status: 'failed', dueAt: new Date(now.getTime() + retryDelayMs(attempts, policy, random)) };
}

export interface ChannelHealth {
  consecutiveFailures: number;
  failing: boolean;
  lastSuccessAt: Date | null;
  lastFailureAt: Date | null;
  lastError: string | null;
}

export const HEALTHY: ChannelHealth = { consecutiveFailures: 0, failing: false, lastSuccessAt: null, lastFailureAt: null, lastError: null };

/**
 * Applies attempts in the order they finished. `alert` says whether the channel just crossed
 * into failing (after `threshold` failures in a row) or just recovered (a success while failing):
 * each crossing is reported once, so admins hear about an outage once and its end once.
 */
export function nextHealth(
  health: ChannelHealth,
  outcomes: readonly AttemptOutcome[],
  threshold: number,
  now: Date,
): { health: ChannelHealth; alert?: 'failing' | 'recovered' } {
  let next = { ...health };
  let alert: 'failing' | 'recovered' | undefined;
  for (const outcome of outcomes) {
    if (outcome.ok) {
      if (next.failing) alert = alert === 'failing' ? undefined : 'recovered';
      next = { ...next, consecutiveFailures: 0, failing: false, lastSuccessAt: now };
    } else {
      const failures = next.consecutiveFailures + 1;
      const failing = failures >= threshold;
      if (failing && !next.failing) alert = alert === 'recovered' ? undefined : 'failing';
      next = { ...next, consecutiveFailures: failures, failing, lastFailureAt: now, lastError: outcome.error };
    }
  }
  return alert ? { health: next, alert } : { health: next };
}
