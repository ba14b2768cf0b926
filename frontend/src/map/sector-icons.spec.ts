import { describe, expect, it } from 'vitest';
import { drawWedge } from './sector-icons';

const alphaAt = (img: ReturnType<typeof drawWedge>, x: number, y: number) => img.data[(y * img.width + x) * 4 + 3];

describe('sector wedges', () => {
  it('points a single sector north', () => {
    const img = drawWedge('#0073c6', 1);
    expect(alphaAt(img, 32, 8)).toBeGreaterThan(0); // north
    expect(alphaAt(img, 32, 56)).toBe(0); // south
    expect(alphaAt(img, 56, 32)).toBe(0); // east
  });

  it('spreads three sectors 120° apart', () => {
    const img = drawWedge('#e60012', 3);
    const at = (deg: number) => {
      const r = (deg * Math.PI) / 180;
      return alphaAt(img, Math.round(32 + 20 * Math.sin(r)), Math.round(32 - 20 * Math.cos(r)));
    };
    expect([at(0), at(120), at(240)].every((a) => a > 0)).toBe(true);
    expect([at(60), at(180), at(300)].every((a) => a === 0)).toBe(true);
  });
});
