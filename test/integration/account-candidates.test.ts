/**
 * A group of lead submissions looks up all its leads' accounts with one statement
 * (accountCandidatesForEach); each lead must get exactly the accounts its own keys select.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeCompanyName } from '../../src/domain/normalize/company-name.js';
import { accountCandidatesForEach, upsertAccount } from '../../src/store/account-store.js';
import { inTransaction } from '../../src/store/transaction.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ workers: false });
  const now = new Date();
  const account = (name: string, domain?: string) =>
    upsertAccount(t.app.deps.db, { name, normalized_name: normalizeCompanyName(name), ...(domain ? { domain } : {}), is_customer: false }, now);
  // More accounts under one name than a lead is matched against, stored ahead of the others.
  for (let i = 0; i < 120; i++) await account('Crowd', `crowd-${i}.example.com`);
  await account('Solo Works', 'solo.example.com');
  await account('Other Works', 'other.example.com');
  await account('Named Only Ltd');
});
afterAll(async () => {
  await t?.close();
});

const lookUp = (keys: { domains: string[]; normalizedNames: string[] }[]) =>
  inTransaction(t.app.deps.db, (tx) => accountCandidatesForEach(tx, keys));
const names = (candidates: { name: string }[]) => candidates.map((c) => c.name).sort();

describe('accountCandidatesForEach', () => {
  it("gives each lead the accounts of its own keys, not its group's", async () => {
    const [solo, named, nobody, both] = await lookUp([
      { domains: ['solo.example.com'], normalizedNames: [] },
      { domains: [], normalizedNames: [normalizeCompanyName('Named Only Ltd')] },
      { domains: ['nowhere.example.com'], normalizedNames: [] },
      { domains: ['other.example.com'], normalizedNames: [normalizeCompanyName('Solo Works')] },
    ]);
    expect(names(solo!)).toEqual(['Solo Works']);
    expect(names(named!)).toEqual(['Named Only Ltd']);
    expect(nobody).toEqual([]);
    expect(names(both!)).toEqual(['Other Works', 'Solo Works']);
  });

  it('still finds a lead its accounts when another lead of the group matches more than the limit', async () => {
    const [crowd, solo] = await lookUp([
      { domains: [], normalizedNames: [normalizeCompanyName('Crowd')] },
      { domains: ['solo.example.com'], normalizedNames: [] },
    ]);
    expect(crowd).toHaveLength(50);
    expect(names(solo!)).toEqual(['Solo Works']);
  });

  it('asks nothing for leads with no keys', async () => {
    expect(await lookUp([{ domains: [], normalizedNames: [] }, { domains: [], normalizedNames: [] }])).toEqual([[], []]);
  });
});
