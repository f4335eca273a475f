/** `baton token create NAME --scope ingest`: makes an API token and prints it once. */
import { Command, Option } from 'commander';
import { readConfig } from '../../config.js';
import { openDatabase } from '../../store/connect.js';
import { createToken, SCOPES, type Scope } from '../../store/token-store.js';

export function tokenCommand(): Command {
  const token = new Command('token').description('Manage API tokens');
  token
    .command('create')
    .description('Create an API token (printed once; only its hash is stored)')
    .argument('<name>', 'who or what uses it, e.g. "website form"')
    .addOption(new Option('--scope <scope...>', 'scopes').choices([...SCOPES]).default(['ingest']))
    .action(async (name: string, opts: { scope: Scope[] }) => {
      const config = readConfig();
      const database = await openDatabase(config.database);
      try {
        const { token: secret } = await createToken(database.db, name, opts.scope, new Date());
        process.stdout.write(`${secret}\n`);
        process.stderr.write(`Token "${name}" with scopes [${opts.scope.join(', ')}] created. Store it now: it is not shown again.\n`);
      } finally {
        await database.close();
      }
    });
  return token;
}
