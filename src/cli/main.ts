#!/usr/bin/env node
/** The `baton` command. Each subcommand lives in commands/; user errors print without a stack. */
import { Command, CommanderError } from 'commander';
import { importCommand } from './commands/import.js';
import { policyCommand } from './commands/policy.js';
import { serveCommand } from './commands/serve.js';
import { tokenCommand } from './commands/token.js';
import { MODULES } from '../modules/index.js';
import { reportUserError } from './user-error.js';

const program = new Command('baton')
  .description('Baton: the lead hand-off agreement as code')
  .version('0.1.0')
  .exitOverride()
  .configureOutput({ outputError: (text, write) => write(text) });
program.addCommand(serveCommand());
program.addCommand(importCommand());
program.addCommand(policyCommand());
program.addCommand(tokenCommand());
for (const module of MODULES) for (const command of module.commands?.() ?? []) program.addCommand(command);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  process.exit(reportUserError(error));
}
