/** The tracking snippet, public intake and identity stitching. */
import type { BatonModule } from '../modules/module.js';

export const trackingModule: BatonModule = {
  name: 'tracking',
};
