import { describe, expect, it } from 'vitest';
import { bandFloor, scoreBand } from './score-band.js';

describe('score bands', () => {
  it('cuts scores into 20-point bands with open ends', () => {
    expect([-5, 0, 19, 20, 59, 99, 100, 240].map(scoreBand)).toEqual(['<0', '0-19', '0-19', '20-39', '40-59', '80-99', '100+', '100+']);
  });
  it('orders bands by their lowest score', () => {
    expect(['100+', '20-39', '<0', '0-19'].sort((a, b) => bandFloor(a) - bandFloor(b))).toEqual(['<0', '0-19', '20-39', '100+']);
  });
});
