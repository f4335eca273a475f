/** One line of a lead's score: which rule gave (or took) how many points, and why. */
export interface ScoreItem {
  kind: 'fit' | 'engagement';
  /** Policy path of the rule, e.g. "scoring.fit.rules[2]" or "scoring.engagement.rules[0]". */
  rule: string;
  /** The rule's `reason`, as a rep reads it ("mid-market size"). */
  reason: string;
  /** Points after decay and caps, rounded to 1 decimal. */
  points: number;
  /** Points before caps (after decay), rounded to 1 decimal; set only when a cap cut them. */
  raw?: number;
  /** The narrowest limit that cut the points: the rule's own cap, its group's, or the section's. */
  capped?: 'rule' | 'group' | 'section';
  /** The value of that limit, so an explanation can say "capped at 30". */
  cap?: number;
  group?: string;
  /** Activities that fed an engagement rule. */
  count?: number;
  /** True when the points have decayed since they were earned (engagement with a half-life). */
  decayed?: boolean;
}

export interface LeadScore {
  /** Integers for display; `total` is `fit + engagement`, so the three always add up. */
  fit: number;
  engagement: number;
  total: number;
  /** Sorted by |points|, largest first. */
  items: ScoreItem[];
}

/** Rounds to one decimal, never yielding -0. */
export function round1(value: number): number {
  return Math.round(value * 10) / 10 || 0;
}
