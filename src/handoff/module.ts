/** Rep actions, SLA clocks and escalation. */
import { z } from 'zod';
import type { BatonModule } from '../modules/module.js';
import { startClocksOnDecision } from './intake-hook.js';
import { handoffRoutes } from './routes.js';
import { startSweeper } from './sweeper.js';

const settingsSchema = z.object({
  BATON_SLA_SWEEP_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(1_000)
    .describe('How often each process looks for due SLA clock points, in ms; 0 turns the sweeper off (Default: 1000)'),
});

export const handoffModule: BatonModule = {
  name: 'handoff',
  decisionHook: startClocksOnDecision,
  routes: (app, ctx, requireScope) => handoffRoutes(app, ctx, requireScope),
  start: async (ctx) => {
    const parsed = settingsSchema.safeParse(ctx.env);
    if (!parsed.success) throw new Error(`BATON_SLA_SWEEP_MS: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    const intervalMs = parsed.data.BATON_SLA_SWEEP_MS;
    if (intervalMs === 0) return { stop: async () => undefined };
    return startSweeper(ctx.deps, { intervalMs, logger: ctx.logger });
  },
};
