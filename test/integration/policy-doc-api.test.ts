/**
 * The SLA document rendered from the running policy (API and `baton policy doc`), and the policy
 * history the web app's policy page reads: versions and line diffs between them.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policyCommand } from '../../src/cli/commands/policy.js';
import { metricsPolicyFile } from '../support/history.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let policyFile: string;

beforeAll(async () => {
  policyFile = await metricsPolicyFile();
  t = await startTestApp({ policyFile, workers: false });
});
afterAll(async () => {
  await t?.close();
});

async function runCli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  let failed = false;
  await policyCommand({ out: (l) => out.push(l), err: (l) => err.push(l), fail: () => (failed = true) }).parseAsync(['node', 'baton', ...args]);
  return { out: out.join('\n'), err: err.join('\n'), failed };
}

describe('the SLA document', () => {
  it('renders every part of the running policy in Markdown, with its version and hash', async () => {
    const { status, body, headers } = await t.api('GET', '/api/v1/policy/doc?format=md', undefined, { token: t.readToken });
    expect(status).toBe(200);
    expect(headers.get('content-type')).toMatch(/^text\/markdown/);
    const { version, hash } = t.app.running;
    expect(body).toContain(`_Policy version ${version} · hash ${hash.slice(0, 12)}`);
    expect(body).toContain(`| Hash (SHA-256 of the canonical policy) | \`${hash}\` |`);
    for (const part of ['## Stages', '## When a lead is marketing-qualified (MQL)', '### Fit criteria', '## Scoring', '## Routing', '### Pools', '## Service levels (SLA clocks)', '## Escalation', '## Reason codes', '## Targets']) {
      expect(body).toContain(part);
    }
    expect(body).toContain('| `company.size between 200 and 5000` | +20 | mid-market size |  |');
    expect(body).toContain('| `first_touch`, standard | from assignment to the first contact attempt | 4 business hours (`4bh`) |');
    expect(body).toContain('2. **Enterprise NA**: pool `enterprise` when `company.size >= 1000 and company.country in [US, CA]`');
    expect(body).toContain('| `enterprise` | weighted round robin | Ana Ruiz ×2, Ben Ode | none | working hours only |');
    expect(body).toContain('| `wrong_company_size` | wrong company size | nurture |');
    expect(body).toContain('| MQL → SAL acceptance rate | 50 % to 70 % |');
    expect(body).toContain('| Ana Ruiz | `ana` | east | Mia Chen | office |');
  });

  it('renders the same as a self-contained HTML page', async () => {
    const { status, body, headers } = await t.api('GET', '/api/v1/policy/doc');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toMatch(/^text\/html/);
    expect(body).toMatch(/^<!doctype html>/);
    expect(body).toContain('<h2>Escalation</h2>');
    expect(body).toContain('<code>wrong_company_size</code>');
    expect(body).not.toMatch(/<(script|link|img)\b/i);
  });

  it('is what `baton policy doc` writes for the same file', async () => {
    const md = await runCli('doc', policyFile, '--no-db');
    expect(md.failed).toBe(false);
    expect(md.out).toContain(`hash ${t.app.running.hash.slice(0, 12)}`);
    expect(md.out).toContain('not yet published');
    expect(md.out).toContain('## Reason codes');
    const out = path.join(await mkdtemp(path.join(tmpdir(), 'baton-doc-')), 'sla.html');
    const html = await runCli('doc', policyFile, '--no-db', '--format', 'html', '--out', out);
    expect(html.out).toBe(`wrote ${out}`);
    expect(await readFile(out, 'utf8')).toContain('<h2>Targets</h2>');
    const broken = await runCli('doc', '/nowhere/baton.policy.yaml', '--no-db');
    expect(broken.failed).toBe(true);
    expect(broken.err).toContain('no policy file at /nowhere/baton.policy.yaml');
  });
});

describe('policy versions', () => {
  it('lists published versions and diffs their sources line by line', async () => {
    const db = t.app.deps.db;
    const first = t.app.running.version;
    const source = (await db.selectFrom('policy_versions').select('source').where('version', '=', first).executeTakeFirstOrThrow()).source;
    const edited = source.replace('accept_or_reject: 4bh', 'accept_or_reject: 2bh');
    expect(edited).not.toBe(source);
    await db.insertInto('policy_versions').values({ hash: 'second', file: 'policy.yaml', source: edited, published_at: new Date() }).execute();

    const list = (await t.api('GET', '/api/v1/policy/versions')).body;
    expect(list.running).toBe(first);
    expect(list.versions.map((v: { version: number }) => v.version)).toEqual([first + 1, first]);

    const { status, body } = await t.api('GET', `/api/v1/policy/versions/${first + 1}?diff_from=${first}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ version: first + 1, hash: 'second', source: edited, diff_from: first, added: 1, removed: 1 });
    expect(body.diff.filter((l: { op: string }) => l.op !== ' ')).toEqual([
      { op: '-', text: '  accept_or_reject: 4bh', old: expect.any(Number) },
      { op: '+', text: '  accept_or_reject: 2bh', new: expect.any(Number) },
    ]);
    expect((await t.api('GET', `/api/v1/policy/versions/${first}`)).body).not.toHaveProperty('diff');
    expect((await t.api('GET', '/api/v1/policy/versions/99')).status).toBe(404);
    expect((await t.api('GET', `/api/v1/policy/versions/${first}?diff_from=99`)).status).toBe(404);
    expect((await t.api('GET', '/api/v1/policy/versions/latest')).status).toBe(400);
  });
});
