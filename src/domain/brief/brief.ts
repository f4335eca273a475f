/**
 * The lead brief: what a rep needs to make the call in two minutes, built at hand-off and stored
 * with the lead so the notification, the inbox and the lead page all show the same facts.
 */
import type { ActivitySummary, SummarizedActivity } from '../lead/activity-summary.js';
import type { Attribution, LeadProfile } from '../lead/profile.js';
import type { AccountMatch } from '../lead/subject.js';
import type { LeadScore } from '../scoring/score-item.js';
import { explainScore } from '../scoring/explain.js';

export interface LeadBrief {
  headline: string;
  who: {
    name: string;
    title?: string;
    email: string;
    phone?: string;
    company?: string;
    company_size?: number;
    industry?: string;
    location?: string;
    website?: string;
  };
  told_us: { question: string; answer: string }[];
  did: { summary: string; counts: Record<string, number>; recent: SummarizedActivity[]; telling: SummarizedActivity[] };
  score: { fit: number; engagement: number; total: number; drivers: string[] };
  source: Attribution;
  account?: { name: string; is_customer: boolean; owner?: string; match: string };
  why_you: string;
  priority: 'high' | 'normal';
  priority_reason: string;
  built_at: string;
}

export interface BriefInput {
  profile: LeadProfile;
  score: LeadScore;
  activity: ActivitySummary;
  account?: AccountMatch;
  priority: 'high' | 'normal';
  priorityReason: string;
  whyYou: string;
  now: Date;
}

export function buildBrief(input: BriefInput): LeadBrief {
  const { profile, score, activity, account } = input;
  const company = profile.company;
  const name = [profile.first_name, profile.last_name].filter(Boolean).join(' ') || profile.email;
  const location = [company.state, company.region, profile.country ?? company.country].filter(Boolean).join(', ');
  const headline = [name, profile.title, company.name].filter(Boolean).join(' · ');
  return {
    headline,
    who: {
      name,
      email: profile.email,
      ...(profile.title ? { title: profile.title } : {}),
      ...(profile.phone ? { phone: profile.phone } : {}),
      ...(company.name ? { company: company.name } : {}),
      ...(company.size !== undefined ? { company_size: company.size } : {}),
      ...(company.industry ? { industry: company.industry } : {}),
      ...(location ? { location } : {}),
      ...(company.website ?? company.domain ? { website: company.website ?? company.domain } : {}),
    },
    told_us: Object.entries(profile.answers).map(([question, answer]) => ({
      question: question.replaceAll('_', ' '),
      answer: String(answer),
    })),
    did: {
      summary: summarizeCounts(activity),
      counts: activity.counts,
      recent: activity.recent,
      telling: activity.telling,
    },
    score: { fit: score.fit, engagement: score.engagement, total: score.total, drivers: explainScore(score).slice(0, 6) },
    source: profile.attribution,
    ...(account
      ? {
          account: {
            name: account.name,
            is_customer: account.is_customer,
            ...(account.owner ? { owner: account.owner } : {}),
            match: `${account.method.replace('_', ' ')} (${Math.round(account.confidence * 100)}% confidence)`,
          },
        }
      : {}),
    why_you: input.whyYou,
    priority: input.priority,
    priority_reason: input.priorityReason,
    built_at: input.now.toISOString(),
  };
}

function summarizeCounts(activity: ActivitySummary): string {
  if (activity.total === 0) return 'No recorded activity yet.';
  const parts = Object.entries(activity.counts)
    .sort((a, b) => b[1] - a[1])
    .map(([type, count]) => `${count} × ${type.replaceAll('_', ' ')}`);
  return `${activity.total} activities: ${parts.join(', ')}.`;
}
