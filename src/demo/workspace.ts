/**
 * The demo workspace behind `npm start`: accounts (some customers, each owned by a rep of the
 * running policy), an admin API token kept in the data folder so it survives restarts, and a
 * backlog of sample leads so the first page has something on it.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { normalizeCompanyName } from '../domain/normalize/company-name.js';
import type { IntakeDeps } from '../intake/context.js';
import { upsertAccount } from '../store/account-store.js';
import { createToken } from '../store/token-store.js';
import { COMPANIES } from './sample-data.js';

export interface DemoWorkspace {
  token: string;
  tokenFile: string;
}

export async function seedDemoWorkspace(deps: IntakeDeps, stateDir: string): Promise<DemoWorkspace> {
  await mkdir(stateDir, { recursive: true });
  const tokenFile = path.join(stateDir, 'demo-token');
  const token = existsSync(tokenFile) ? (await readFile(tokenFile, 'utf8')).trim() : `bt_demo_${randomBytes(18).toString('base64url')}`;
  await createToken(deps.db, 'demo admin', ['admin'], deps.clock.now(), token);
  await writeFile(tokenFile, `${token}\n`, { mode: 0o600 });

  const reps = Object.keys(deps.policy().policy.reps);
  // Every third sample company is an existing account with an owner; every sixth a customer.
  for (const [i, company] of COMPANIES.entries()) {
    if (i % 3 !== 0 || reps.length === 0) continue;
    await upsertAccount(
      deps.db,
      {
        name: company.name,
        normalized_name: normalizeCompanyName(company.name),
        domain: company.domain,
        owner: reps[i % reps.length]!,
        is_customer: i % 6 === 0,
        segment: company.size >= 1000 ? 'enterprise' : 'smb',
      },
      deps.clock.now(),
    );
  }
  return { token, tokenFile };
}
