import { describe, expect, it } from 'vitest';
import { coverageResolution } from './coverage-source';

describe('coverage hex resolution by zoom', () => {
  it('shows the computation grid close up and coarser parents further out', () => {
    expect(coverageResolution(15)).toBe(10);
    expect(coverageResolution(13)).toBe(9);
    expect(coverageResolution(11.5)).toBe(8);
    expect(coverageResolution(9)).toBe(7);
  });
});
