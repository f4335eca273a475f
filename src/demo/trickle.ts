/**
 * Keeps the demo alive: a sample lead every few seconds, followed by some of its activity, sent
 * through the same intake services the API uses.
 */
import type { Logger } from 'pino';
import type { IntakeDeps } from '../intake/context.js';
import { recordEvents } from '../intake/record-events.js';
import { submitLead } from '../intake/submit-lead.js';
import { sampleLead, seededRandom } from './generator.js';

export interface Trickle {
  stop(): Promise<void>;
}

export async function sendSampleLeads(deps: IntakeDeps, count: number, seed: number, startSerial: number): Promise<number> {
  const random = seededRandom(seed);
  let sent = 0;
  for (let i = 0; i < count; i++) {
    const { lead, activity } = sampleLead(random, startSerial + i, deps.clock.now());
    await submitLead(deps, lead, { actor: 'demo' });
    if (activity.length > 0) {
      await recordEvents(deps, activity.map((a) => ({ ...a, email: lead.email })), 'demo');
    }
    sent++;
  }
  return sent;
}

export function startTrickle(deps: IntakeDeps, logger: Logger, options: { everyMs: number; seed: number; startSerial: number }): Trickle {
  let serial = options.startSerial;
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = sendSampleLeads(deps, 1, options.seed + serial, serial++).catch((error: unknown) => {
      logger.warn({ err: error }, 'demo lead could not be sent');
    });
  }, options.everyMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
