/**
 * Limits failed sign-ins: at most `perEmail` failures for one e-mail and `perAddress` from one IP
 * address within `windowMs`; beyond that, sign-in is refused until the oldest failure ages out.
 * Only failures count, so a team behind one office address signing in each morning is never
 * slowed, while guessing one account's password is capped at a few tries per quarter hour.
 * In memory, per process: with several processes the cap multiplies by their number, which
 * still leaves guessing hopeless against argon2id.
 */
export interface LimiterSettings {
  windowMs: number;
  perEmail: number;
  perAddress: number;
}

/** 5 failures per e-mail, 30 per address, per 15 minutes. */
export const DEFAULT_SIGN_IN_LIMITS: LimiterSettings = { windowMs: 15 * 60_000, perEmail: 5, perAddress: 30 };

const MAX_KEYS = 50_000;

export class SignInLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly settings: LimiterSettings = DEFAULT_SIGN_IN_LIMITS) {}

  /** Milliseconds until this e-mail may try again from this address (0: now). */
  retryAfterMs(email: string, address: string, now: number): number {
    const wait = (key: string, max: number) => {
      const times = this.recent(key, now);
      return times.length >= max ? times[times.length - max]! + this.settings.windowMs - now : 0;
    };
    return Math.max(wait(`email:${email}`, this.settings.perEmail), wait(`address:${address}`, this.settings.perAddress), 0);
  }

  recordFailure(email: string, address: string, now: number): void {
    if (this.failures.size > MAX_KEYS) this.prune(now);
    for (const key of [`email:${email}`, `address:${address}`]) this.failures.set(key, [...this.recent(key, now), now]);
  }

  /** A correct password clears the e-mail's failures (not the address's). */
  recordSuccess(email: string): void {
    this.failures.delete(`email:${email}`);
  }

  private recent(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((t) => t > now - this.settings.windowMs);
  }

  private prune(now: number): void {
    for (const key of this.failures.keys()) {
      const kept = this.recent(key, now);
      if (kept.length) this.failures.set(key, kept);
      else this.failures.delete(key);
    }
  }
}
