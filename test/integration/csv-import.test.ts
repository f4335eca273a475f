import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMapOption } from '../../src/import/columns.js';
import { importCsv } from '../../src/import/csv-import.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let dir: string;
beforeAll(async () => {
  t = await startTestApp();
  dir = await mkdtemp(path.join(tmpdir(), 'baton-import-'));
});
afterAll(async () => {
  await t?.close();
});

async function csv(name: string, text: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, text);
  return file;
}

describe('baton import', () => {
  it('imports leads with loosely named columns and reports every rejected row with its line', async () => {
    const file = await csv(
      'leads.csv',
      'E-mail Address,First Name,Company,Employees,Country,Budget,Event\n' +
        'ana@acme-widgets.com,Ana,Acme Widgets,500,United States,50k,demo_requested\n' +
        'bad-email,Bob,Foo,10,US,,\n' +
        'zoe@litware.co.uk,Zoë,Litware,lots,GB,,\n' +
        '"ben@northwind-traders.com","Ben","Northwind, Inc.",1800,US,,\n',
    );
    const summary = await importCsv(t.app.deps, file, { kind: 'leads', map: parseMapOption('Budget=answers.budget'), actor: 'test' });
    expect(summary).toMatchObject({ rows: 4, created: 2, updated: 0 });
    expect(summary.rejected).toEqual([
      { line: 3, errors: [expect.objectContaining({ path: 'email' })] },
      { line: 4, errors: [expect.objectContaining({ path: 'company.size' })] },
    ]);
    const leads = await t.api('GET', '/api/v1/leads?limit=10');
    const ana = leads.body.leads.find((l: { email: string }) => l.email === 'ana@acme-widgets.com');
    expect(ana).toMatchObject({ stage: 'mql', priority: 'high', company: 'Acme Widgets' });
    const detail = await t.api('GET', `/api/v1/leads/${ana.id}`);
    expect(detail.body.profile.answers).toEqual({ budget: '50k' });
  });

  it('imports activity events in batches and accounts with owners', async () => {
    const accounts = await csv('accounts.csv', 'Company,Website,Owner,Customer\nLitware Ltd,https://litware.co.uk,eli,yes\n');
    expect(await importCsv(t.app.deps, accounts, { kind: 'accounts', map: new Map(), actor: 'test' })).toMatchObject({ created: 1, rejected: [] });
    const events = await csv('events.csv', 'email,type,url,event_id\nana@acme-widgets.com,page_viewed,https://x.example/pricing,e1\nana@acme-widgets.com,page_viewed,https://x.example/pricing,e1\nnobody@else.com,page_viewed,,\n');
    const summary = await importCsv(t.app.deps, events, { kind: 'events', map: new Map(), actor: 'test' });
    expect(summary).toMatchObject({ rows: 3, created: 1, duplicates: 1 });
    expect(summary.rejected).toEqual([{ line: 4, errors: [expect.objectContaining({ message: expect.stringContaining('no lead with e-mail nobody@else.com') })] }]);
  });

  it('refuses a --map that names a column the file does not have', async () => {
    const file = await csv('small.csv', 'email\na@b-company.com\n');
    await expect(importCsv(t.app.deps, file, { kind: 'leads', map: parseMapOption('Mail=email'), actor: 'test' })).rejects.toThrow(/names the column "Mail"/);
  });
});
