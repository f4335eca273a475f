/** The web app: sign-in, sessions and the pages. */
import type { BatonModule } from '../modules/module.js';

export const webModule: BatonModule = {
  name: 'web',
};
