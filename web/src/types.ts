/** The API's answers as the pages read them (see /work/HELPERS.md contracts and src/web/*.ts). */
export type Role = 'admin' | 'manager' | 'rep';

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  rep?: string;
  manager?: string;
}

export interface ReasonCode {
  code: string;
  label: string;
  to?: string;
}

export interface Target {
  low: number;
  high: number;
}

export interface PolicyView {
  name: string;
  version: number;
  hash: string;
  file: string;
  reps: { id: string; name: string; email: string; team: string | null; manager: string | null }[];
  managers: { id: string; name: string; email: string }[];
  stages: { all: string[]; open: string[]; definitions: Record<string, string> };
  reasons: { reject: ReasonCode[]; disposition: ReasonCode[] };
  contact: { channels: string[]; outcomes: string[] };
  sla: { calendar: string; route: string; first_touch: { high_intent: string; standard: string }; accept_or_reject: string; attempts_before_recycle: number };
  escalation: { clock: string; at: string; do: string[] }[];
  targets: { acceptance_rate: Target | null; response_time: string | null; sla_compliance: Target | null; mql_to_opportunity: Target | null };
  source: string | null;
}

export interface Score {
  fit: number;
  engagement: number;
  total: number;
}

export interface InboxLead {
  id: string;
  email: string;
  name: string | null;
  title: string | null;
  company: string | null;
  stage: string;
  priority: 'high' | 'normal';
  owner: string | null;
  score: Score;
  assigned_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface Clock {
  clock: string;
  rep?: string;
  status: 'open' | 'met' | 'breached' | 'cancelled';
  started_at: string;
  due_at: string;
  stopped_at?: string;
  elapsed_ms?: number;
  business_ms?: number;
}

export interface ClockWithLead extends Clock {
  lead: { id: string; email: string; name: string | null; company: string | null; priority: string; total_score: number; stage: string; owner: string | null };
}

export interface ScoreItem {
  kind: 'fit' | 'engagement';
  rule: string;
  reason: string;
  points: number;
  raw?: number;
  capped?: string;
  cap?: number;
  group?: string;
  count?: number;
  decayed?: boolean;
}

export interface TimelineEvent {
  seq: number;
  type: string;
  occurred_at: string;
  recorded_at: string;
  actor: string;
  policy_version: number;
  data: Record<string, unknown>;
}

export interface Brief {
  headline: string;
  who: { name: string; title?: string; email: string; phone?: string; company?: string; company_size?: number; industry?: string; location?: string; website?: string };
  told_us: { question: string; answer: string }[];
  did: { summary: string; counts: Record<string, number>; recent: { type: string; at?: string; occurred_at?: string; url?: string; label?: string }[] };
  score: Score & { drivers: string[] };
  account?: { name: string; is_customer: boolean; owner?: string; match: string };
  why_you: string;
  priority: 'high' | 'normal';
  priority_reason: string;
}

export interface LeadView {
  id: string;
  email: string;
  stage: string;
  priority: 'high' | 'normal';
  owner: string | null;
  queue: string | null;
  profile: { first_name?: string; last_name?: string; title?: string; phone?: string; company?: { name?: string; size?: number; domain?: string; country?: string; industry?: string } };
  score: Score & { items: ScoreItem[] };
  account: { account_id: string; name: string; owner?: string; is_customer: boolean; segment?: string; method: string; confidence: number } | null;
  assignment: { rep: string; via: string; step_name: string; pool?: string; explanation: string; at: string } | null;
  qualification: { via: string; reason: string; at: string } | null;
  brief: Brief | null;
  policy_version: number;
  created_at: string;
  updated_at: string;
  assigned_at: string | null;
  timeline: TimelineEvent[];
}

export interface Rep {
  id: string;
  name: string;
  email: string;
  team: string | null;
  manager: string | null;
  timezone?: string;
  away: boolean;
  out_of_office_now: boolean;
  open_leads: number;
  assigned_today: number;
  caps: { open: number | null; per_day: number | null };
}

export interface Escalation {
  lead_id: string;
  clock: string;
  step: number;
  at: string;
  actions: string[];
  rep?: string;
  occurred_at: string;
}

export interface RateMetric {
  value: number | null;
  target?: Target | null;
  met?: boolean | null;
  hint?: string;
}

export interface Metrics {
  period: { from: string; to: string };
  acceptance_rate: RateMetric & { accepted: number; rejected: number };
  response_time: {
    count: number;
    median_ms: number | null;
    mean_ms: number | null;
    p90_ms: number | null;
    business?: { median_ms: number | null; mean_ms: number | null; p90_ms: number | null };
    distribution: Record<string, number>;
    target_ms: number | null;
    met: boolean | null;
  };
  sla_compliance: RateMetric & { met: boolean | null; due: number; met_target?: boolean | null; by_clock?: Record<string, { value: number | null; met: number; due: number }>; breaches?: unknown[] } & Record<string, unknown>;
  mql_to_opportunity: RateMetric & { mqls: number; opportunities: number };
  funnel: { stage: string; count: number; conversion_from_previous: number | null; median_time_in_stage_ms: number | null }[];
  leaks: { lead_id: string; reason: string; since: string; [key: string]: unknown }[];
  trend: ({ week: string } & Record<string, number | string | null>)[];
  breakdown?: { key: string; label: string; acceptance_rate: RateMetric; response_time: { median_ms: number | null } & Record<string, unknown>; sla_compliance: RateMetric; mql_to_opportunity: RateMetric }[];
}

export interface Channel {
  channel: string;
  status: 'ok' | 'failing' | 'disabled';
  consecutive_failures: number;
  last_success_at: string | null;
  last_failure_at: string | null;
  last_error: string | null;
}

export interface Delivery {
  id: string;
  channel: string;
  recipient: string;
  lead_id: string | null;
  message: string;
  status: string;
  attempts: number;
  last_error: string | null;
  next_attempt_at: string | null;
  created_at: string;
}
