/** Rep actions, SLA clocks and escalation. */
import type { BatonModule } from '../modules/module.js';

export const handoffModule: BatonModule = {
  name: 'handoff',
};
