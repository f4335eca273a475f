import { describe, expect, it } from 'vitest';
import { formAnalytics } from './analytics.js';

describe('formAnalytics', () => {
  it('puts a rate next to each count and orders questions as the form asks them', () => {
    const result = formAnalytics(
      {
        views: 200,
        starts: 80,
        submissions: 50,
        spam: 3,
        bots: 1,
        fields: [
          { field: 'company.name', shown: 200, answered: 60, abandoned_here: 20 },
          { field: 'email', shown: 200, answered: 75, abandoned_here: 10 },
        ],
        by_question_count: [
          { questions: 2, views: 120, submissions: 40 },
          { questions: 3, views: 80, submissions: 10 },
        ],
      },
      ['email', 'first_name', 'company.name'],
    );
    expect(result).toMatchObject({ start_rate: 0.4, completion_rate: 0.625, conversion_rate: 0.25, dropped: { spam: 3, bots: 1 } });
    expect(result.fields.map((f) => [f.field, f.answer_rate, f.drop_off_rate])).toEqual([
      ['email', 0.375, 0.125],
      ['company.name', 0.3, 0.25],
    ]);
    expect(result.by_question_count.map((b) => b.conversion_rate)).toEqual([0.333, 0.125]);
  });

  it('gives no rate rather than a division by zero for a form nobody saw', () => {
    const result = formAnalytics({ views: 0, starts: 0, submissions: 0, spam: 0, bots: 0, fields: [], by_question_count: [] }, []);
    expect(result).toMatchObject({ start_rate: null, completion_rate: null, conversion_rate: null });
  });
});
