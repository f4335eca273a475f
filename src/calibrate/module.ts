/** baton calibrate: points learned from won/lost history. */
import type { BatonModule } from '../modules/module.js';
import { calibrateCommand } from './command.js';

export const calibrateModule: BatonModule = {
  name: 'calibrate',
  commands: () => [calibrateCommand()],
};
