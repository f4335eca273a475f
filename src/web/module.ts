/**
 * The web app: sign-in and sessions, the live stream, the web app's read endpoints (inbox,
 * running policy) and the built pages at /. Under `npm start` (demo) it seeds ready users and
 * prints how to sign in.
 */
import type { BatonModule, ModuleContext, Worker } from '../modules/module.js';
import { appFiles } from './app-files.js';
import { demoSignInLines, demoUsers } from './demo-users.js';
import { inboxRoute } from './inbox.js';
import { liveStream } from './live-stream.js';
import { policyRoute } from './policy-view.js';
import { sessionRoutes } from './session-routes.js';
import { readWebSettings } from './settings.js';
import { userCommand } from './user-command.js';
import { saveUser } from './user-store.js';

async function seedDemo(ctx: ModuleContext): Promise<void> {
  const users = demoUsers(ctx.deps.policy().policy);
  for (const user of users) await saveUser(ctx.deps.db, user, ctx.deps.clock.now(), { replace: true });
  const lines = demoSignInLines(ctx.config.publicUrl, users);
  if (ctx.logger) ctx.logger.info({ users: users.map((u) => ({ email: u.email, role: u.role, password: u.password })) }, 'demo users ready to sign in');
  process.stdout.write(`\n${lines.join('\n')}\n\n`);
}

export const webModule: BatonModule = {
  name: 'web',
  routes(app, ctx, requireScope) {
    const settings = readWebSettings(ctx.env, ctx.config.publicUrl);
    sessionRoutes(app, ctx.deps.db, settings);
    liveStream(app, ctx.deps, requireScope);
    inboxRoute(app, ctx.deps, requireScope);
    policyRoute(app, ctx.deps, requireScope);
    appFiles(app, ctx.deps.db);
  },
  async start(ctx): Promise<Worker> {
    if (ctx.demo) await seedDemo(ctx);
    return { stop: async () => {} };
  },
  commands: () => [userCommand()],
};
