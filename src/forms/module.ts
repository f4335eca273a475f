/** Lead-capture forms with progressive profiling. */
import type { BatonModule } from '../modules/module.js';

export const formsModule: BatonModule = {
  name: 'forms',
};
