import { describe, expect, it } from 'vitest';
import { compileCondition } from './compile.js';
import type { ConditionSubject } from './condition.js';
import { conditionPredicate, evaluateCondition, evaluateNode } from './evaluate.js';

function holds(source: string, subject: ConditionSubject): boolean {
  const result = compileCondition(source);
  if (!result.ok) throw new Error(`expected "${source}" to compile, got: ${result.error}`);
  return evaluateCondition(result.condition, subject);
}

const lead = {
  title: 'VP of Sales',
  country: 'de',
  free_email: false,
  professional_email: true,
  company: { name: 'Müller GmbH', size: '25', country: ' us ', annual_revenue: 1_200_000 },
  answers: { budget: 'yes', interests: ['CRM', 'API'], seats: ['10', '50'], timeline: '' },
  score: { fit: 40, engagement: 0, total: 40 },
};

describe('evaluateCondition: missing fields', () => {
  it('treats a missing company size as not matching >= 20', () => {
    expect(holds('company.size >= 20', { company: {} })).toBe(false);
    expect(holds('company.size >= 20', {})).toBe(false);
  });

  it.each([
    ['company.industry = saas', false],
    ['company.industry in [saas, fintech]', false],
    ['company.industry < 5', false],
    ['company.industry between 1 and 5', false],
    ['company.industry matches /.*/', false],
    ['company.industry like "*"', false],
    ['company.industry contains a', false],
    ['company.industry starts with a', false],
    ['company.industry ends with a', false],
    ['company.industry', false],
    ['company.industry exists', false],
    ['company.industry is missing', true],
    ['company.industry != saas', true],
    ['company.industry not in [saas, fintech]', true],
    ['company.industry not contains a', true],
  ])('on a missing field, %s is %s', (source, expected) => {
    expect(holds(source, lead)).toBe(expected);
    expect(holds(source, { ...lead, company: { ...lead.company, industry: null } })).toBe(expected);
  });

  it('treats a path through a value that is not an object as missing', () => {
    expect(holds('title.length > 3', lead)).toBe(false);
    expect(holds('company.name.first is missing', lead)).toBe(true);
  });

  it('does not mistake names inherited from Object for fields', () => {
    expect(holds('constructor exists', lead)).toBe(false);
    expect(holds('company.toString', lead)).toBe(false);
    expect(holds('company.hasOwnProperty is missing', lead)).toBe(true);
    expect(holds('valueOf = x', { valueOf: 'x' })).toBe(true);
  });

  it('lets "in [.., null]" and "= null" match a missing field', () => {
    expect(holds('company.industry in [saas, null]', lead)).toBe(true);
    expect(holds('company.industry = null', lead)).toBe(true);
  });
});

describe('evaluateCondition: text', () => {
  it('compares text ignoring case and surrounding spaces', () => {
    expect(holds('company.country = US', lead)).toBe(true);
    expect(holds('company.country in [ca, "Us"]', lead)).toBe(true);
    expect(holds('company.country != us', lead)).toBe(false);
    expect(holds('company.country not in [US]', lead)).toBe(false);
  });

  it('compares unicode text', () => {
    expect(holds('company.name = "Müller GmbH"', lead)).toBe(true);
    expect(holds('company.name = "MÜLLER GMBH"', lead)).toBe(true);
    expect(holds('company.name = "Muller GmbH"', lead)).toBe(false);
    expect(holds('company.name contains müller', lead)).toBe(true);
  });

  it('finds text inside, at the start of and at the end of a value, ignoring case', () => {
    expect(holds('title contains "SALES"', lead)).toBe(true);
    expect(holds('title starts with "vp "', lead)).toBe(true);
    expect(holds('title ends with Sales', lead)).toBe(true);
    expect(holds('title starts with sales', lead)).toBe(false);
    expect(holds('company.name ends with " gmbh"', lead)).toBe(true);
    expect(holds('title contains intern', lead)).toBe(false);
  });

  it('matches a regular expression as written, flags included', () => {
    expect(holds('title matches /^vp/', lead)).toBe(false);
    expect(holds('title matches /^vp/i', lead)).toBe(true);
    expect(holds('title matches /^vp.of/', { title: 'VP\nof' })).toBe(false);
    expect(holds('title matches /^vp.of$/is', { title: 'VP\nof' })).toBe(true);
    expect(holds('title matches /^of$/m', { title: 'VP\nof' })).toBe(true);
    expect(holds('company.annual_revenue matches /^1\\d{6}$/', lead)).toBe(true);
  });

  it('gives the same answer every time, even for a regular expression written with /g', () => {
    const result = compileCondition('title matches /sales/gi');
    if (!result.ok) throw new Error(result.error);
    const answers = [1, 2, 3].map(() => evaluateCondition(result.condition, lead));
    expect(answers).toEqual([true, true, true]);
    const handBuilt = { op: 'matches', field: 'title', pattern: /sales/gi } as const;
    expect([1, 2, 3].map(() => evaluateNode(handBuilt, lead))).toEqual([true, true, true]);
  });

  it('matches a glob against the whole value, ignoring case', () => {
    const visit = { event: { path: '/Pricing/enterprise' } };
    expect(holds('event.path like "/pricing*"', visit)).toBe(true);
    expect(holds('event.path like "/pricing"', visit)).toBe(false);
    expect(holds('event.path like "*enterprise"', visit)).toBe(true);
    expect(holds('event.path like "/pricing/enterpris?"', visit)).toBe(true);
    expect(holds('event.path like "pricing*"', visit)).toBe(false);
  });
});

describe('evaluateCondition: numbers', () => {
  it('compares a number with a numeric string as numbers', () => {
    expect(holds('company.size >= 20', lead)).toBe(true);
    expect(holds('company.size < 20', lead)).toBe(false);
    expect(holds('company.size = 25', lead)).toBe(true);
    expect(holds('company.size = "25.0"', lead)).toBe(true);
    expect(holds('company.size > 5', { company: { size: ' 25 ' } })).toBe(true);
    expect(holds('zip = 02134', { zip: '2134' })).toBe(true);
  });

  it('treats text that is not a number as failing <, >, and between', () => {
    for (const size of ['large', '25 employees', '', '   ', true]) {
      expect(holds('company.size > 5', { company: { size } })).toBe(false);
      expect(holds('company.size <= 5', { company: { size } })).toBe(false);
      expect(holds('company.size between -100 and 100', { company: { size } })).toBe(false);
    }
  });

  it('includes both ends of a between', () => {
    expect(holds('company.size between 25 and 30', lead)).toBe(true);
    expect(holds('company.size between 10 and 25', lead)).toBe(true);
    expect(holds('company.size between 26 and 30', lead)).toBe(false);
    expect(holds('score.total between 39.5 and 40.5', lead)).toBe(true);
  });

  it('compares negative and decimal numbers', () => {
    expect(holds('score.delta < -1.5', { score: { delta: -2 } })).toBe(true);
    expect(holds('score.delta >= -1.5', { score: { delta: '-1.5' } })).toBe(true);
  });
});

describe('evaluateCondition: booleans and truthiness', () => {
  it('matches true/false against booleans and yes/no answers', () => {
    expect(holds('free_email = false', lead)).toBe(true);
    expect(holds('answers.budget = true', lead)).toBe(true);
    expect(holds('answers.budget = false', { answers: { budget: 'No' } })).toBe(true);
    expect(holds('answers.budget = true', { answers: { budget: 'TRUE' } })).toBe(true);
    expect(holds('professional_email = yes', lead)).toBe(true);
    expect(holds('professional_email = "no"', lead)).toBe(false);
    expect(holds('professional_email in [false, maybe]', lead)).toBe(false);
  });

  it.each<[unknown, boolean]>([
    [true, true],
    [false, false],
    [1, true],
    [-3, true],
    [0, false],
    [Number.NaN, false],
    ['yes', true],
    ['acme', true],
    ['', false],
    ['  ', false],
    ['false', false],
    ['No', false],
    ['0', false],
    [['a'], true],
    [[], false],
    [{}, true],
    [null, false],
    [undefined, false],
  ])('treats %j as %s when a bare field is the condition', (value, expected) => {
    expect(holds('flag', { flag: value })).toBe(expected);
    expect(holds('not flag', { flag: value })).toBe(!expected);
  });

  it('evaluates the constants true and false', () => {
    expect(holds('true', {})).toBe(true);
    expect(holds('false or true and false', {})).toBe(false);
  });
});

describe('evaluateCondition: lists as values', () => {
  it('matches a multi-valued answer when any item matches', () => {
    expect(holds('answers.interests = api', lead)).toBe(true);
    expect(holds('answers.interests in [billing, crm]', lead)).toBe(true);
    expect(holds('answers.interests contains "pi"', lead)).toBe(true);
    expect(holds('answers.seats > 40', lead)).toBe(true);
    expect(holds('answers.interests matches /^a/i', lead)).toBe(true);
  });

  it('holds != and not in only when no item matches', () => {
    expect(holds('answers.interests != api', lead)).toBe(false);
    expect(holds('answers.interests not in [billing]', lead)).toBe(true);
  });
});

describe('evaluateCondition: combining', () => {
  it('evaluates "a or b and c" as "a or (b and c)"', () => {
    expect(holds('a or b and c', { a: true, b: false, c: false })).toBe(true);
    expect(holds('(a or b) and c', { a: true, b: false, c: false })).toBe(false);
  });

  it('evaluates the example fit rule from the docs', () => {
    const rule = 'company.size between 20 and 5000 and company.country in [US, CA] and not free_email';
    expect(holds(rule, lead)).toBe(true);
    expect(holds(rule, { ...lead, free_email: true })).toBe(false);
  });

  it('reads nested event properties', () => {
    const activity = { event: { type: 'form_submitted', properties: { plan: 'Enterprise', form_id: 'demo' } } };
    expect(holds('event.properties.plan = enterprise and event.properties.form_id = demo', activity)).toBe(true);
    expect(holds('event.properties.missing.deeper exists', activity)).toBe(false);
  });

  it('gives the same answers through the reusable predicate', () => {
    const result = compileCondition('company.size >= 20 and title matches /vp/i');
    if (!result.ok) throw new Error(result.error);
    const predicate = conditionPredicate(result.condition);
    expect(predicate(lead)).toBe(true);
    expect(predicate({ ...lead, title: 'Intern' })).toBe(false);
  });

  it('evaluates a hand-built node, treating = null as is missing', () => {
    expect(evaluateNode({ op: 'eq', field: 'phone', value: null }, {})).toBe(true);
    expect(evaluateNode({ op: 'ne', field: 'phone', value: null }, { phone: '1' })).toBe(true);
    expect(evaluateNode({ op: 'and', args: [] }, {})).toBe(true);
    expect(evaluateNode({ op: 'or', args: [] }, {})).toBe(false);
  });
});
