import { describe, expect, it } from 'vitest';
import { ParcelSetBuilder } from '../../../shared/topology/parcel-set.js';
import { validate } from '../../../shared/validation/validate.js';
import type { Position } from '../../../shared/geo/geometry.js';
import { prng as rng } from '../../helpers/prng.js';

/**
 * A generated commune: N×N parcels of 20 m on a VN-2000-like origin. Every parcel carries its own
 * copy of the shared corners, each with independent ±1 mm noise (what digitising produces), plus
 * seeded errors: overlaps (a right edge pushed 0.5 m into the neighbour), gaps (a top edge pulled
 * 0.5 m down) and near-misses (a corner moved 3 cm).
 */
function commune(n: number, seeds: { overlaps: number[]; gaps: number[]; nearMisses: number[] }) {
  const rand = rng(42);
  const X0 = 548000, Y0 = 1776000, S = 20;
  const b = new ParcelSetBuilder();
  const id = (i: number, j: number): number => j * n + i + 1;
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      const fid = id(i, j);
      const noise = (): number => (rand() * 2 - 1) * 0.001;
      let x0 = X0 + i * S, x1 = x0 + S, y0 = Y0 + j * S, y1 = y0 + S;
      if (seeds.overlaps.includes(fid)) x1 += 0.5;
      if (seeds.gaps.includes(fid)) y1 -= 0.5;
      const ring: Position[] = [
        [x0 + noise(), y0 + noise()],
        [x1 + noise(), y0 + noise()],
        [x1 + noise(), y1 + noise()],
        [x0 + noise(), y1 + noise()],
      ];
      if (seeds.nearMisses.includes(fid)) ring[2] = [ring[2][0] + 0.03, ring[2][1]];
      ring.push([ring[0][0], ring[0][1]]);
      b.add(fid, { type: 'Polygon', coordinates: [ring] }, { sheetNo: '1', parcelNo: String(fid), landType: 'ODT' });
    }
  }
  return { set: b.build(), id };
}

describe('generated commune with millimetre noise and seeded errors', () => {
  const n = 30;
  const overlaps = [n * 3 + 4, n * 10 + 11, n * 20 + 21];
  const gaps = [n * 5 + 15, n * 15 + 6, n * 25 + 25];
  const nearMisses = [n * 8 + 20, n * 18 + 3, n * 12 + 12];
  const { set } = commune(n, { overlaps, gaps, nearMisses });

  it('finds exactly the seeded overlaps and gaps at tolerance 0.05 m, and the seeded near-misses', () => {
    const r = validate(set, { tolerance: 0.05, rules: ['overlap', 'gap', 'near-miss'] });
    const found = r.findings.filter((f) => f.rule === 'overlap').map((f) => f.parcels);
    expect(found).toEqual(overlaps.map((p) => [p, p + 1]));
    for (const f of r.findings.filter((f) => f.rule === 'overlap')) expect(f.area).toBeGreaterThan(9.9);
    const gapFindings = r.findings.filter((f) => f.rule === 'gap');
    expect(gapFindings).toHaveLength(gaps.length);
    for (const g of gaps) {
      const f = gapFindings.find((x) => x.parcels.includes(g) && x.parcels.includes(g + n));
      expect(f, `gap above parcel ${g}`).toBeDefined();
      expect(f!.area).toBeGreaterThan(9.9);
      expect(f!.area).toBeLessThan(10.1);
    }
    // The moved corner is 3 cm from its neighbours: those pairs show the largest near-miss distance.
    const near = r.findings.filter((f) => f.rule === 'near-miss');
    for (const p of nearMisses) {
      const mine = near.filter((f) => f.parcels.includes(p));
      expect(Math.max(...mine.map((f) => f.width ?? 0))).toBeGreaterThan(0.025);
    }
    const noisy = near.filter((f) => !nearMisses.some((p) => f.parcels.includes(p)));
    expect(noisy.length).toBeGreaterThan(0);
    for (const f of noisy) expect(f.width).toBeLessThan(0.0035);
  });

  it('at tolerance 0 the same noise shows up as many tiny overlaps', () => {
    const r = validate(set, { tolerance: 0, rules: ['overlap'] });
    expect(r.counts.overlap ?? 0).toBeGreaterThan(overlaps.length);
  });
});
