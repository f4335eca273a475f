/** baton simulate: replay recorded history under a draft policy. */
import type { BatonModule } from '../modules/module.js';
import { simulateCommand } from './command.js';

export const simulateModule: BatonModule = {
  name: 'simulate',
  commands: () => [simulateCommand()],
};
