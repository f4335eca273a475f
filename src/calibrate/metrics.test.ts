import { describe, expect, it } from 'vitest';
import { calibrationTable, liftAtTop, logLoss, rocAuc } from './metrics.js';
import { quantileCuts, roundCut } from './features.js';
import { fitLogistic, sigmoid } from './logistic.js';

describe('evaluation figures', () => {
  it('ROC AUC counts ties as half and is 1 for a perfect ranking', () => {
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBe(0.75);
    expect(rocAuc([1, 2, 3, 4], [0, 0, 1, 1])).toBe(1);
    expect(rocAuc([5, 5, 5, 5], [0, 1, 0, 1])).toBe(0.5);
  });

  it('lift in the top share splits a tie at the cut-off in proportion', () => {
    // 10 rows, 2 positives (20 %); the top 10 % is one row out of a tie of two (one positive): 50 % / 20 % = 2.5.
    expect(liftAtTop([9, 9, 1, 1, 1, 1, 1, 1, 1, 1], [1, 0, 1, 0, 0, 0, 0, 0, 0, 0], 0.1)).toBeCloseTo(2.5, 10);
  });

  it('log loss of a coin flip is ln 2, and the calibration table keeps tied scores in one band', () => {
    expect(logLoss([0.5, 0.5], [0, 1])).toBeCloseTo(Math.LN2, 12);
    const bands = calibrationTable([1, 1, 1, 2, 3, 4], [0.1, 0.1, 0.1, 0.2, 0.3, 0.4], [0, 0, 1, 0, 1, 1], 3);
    expect(bands[0]).toMatchObject({ low: 1, high: 1, rows: 3, positives: 1 });
    expect(bands.reduce((n, b) => n + b.rows, 0)).toBe(6);
  });
});

describe('binning', () => {
  it('cuts at round numbers between neighbouring values', () => {
    expect(roundCut(37.5, 40)).toBe(40);
    expect(roundCut(0.213, 0.29)).toBe(0.25);
    expect(roundCut(-3.5, -1)).toBe(-1);
    expect(roundCut(29, 30)).toBe(30);
  });

  it('keeps a value most rows share in a bin of its own', () => {
    const values = [...Array<number>(800).fill(-1), ...Array.from({ length: 200 }, (_, i) => i + 1)].sort((a, b) => a - b);
    const cuts = quantileCuts(values, { maxBins: 10, minRows: 25 });
    expect(cuts[0]).toBe(1); // -1 alone: [-∞, 1)
    expect(cuts.length).toBeGreaterThan(1);
  });
});

describe('logistic regression', () => {
  it('recovers the log-odds of two groups (one-hot, light ridge)', () => {
    // Group A converts 20 %, group B 60 %: 100 rows each.
    const n = 200;
    const y = Uint8Array.from({ length: n }, (_, i) => (i < 100 ? (i % 5 === 0 ? 1 : 0) : i % 5 < 3 ? 1 : 0));
    const x = { start: Int32Array.from({ length: n + 1 }, (_, i) => i), indices: Int32Array.from({ length: n }, (_, i) => (i < 100 ? 0 : 1)), values: new Float64Array(n).fill(1), columns: 2 };
    const model = fitLogistic(x, y, { ridge: 1e-6, pairs: [] });
    expect(sigmoid(model.intercept + model.coefficients[0]!)).toBeCloseTo(0.2, 4);
    expect(sigmoid(model.intercept + model.coefficients[1]!)).toBeCloseTo(0.6, 4);
  });
});
