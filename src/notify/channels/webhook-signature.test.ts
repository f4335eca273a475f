import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { signWebhook } from './webhook-signature.js';

describe('signWebhook', () => {
  it('gives the signature the standardwebhooks library gives, and that it verifies', () => {
    for (let i = 0; i < 50; i++) {
      const secret = `whsec_${randomBytes(16 + i).toString('base64')}`;
      const id = `ob${i}.webhook.crm`;
      const at = new Date(1_795_000_000_000 + i * 1_234_567);
      const body = JSON.stringify({ type: 'lead.assigned', data: { lead_id: `l${i}`, name: 'Zoë “Ünïcode” 名前' } });
      const signature = signWebhook(secret, id, at, body);
      expect(signature).toBe(new Webhook(secret).sign(id, at, body));
      const headers = { 'webhook-id': id, 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': '' };
      headers['webhook-signature'] = signWebhook(secret, id, new Date(Number(headers['webhook-timestamp']) * 1000), body);
      expect(() => new Webhook(secret).verify(body, headers)).not.toThrow();
    }
  });
});
