/**
 * Signed, expiring one-click links for accept / reject / log attempt, usable from e-mail and
 * Slack without signing in.
 *
 * CONTRACT (the hand-off capability fills this in; the notify capability calls it).
 */
import type { ModuleContext } from '../modules/module.js';

export interface ActionLinks {
  accept: string;
  reject: string;
  attempt: string;
  /** The lead's page in the web app. */
  lead: string;
}

/** Absolute URLs under ctx.config.publicUrl, signed for this rep and lead, valid until `expiresAt`. */
export async function buildActionLinks(_ctx: ModuleContext, _input: { leadId: string; rep: string; expiresAt: Date }): Promise<ActionLinks> {
  throw new Error('buildActionLinks: not built yet');
}
