/**
 * A compact, incrementally kept summary of what a person did, so the brief and the inbox never
 * read the whole event history: counts per activity type, the latest few, and the most telling.
 */
import type { Activity } from './activity.js';

export interface SummarizedActivity {
  type: string;
  at: string;
  url?: string;
  title?: string;
  /** Engagement points the activity earned when it happened. */
  points: number;
}

export interface ActivitySummary {
  total: number;
  counts: Record<string, number>;
  first_at?: string;
  last_at?: string;
  recent: SummarizedActivity[];
  telling: SummarizedActivity[];
}

const KEEP = 5;

export const EMPTY_ACTIVITY_SUMMARY: ActivitySummary = { total: 0, counts: {}, recent: [], telling: [] };

export function summarizeActivity(summary: ActivitySummary, activity: Activity, points: number): ActivitySummary {
  const item: SummarizedActivity = {
    type: activity.type,
    at: activity.occurred_at,
    ...(activity.url ? { url: activity.url } : {}),
    ...(activity.title ? { title: activity.title } : {}),
    points,
  };
  const recent = [...summary.recent, item].sort((a, b) => b.at.localeCompare(a.at)).slice(0, KEEP);
  const telling =
    points > 0
      ? [...summary.telling, item].sort((a, b) => b.points - a.points || b.at.localeCompare(a.at)).slice(0, KEEP)
      : summary.telling;
  return {
    total: summary.total + 1,
    counts: { ...summary.counts, [activity.type]: (summary.counts[activity.type] ?? 0) + 1 },
    first_at: !summary.first_at || activity.occurred_at < summary.first_at ? activity.occurred_at : summary.first_at,
    last_at: !summary.last_at || activity.occurred_at > summary.last_at ? activity.occurred_at : summary.last_at,
    recent,
    telling,
  };
}
