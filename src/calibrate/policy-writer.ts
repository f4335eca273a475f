/**
 * The proposed policy: the current policy file with its fit rules replaced by the learned
 * points, engagement rules given their learned points, and the MQL bar moved to the suggested
 * threshold. Everything else (and every comment outside the replaced parts) stays as written.
 * The result is checked with the same checker as `baton policy check` before it is written.
 */
import { isMap, isSeq, parseDocument, type Document } from 'yaml';
import { checkPolicy } from '../policy/check.js';
import { formatPolicyError } from '../policy/errors.js';
import type { LearnedRule } from './rules.js';
import type { Scorecard } from './scorecard.js';

export interface ProposedPolicyInput {
  source: string;
  file: string;
  rules: LearnedRule[];
  card: Scorecard;
  threshold?: number;
  /** Said in the comment above the rules: where the points were learned. */
  learnedFrom: string;
}

export function proposePolicy(input: ProposedPolicyInput): string {
  const doc = parseDocument(input.source);
  const { card } = input;
  const rules = doc.createNode(input.rules.map((r) => ({ when: r.when, points: r.points, reason: r.reason })));
  rules.flow = false;
  for (const item of rules.items) if (isMap(item)) item.flow = true;
  rules.commentBefore =
    ` Learned by baton calibrate from ${input.learnedFrom}.\n` +
    ` Scale: +${card.pdo} points double the odds of the outcome; a lead with 0 points has odds ${Math.exp(card.base).toPrecision(3)} ` +
    `(${(100 / (1 + Math.exp(-card.base))).toFixed(1)} %).\n Each line is one bin of a column; bins worth 0 points (the most common ones) are left out.`;
  doc.setIn(['scoring', 'fit', 'rules'], rules);
  // The learned points add up as the model added them: no cap on fit points.
  if (doc.hasIn(['scoring', 'fit', 'cap'])) doc.deleteIn(['scoring', 'fit', 'cap']);
  writeEngagement(doc, card);
  dropUnusedGroups(doc);
  if (input.threshold !== undefined) {
    doc.setIn(['mql', 'total_at_least'], input.threshold);
    const node = doc.getIn(['mql'], true);
    if (isMap(node)) {
      const pair = node.items.find((p) => String((p.key as { value?: unknown })?.value ?? p.key) === 'total_at_least');
      if (pair?.value && typeof pair.value === 'object') (pair.value as { comment?: string }).comment = ' suggested by baton calibrate';
    }
  }
  const text = doc.toString({ lineWidth: 0 });
  const check = checkPolicy(text, input.file);
  if (!check.ok) {
    throw new Error(`calibrate wrote a policy that does not pass the check (a bug):\n${check.errors.map((e) => formatPolicyError(e)).join('\n')}`);
  }
  return text;
}

function writeEngagement(doc: Document, card: Scorecard): void {
  for (const event of card.events) {
    const cap = event.points > 0 ? event.points * event.term.cap : undefined;
    if (event.rule !== undefined) {
      const path = ['scoring', 'engagement', 'rules', event.rule];
      doc.setIn([...path, 'points'], event.points);
      if (cap !== undefined) doc.setIn([...path, 'cap'], cap);
      else if (doc.hasIn([...path, 'cap'])) doc.deleteIn([...path, 'cap']);
      continue;
    }
    if (event.points === 0) continue;
    if (!doc.hasIn(['scoring', 'engagement', 'rules'])) doc.setIn(['scoring', 'engagement', 'rules'], doc.createNode([]));
    const list = doc.getIn(['scoring', 'engagement', 'rules'], true);
    const rule = doc.createNode({ event: event.event, points: event.points, ...(cap ? { cap } : {}), reason: `${event.event.replaceAll('_', ' ')} (learned)` });
    rule.flow = true;
    if (isSeq(list)) list.items.push(rule);
  }
}

/** Groups only the replaced fit rules used would be reported as unused by the policy check. */
function dropUnusedGroups(doc: Document): void {
  const groups = doc.getIn(['scoring', 'groups'], true);
  if (!isMap(groups)) return;
  const used = new Set<string>();
  const rules = doc.getIn(['scoring', 'engagement', 'rules'], true);
  if (isSeq(rules)) for (const rule of rules.items) if (isMap(rule) && rule.get('group')) used.add(String(rule.get('group')));
  for (const pair of [...groups.items]) {
    const key = String((pair.key as { value?: unknown })?.value ?? pair.key);
    if (!used.has(key)) groups.delete(key);
  }
}
