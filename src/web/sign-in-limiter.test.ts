import { describe, expect, it } from 'vitest';
import { SignInLimiter } from './sign-in-limiter.js';

const settings = { windowMs: 60_000, perEmail: 3, perAddress: 5 };

describe('sign-in limiter', () => {
  it('refuses an e-mail after its failures reach the cap, until the oldest ages out', () => {
    const limiter = new SignInLimiter(settings);
    for (const t of [0, 10_000, 20_000]) {
      expect(limiter.retryAfterMs('ana@x.com', '1.1.1.1', t)).toBe(0);
      limiter.recordFailure('ana@x.com', '1.1.1.1', t);
    }
    expect(limiter.retryAfterMs('ana@x.com', '2.2.2.2', 30_000)).toBe(30_000);
    expect(limiter.retryAfterMs('ana@x.com', '2.2.2.2', 60_001)).toBe(0);
    expect(limiter.retryAfterMs('ben@x.com', '1.1.1.1', 30_000)).toBe(0);
  });

  it('refuses an address that fails for many e-mails', () => {
    const limiter = new SignInLimiter(settings);
    for (let i = 0; i < 5; i++) limiter.recordFailure(`user${i}@x.com`, '9.9.9.9', i);
    expect(limiter.retryAfterMs('new@x.com', '9.9.9.9', 10)).toBe(60_000 - 10);
    expect(limiter.retryAfterMs('new@x.com', '8.8.8.8', 10)).toBe(0);
  });

  it('forgets an e-mail\'s failures once its password is right', () => {
    const limiter = new SignInLimiter(settings);
    for (const t of [0, 1, 2]) limiter.recordFailure('ana@x.com', '1.1.1.1', t);
    limiter.recordSuccess('ana@x.com');
    expect(limiter.retryAfterMs('ana@x.com', '1.1.1.1', 3)).toBe(0);
  });
});
