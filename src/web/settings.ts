/** The web app's settings, read once from the environment and validated (a bad value names the setting). */
import { z } from 'zod';
import { BatonError } from '../errors/baton-error.js';

const schema = z.object({
  BATON_SESSION_IDLE_HOURS: z.coerce.number().positive().max(24 * 30).default(12).describe('Sign-out after this long without use (Default: 12)'),
  BATON_SESSION_MAX_DAYS: z.coerce.number().positive().max(90).default(7).describe('Sign-out this long after sign-in, used or not (Default: 7)'),
});

export interface WebSettings {
  idleMs: number;
  maxMs: number;
  /** Cookies get `Secure` when people reach Baton over https. */
  secureCookies: boolean;
}

export function readWebSettings(env: NodeJS.ProcessEnv, publicUrl: string): WebSettings {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new BatonError('invalid_request', `Baton cannot start: ${issue.path.join('.')}: ${issue.message}`);
  }
  return {
    idleMs: parsed.data.BATON_SESSION_IDLE_HOURS * 3_600_000,
    maxMs: parsed.data.BATON_SESSION_MAX_DAYS * 86_400_000,
    secureCookies: publicUrl.startsWith('https:'),
  };
}
