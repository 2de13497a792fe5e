import { describe, expect, it } from 'vitest';
import { ParcelSetBuilder } from '../../../shared/topology/parcel-set.js';
import { buildPlanarGraph } from '../../../shared/topology/planar-graph.js';
import { findCoverageErrors } from '../../../shared/topology/coverage-errors.js';
import { orient2d } from '../../../shared/topology/predicates.js';
import { BoxGrid } from '../../../shared/topology/box-grid.js';
import { validate } from '../../../shared/validation/validate.js';
import type { Position } from '../../../shared/geo/geometry.js';
import { prng as rng } from '../../helpers/prng.js';

/** Exact sign of the orientation determinant with BigInt arithmetic on the doubles' exact values. */
function exactOrientSign(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  // Every double is m·2^e; scale all by 2^1100 so they become integers.
  const big = (v: number): bigint => {
    if (v === 0) return 0n;
    const buf = new DataView(new ArrayBuffer(8));
    buf.setFloat64(0, v);
    const hi = buf.getUint32(0), lo = buf.getUint32(4);
    const sign = hi >>> 31 ? -1n : 1n;
    const exp = (hi >>> 20) & 0x7ff;
    let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
    if (exp !== 0) mant |= 1n << 52n;
    const e = (exp === 0 ? 1 : exp) - 1075; // value = mant · 2^e
    return sign * (mant << BigInt(e + 1100));
  };
  const [Ax, Ay, Bx, By, Cx, Cy] = [ax, ay, bx, by, cx, cy].map(big);
  const det = (Ax - Cx) * (By - Cy) - (Ay - Cy) * (Bx - Cx);
  return det > 0n ? 1 : det < 0n ? -1 : 0;
}

describe('orient2d', () => {
  it('gives the exact sign for nearly collinear survey coordinates', () => {
    const r = rng(7);
    let decidedExactly = 0;
    for (let i = 0; i < 4000; i++) {
      const ax = 540000 + r() * 1000, ay = 1780000 + r() * 1000;
      const bx = ax + (r() - 0.5) * 200, by = ay + (r() - 0.5) * 200;
      const t = r();
      // A point on the line a–b, nudged by a few units in the last place (or not at all).
      let cx = ax + t * (bx - ax), cy = ay + t * (by - ay);
      const k = Math.floor(r() * 5) - 2;
      cx += k * Number.EPSILON * Math.abs(cx);
      if (i % 3 === 0) cy = ay + (cx - ax) * ((by - ay) / (bx - ax));
      if (i % 4 === 0) {
        // Exactly collinear on a 1/1024 m lattice: the floating-point filter cannot decide these.
        const dx = Math.round((r() - 0.5) * 100000) / 1024, dy = Math.round((r() - 0.5) * 100000) / 1024;
        const m = Math.floor(r() * 7) - 3;
        const ox = Math.round(ax * 1024) / 1024, oy = Math.round(ay * 1024) / 1024;
        const got = Math.sign(orient2d(ox, oy, ox + 3 * dx, oy + 3 * dy, ox + m * dx, oy + m * dy));
        expect(got).toBe(exactOrientSign(ox, oy, ox + 3 * dx, oy + 3 * dy, ox + m * dx, oy + m * dy));
        if (got === 0) decidedExactly++;
      }
      const got = Math.sign(orient2d(ax, ay, bx, by, cx, cy));
      expect(got).toBe(exactOrientSign(ax, ay, bx, by, cx, cy));
      if (got === 0) decidedExactly++;
    }
    expect(decidedExactly).toBeGreaterThan(0);
  });
});

describe('BoxGrid', () => {
  it('returns exactly the boxes containing a point, including huge and empty ones', () => {
    const r = rng(3);
    const n = 500;
    const boxes = new Float64Array(4 * n);
    for (let i = 0; i < n; i++) {
      const x = r() * 1000, y = r() * 1000;
      const w = i % 50 === 0 ? 900 : r() * 20, h = i % 50 === 0 ? 700 : r() * 20;
      boxes.set(i % 97 === 0 ? [NaN, NaN, NaN, NaN] : [x, y, x + w, y + h], 4 * i);
    }
    const grid = new BoxGrid(boxes);
    for (let q = 0; q < 300; q++) {
      const px = q < 5 ? boxes[4 * (q + 1)] : r() * 1100 - 50, py = q < 5 ? boxes[4 * (q + 1) + 1] : r() * 1100 - 50;
      const got: number[] = [];
      grid.visit(px, py, (i) => got.push(i));
      const want: number[] = [];
      for (let i = 0; i < n; i++) if (boxes[4 * i] <= px && px <= boxes[4 * i + 2] && boxes[4 * i + 1] <= py && py <= boxes[4 * i + 3]) want.push(i);
      expect(got.sort((a, b) => a - b)).toEqual(want);
    }
  });
});

describe('noding and coverage on random overlapping parcels', () => {
  // Σ over faces of area × number of covering parcels must equal Σ of parcel areas: every piece of
  // every parcel is counted once, which fails if an edge is left unsplit or a face gets the wrong
  // coverage. Random quadrilaterals cross a lot, so several noding passes are needed.
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: coverage adds up to the parcel areas, and the rules agree`, () => {
      const r = rng(seed);
      const b = new ParcelSetBuilder();
      let total = 0;
      for (let i = 0; i < 60; i++) {
        const cx = r() * 50, cy = r() * 50, s = 2 + r() * 8;
        // A convex quadrilateral, counter-clockwise.
        const pts: Position[] = [0, 1, 2, 3].map((k) => {
          const a = (k * Math.PI) / 2 + r() * 1.2;
          return [cx + s * Math.cos(a), cy + s * Math.sin(a)];
        });
        const ring = [...pts, pts[0]];
        let a2 = 0;
        for (let k = 0; k < 4; k++) a2 += ring[k][0] * ring[k + 1][1] - ring[k + 1][0] * ring[k][1];
        total += Math.abs(a2) / 2;
        b.add(i + 1, { type: 'Polygon', coordinates: [ring] });
      }
      const set = b.build();
      const g = buildPlanarGraph(set, { tolerance: 0, verify: true });
      expect(g.inconsistentCycles).toBe(0);
      // One splitting pass, then a dirty-edges-only pass that must find nothing left to split.
      expect(g.passes).toBe(1);
      let sum = 0;
      for (let c = 0; c < g.cycleCount; c++) {
        if (g.cycleIsOuter[c] || g.cycleArea[c] <= 0) continue;
        sum += g.cycleArea[c] * g.coverages[g.cycleCoverage[c]].length;
      }
      // The outside cycle of a piece lying inside other parcels is a hole in the face around it;
      // its coverage is that face's coverage, and its (negative) area takes the hole out again.
      for (let c = 0; c < g.cycleCount; c++) {
        if (g.cycleIsOuter[c]) sum += g.cycleArea[c] * g.coverages[g.cycleCoverage[c]].length;
      }
      expect(sum).toBeCloseTo(total, 6);
      const cov = findCoverageErrors(g, 0);
      const res = validate(set, { tolerance: 0, rules: ['overlap'] });
      expect(res.counts.overlap ?? 0).toBe(cov.overlaps.length);
      expect(cov.overlaps.length).toBeGreaterThan(0);
    });
  }
});

describe('duplicate-parcel', () => {
  it('groups equal geometry whatever the sign of zero, and not parcels that only share a box', () => {
    const b = new ParcelSetBuilder();
    b.add(1, { type: 'Polygon', coordinates: [[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]] });
    b.add(2, { type: 'Polygon', coordinates: [[[-0, -0], [2, -0], [2, 2], [-0, 2], [-0, -0]]] });
    b.add(3, { type: 'Polygon', coordinates: [[[0, 0], [2, 0], [2, 2], [1, 1.5], [0, 2], [0, 0]]] });
    const r = validate(b.build(), { rules: ['duplicate-parcel'] });
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0].parcels).toEqual([1, 2]);
  });
});
