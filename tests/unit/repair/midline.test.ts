import { describe, expect, it } from 'vitest';
import type { Position } from '../../../shared/geo/geometry.js';
import { splitAlongMidline } from '../../../shared/repair/midline.js';
import { invalidReason } from '../../../shared/repair/jsts-ops.js';
import { area } from '../../../shared/repair/shape.js';

const closed = (ring: Position[]): Position[] => [...ring, ring[0]];

describe('splitAlongMidline', () => {
  it('splits a thin lens between two parcels down the middle', () => {
    // Parcel 1's straight edge y = 0 from (8,0) back to (0,0); parcel 2's bent edge through (4,0.04).
    const lens = closed([[0, 0], [4, 0.04], [8, 0]]);
    const pieces = splitAlongMidline(lens, (a, b) => (a[1] === 0 && b[1] === 0 ? [1] : [2]));
    expect(pieces).not.toBeNull();
    expect(pieces!.map((p) => p.side).sort()).toEqual([1, 2]);
    for (const p of pieces!) {
      expect(invalidReason(p.piece)).toBeNull();
      expect(area(p.piece)).toBeCloseTo(0.08, 9);
    }
    // The midline passes half-way: (4, 0.02) is a vertex of both pieces.
    for (const p of pieces!) expect(p.piece[0][0].some(([x, y]) => Math.abs(x - 4) < 1e-12 && Math.abs(y - 0.02) < 1e-12)).toBe(true);
  });

  it('cuts the near side into one piece per parcel at the midline point of their common corner', () => {
    // Far side: parcel 9 along y = 0 (8 m). Near side: parcel 1 from (0,0) to (4,0.04), parcel 2 on to (8,0).
    const lens = closed([[0, 0], [4, 0.04], [8, 0]]);
    const pieces = splitAlongMidline(lens, (a, b) => (a[1] === 0 && b[1] === 0 ? [9] : a[0] < 4 || b[0] < 4 ? [1] : [2]));
    expect(pieces).not.toBeNull();
    const bySide = new Map(pieces!.map((p) => [p.side, area(p.piece)]));
    expect([...bySide.keys()].sort()).toEqual([1, 2, 9]);
    expect(bySide.get(9)).toBeCloseTo(0.08, 9);
    expect(bySide.get(1)).toBeCloseTo(0.04, 9);
    expect(bySide.get(2)).toBeCloseTo(0.04, 9);
  });

  it('refuses a region that is not a strip between two sides (a square with alternating sides), or an edge along no parcel', () => {
    const square = closed([[0, 0], [1, 0], [1, 1], [0, 1]]);
    // Alternating sides: 1, 2, 1, 2.
    let i = 0;
    expect(splitAlongMidline(square, () => [i++ % 2 === 0 ? 1 : 2])).toBeNull();
    expect(splitAlongMidline(square, (a) => (a[0] === 0 && a[1] === 0 ? [] : [1]))).toBeNull();
  });
});
