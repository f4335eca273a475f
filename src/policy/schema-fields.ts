/**
 * The single values a policy is made of: ids, conditions, durations, dates, working hours and
 * percentages. Each one parses the text as written into what the engine uses, and each carries
 * the hint an error message shows ("expected a duration such as 90s, …").
 */
import { z } from 'zod';
import { compileCondition } from '../domain/conditions/compile.js';
import type { Condition } from '../domain/conditions/condition.js';
import { DURATION_HINT, parseDuration, type Duration } from '../domain/time/duration.js';

const ID_HINT = 'an id of ASCII letters, digits, "-", "_" or "." (e.g. enterprise-na)';
export const id = z
  .string({ error: ID_HINT })
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, ID_HINT);

export const conditionSchema = z
  .string({ error: 'a condition such as "company.size >= 20", written as text' })
  .min(1, 'a condition such as "company.size >= 20"')
  .transform((source, ctx): Condition => {
    const compiled = compileCondition(source);
    if (!compiled.ok) {
      // The whole message, as the policy error mapper shows `custom` issues as written.
      ctx.addIssue({ code: 'custom', message: `invalid condition ${JSON.stringify(source)}: ${compiled.error}` });
      return z.NEVER;
    }
    return compiled.condition;
  })
  .meta({ description: 'A condition, e.g. "company.size between 200 and 5000 and company.country in [US, CA]"' });

export const durationSchema = z
  .string({ error: DURATION_HINT })
  .transform((source, ctx): Duration => {
    const duration = parseDuration(source);
    if (!duration) {
      ctx.addIssue({ code: 'custom', message: `expected ${DURATION_HINT}, got "${source}"` });
      return z.NEVER;
    }
    return duration;
  })
  .meta({ description: DURATION_HINT });

export const isoDate = z.string({ error: 'a date as YYYY-MM-DD' }).regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
export const timeRange = z
  .string({ error: 'working hours as "HH:MM-HH:MM" in quotes, e.g. "09:00-17:30"' })
  .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$/, 'working hours as "HH:MM-HH:MM", e.g. "09:00-17:30"');
/** Weekday keys: a day (`mon`), a range (`mon-fri`) or a list (`mon,wed,fri`). */
export const weekdays = z
  .string()
  .regex(
    /^(mon|tue|wed|thu|fri|sat|sun)(-(mon|tue|wed|thu|fri|sat|sun)|(,(mon|tue|wed|thu|fri|sat|sun))*)$/,
    'weekdays such as "mon-fri", "sat" or "mon,wed"',
  );

export const percent = z
  .string({ error: 'a percentage such as "85%"' })
  .regex(/^\d+(\.\d+)?%$/, 'a percentage such as "85%"')
  .refine((s) => Number(s.slice(0, -1)) <= 100, { error: (issue) => `expected a percentage from 0% to 100%, got "${String(issue.input)}"` })
  .transform((s) => Number(s.slice(0, -1)) / 100);
export const percentRange = z
  .string({ error: 'a range of percentages such as "50%..70%"' })
  .regex(/^\d+(\.\d+)?%\.\.\d+(\.\d+)?%$/, 'a range of percentages such as "50%..70%"')
  .refine((s) => {
    const [low, high] = s.split('..').map((p) => Number(p.slice(0, -1))) as [number, number];
    return low <= high && high <= 100;
  }, { error: (issue) => `expected a range from a lower to a higher percentage of at most 100% (e.g. "50%..70%"), got "${String(issue.input)}"` })
  .transform((s) => {
    const [low, high] = s.split('..').map((p) => Number(p.slice(0, -1)) / 100) as [number, number];
    return { low, high };
  });
export const target = z.union([percentRange, percent.transform((min) => ({ low: min, high: 1 }))]);
