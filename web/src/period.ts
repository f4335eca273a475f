/** The dashboard's period and breakdown, kept in the URL (?from=&to=&by=) so every view can be linked. */
export interface DashboardQuery {
  from: string;
  to: string;
  by: string;
}

const DAY = 86_400_000;

export const PRESETS = [
  { days: 7, label: 'Last 7 days' },
  { days: 30, label: 'Last 30 days' },
  { days: 90, label: 'Last 90 days' },
];

/** Whole UTC days ending today: `to` is a date, which the API reads as the end of that day. */
export function lastDays(days: number, now = Date.now()): { from: string; to: string } {
  const to = new Date(now).toISOString().slice(0, 10);
  const from = new Date(now - (days - 1) * DAY).toISOString().slice(0, 10);
  return { from, to };
}

export function dashboardQuery(search: URLSearchParams): DashboardQuery {
  const fallback = lastDays(30);
  return { from: search.get('from') ?? fallback.from, to: search.get('to') ?? fallback.to, by: search.get('by') ?? '' };
}

export const BREAKDOWNS = [
  { value: '', label: 'None' },
  { value: 'rep', label: 'Rep' },
  { value: 'team', label: 'Team' },
  { value: 'pool', label: 'Pool' },
  { value: 'source', label: 'Source' },
  { value: 'segment', label: 'Segment' },
  { value: 'priority', label: 'Priority' },
  { value: 'score_band', label: 'Score band' },
];

/** The dashboard link to the leads behind a number. */
export function leadsHref(q: Pick<DashboardQuery, 'from' | 'to'>, params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...params, from: q.from, to: q.to })) if (v !== undefined && v !== '') search.set(k, v);
  return `/dashboard/leads?${search.toString()}`;
}
