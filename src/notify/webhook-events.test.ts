import { describe, expect, it } from 'vitest';
import type { TailEvent } from '../store/event-tail.js';
import { subscribedEventTypes, webhookDeliveries, webhookType } from './webhook-events.js';

const event = (id: string, type: string): TailEvent => ({
  id,
  lead_id: '00000000-0000-4000-8000-000000000001',
  seq: Number(id),
  type,
  occurred_at: new Date('2026-03-10T14:00:00Z'),
  recorded_at: new Date('2026-03-10T14:00:00Z'),
  actor: 'system',
  policy_version: 1,
  data: { rep: 'ana' },
});

describe('webhooks for lead events', () => {
  it('names event types as lead.<what happened>', () => {
    expect(webhookType('lead_created')).toBe('lead.created');
    expect(webhookType('assigned')).toBe('lead.assigned');
    expect(webhookType('clock_breached')).toBe('lead.clock_breached');
  });

  it('makes one delivery per subscribed endpoint, keyed by event and endpoint, with a Standard Webhooks body', () => {
    const endpoints = [
      { id: 'crm', url: 'http://crm', secret: 'whsec_x', events: ['*'], source: 'policy' as const },
      { id: 'bi', url: 'http://bi', secret: 'whsec_y', events: ['lead.assigned'], source: 'api' as const },
    ];
    const deliveries = webhookDeliveries([event('7', 'lead_created'), event('8', 'assigned')], endpoints, new Date('2026-03-10T14:00:01Z'));
    expect(deliveries.map((d) => d.idempotency_key)).toEqual(['ev7.crm', 'ev8.crm', 'ev8.bi']);
    const content = JSON.parse(deliveries[1]!.content) as { body: string };
    expect(JSON.parse(content.body)).toEqual({
      type: 'lead.assigned',
      timestamp: '2026-03-10T14:00:00.000Z',
      data: expect.objectContaining({ event_id: '8', lead_id: '00000000-0000-4000-8000-000000000001', event: 'assigned', data: { rep: 'ana' } }),
    });
  });

  it('asks the log only for the types the endpoints subscribe to', () => {
    const types = subscribedEventTypes([{ events: ['lead.created'] }, { events: ['lead.assigned', 'lead.clock_breached'] }]);
    for (const type of ['lead_created', 'assigned', 'clock_breached']) expect(types).toContain(type);
    expect(types!.filter((t) => webhookType(t) === 'lead.created' || webhookType(t) === 'lead.assigned').length).toBeGreaterThan(0);
    expect(types).not.toContain('activity_recorded');
    expect(subscribedEventTypes([])).toEqual([]);
    expect(subscribedEventTypes([{ events: ['lead.assigned'] }, { events: ['*'] }])).toBeUndefined();
  });
});
