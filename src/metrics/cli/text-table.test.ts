import { describe, expect, it } from 'vitest';
import { textTable } from './text-table.js';

describe('terminal tables', () => {
  it('pads columns to their widest cell, numbers to the right', () => {
    expect(textTable(['rep', 'n'], [['Ana', '12'], ['Benedikt', '3']], ['left', 'right'])).toBe(
      ['rep        n', '────────  ──', 'Ana       12', 'Benedikt   3'].join('\n'),
    );
  });
});
