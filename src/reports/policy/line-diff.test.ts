import { describe, expect, it } from 'vitest';
import { foldedDiff, lineDiff } from './line-diff.js';

describe('line diff of policy sources', () => {
  it('keeps common lines and marks what was added and removed', () => {
    expect(lineDiff('a\nb\nc\n', 'a\nx\nc\n').map((l) => `${l.op}${l.text}`)).toEqual([' a', '-b', '+x', ' c']);
    expect(lineDiff('', 'a\n')).toEqual([{ op: '+', text: 'a', new: 1 }]);
    expect(lineDiff('a\n', 'a\n')).toEqual([{ op: ' ', text: 'a', old: 1, new: 1 }]);
  });

  it('folds unchanged lines away from the changes and counts them', () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n');
    const after = before.replace('line 10', 'line ten');
    const diff = foldedDiff(before, after, 2);
    expect(diff.added).toBe(1);
    expect(diff.removed).toBe(1);
    expect(diff.lines.map((l) => `${l.op}${l.text}`)).toEqual([' …', ' line 8', ' line 9', '-line 10', '+line ten', ' line 11', ' line 12', ' …']);
  });
});
