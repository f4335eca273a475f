/** The hand-off metrics, analyses, the monthly audit and the SLA document. */
import type { BatonModule } from '../modules/module.js';

export const metricsModule: BatonModule = {
  name: 'metrics',
};
