/** baton simulate: replay recorded history under a draft policy. */
import type { BatonModule } from '../modules/module.js';

export const simulateModule: BatonModule = {
  name: 'simulate',
};
