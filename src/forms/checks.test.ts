import { describe, expect, it } from 'vitest';
import { loadPolicyFile } from '../policy/load.js';
import { checkForms } from './checks.js';

const example = async () => {
  const loaded = await loadPolicyFile(new URL('../../examples/baton.policy.yaml', import.meta.url).pathname);
  if (!loaded.ok) throw new Error('example policy rejected');
  return loaded.policy;
};

describe('checkForms', () => {
  it('finds nothing wrong in the example policy', async () => {
    expect(checkForms(await example())).toEqual([]);
  });

  it('names a site that does not exist and an activity that earns nothing', async () => {
    const policy = await example();
    const contact = policy.forms.contact!;
    const broken = { ...policy, forms: { contact: { ...contact, site: 'shop', activity: 'newsletter_signup' } } };
    expect(checkForms(broken)).toEqual([
      { path: ['forms', 'contact', 'site'], level: 'error', message: 'no site "shop" under tracking.sites (sites: www, docs)' },
      { path: ['forms', 'contact', 'activity'], level: 'warning', message: expect.stringContaining('earns no points') },
    ]);
  });
});
