/** The qualification ladder. Names are fixed; which moves are allowed comes from the policy. */
export const STAGES = ['known', 'mql', 'sal', 'sql', 'opportunity', 'won', 'lost', 'nurture', 'disqualified'] as const;
export type Stage = (typeof STAGES)[number];

/** Stages a lead can still move on from with a rep working it. */
export const OPEN_STAGES: readonly Stage[] = ['mql', 'sal', 'sql', 'opportunity'];

export function isOpenStage(stage: Stage): boolean {
  return OPEN_STAGES.includes(stage);
}
