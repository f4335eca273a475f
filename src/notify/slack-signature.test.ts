import { describe, expect, it } from 'vitest';
import { slackSignature, verifySlackRequest } from './slack-signature.js';

// The example from Slack's documentation ("Verifying requests from Slack").
const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const TIMESTAMP = '1531420618';
const BODY =
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
const SIGNATURE = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';

describe('Slack request signatures', () => {
  it('computes the documented signature', () => {
    expect(slackSignature(SECRET, TIMESTAMP, BODY)).toBe(SIGNATURE);
  });

  it('accepts a fresh, correctly signed request', () => {
    expect(verifySlackRequest(SECRET, { timestamp: TIMESTAMP, signature: SIGNATURE }, BODY, Number(TIMESTAMP) * 1000 + 60_000)).toEqual({ ok: true });
  });

  it('refuses a changed body, a wrong secret, a missing header and a replay after five minutes', () => {
    const now = Number(TIMESTAMP) * 1000;
    expect(verifySlackRequest(SECRET, { timestamp: TIMESTAMP, signature: SIGNATURE }, `${BODY}x`, now).ok).toBe(false);
    expect(verifySlackRequest('other', { timestamp: TIMESTAMP, signature: SIGNATURE }, BODY, now).ok).toBe(false);
    expect(verifySlackRequest(SECRET, { timestamp: TIMESTAMP, signature: undefined }, BODY, now).ok).toBe(false);
    expect(verifySlackRequest(SECRET, { timestamp: TIMESTAMP, signature: SIGNATURE }, BODY, now + 301_000)).toEqual({ ok: false, reason: expect.stringContaining('five minutes') });
  });
});
