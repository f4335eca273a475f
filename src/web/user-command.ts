/** `baton user add --email --name --role [--rep|--manager] [--password]` and `baton user list`. */
import { Command, Option } from 'commander';
import { pino } from 'pino';
import { createApp, loadRunningPolicy, resolvePolicyFile } from '../app.js';
import { readConfig } from '../config.js';
import { BatonError } from '../errors/baton-error.js';
import { fieldIssues } from '../errors/zod-issues.js';
import { readPassword } from './password-prompt.js';
import { newUserSchema, policyIssues, USER_ROLES, type NewUser } from './user-rules.js';
import { listUsers, saveUser } from './user-store.js';

interface AddOptions {
  email: string;
  name: string;
  role: string;
  rep?: string;
  manager?: string;
  password?: string;
}

async function withApp<T>(work: (app: Awaited<ReturnType<typeof createApp>>) => Promise<T>): Promise<T> {
  const app = await createApp(readConfig(), { logger: pino({ level: 'warn' }), workers: false });
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}

export function userCommand(): Command {
  const user = new Command('user').description('Manage the people who sign in to the web app');
  user
    .command('add')
    .description('Add a user (a rep user is a policy rep; a manager user a policy manager)')
    .requiredOption('--email <email>', 'e-mail address they sign in with')
    .requiredOption('--name <name>', 'display name')
    .addOption(new Option('--role <role>', 'what they may do').choices([...USER_ROLES]).makeOptionMandatory())
    .option('--rep <id>', 'policy rep id (role rep)')
    .option('--manager <id>', 'policy manager id (role manager)')
    .option('--password <password>', 'password (Default: asked for, or the first line of standard input)')
    .action(async (opts: AddOptions) => {
      const config = readConfig();
      // The policy is checked before the password is asked for and before the database opens.
      const { policy } = await loadRunningPolicy(resolvePolicyFile(config.policyFile));
      const issues = policyIssues({ role: opts.role as NewUser['role'], rep: opts.rep, manager: opts.manager }, policy);
      if (issues.length) throw new BatonError('validation_failed', 'The user was not added:', issues);
      const password = opts.password ?? (await readPassword('Password: '));
      const parsed = newUserSchema.safeParse({ ...opts, password });
      if (!parsed.success) throw new BatonError('validation_failed', 'The user was not added:', fieldIssues(parsed.error));
      await withApp(async (app) => {
        const saved = await saveUser(app.deps.db, parsed.data, new Date());
        const tie = saved.rep ? ` as rep ${saved.rep}` : saved.manager ? ` as manager ${saved.manager}` : '';
        process.stdout.write(`Added ${saved.role} ${saved.email} (${saved.name})${tie}.\n`);
      });
    });
  user
    .command('list')
    .description('List users and their roles')
    .action(async () => {
      await withApp(async (app) => {
        const users = await listUsers(app.deps.db);
        if (users.length === 0) process.stdout.write('No users yet. Add one with: baton user add --email … --name … --role admin\n');
        for (const u of users) process.stdout.write(`${u.role.padEnd(8)} ${u.email.padEnd(36)} ${u.name}${u.rep ? `  rep:${u.rep}` : ''}${u.manager ? `  manager:${u.manager}` : ''}\n`);
      });
    });
  return user;
}
