/** Every capability module, in the order their routes are added and their workers started. */
import { calibrateModule } from '../calibrate/module.js';
import { formsModule } from '../forms/module.js';
import { handoffModule } from '../handoff/module.js';
import { metricsModule } from '../metrics/module.js';
import { notifyModule } from '../notify/module.js';
import { simulateModule } from '../simulate/module.js';
import { trackingModule } from '../tracking/module.js';
import { webModule } from '../web/module.js';
import type { BatonModule } from './module.js';

export const MODULES: readonly BatonModule[] = [
  handoffModule,
  notifyModule,
  metricsModule,
  trackingModule,
  formsModule,
  calibrateModule,
  simulateModule,
  // Last: the web app serves every path the API does not.
  webModule,
];
