/**
 * The generator's sheet frames and commune boundary (docs/sample.md "Sheet frames and boundary"):
 * with `sheetLines` every parcel lies inside the frame of its sheet, the plan is still a clean
 * partition, and the boundary holds everything; the two seeds for them plant exactly one parcel across
 * its sheet line and one notch on the commune edge. Without the options nothing changes for callers.
 */
import { describe, expect, it } from 'vitest';
import type { Position } from '../../../shared/geo/geometry.js';
import { UserError } from '../../../shared/errors.js';
import { interiorPoint } from '../../../shared/sample/interior-point.js';
import { generateCommune, type SyntheticCommune } from '../../../shared/sample/synthetic-commune.js';
import { SAMPLE_COMMUNE_OPTIONS } from '../../../electron/services/project/sample-project.js';
import { pointInRing, ringArea, unpairedEdgeParcels } from './geometry-checks.js';

type Box = [number, number, number, number];

function frames(c: SyntheticCommune): Map<string, Box> {
  return new Map(
    c.sheets.map((s) => {
      const r = s.frame.coordinates[0]!;
      const xs = r.map((p) => p[0]);
      const ys = r.map((p) => p[1]);
      return [s.sheetNo, [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)]];
    }),
  );
}

const inside = (b: Box, [x, y]: Position): boolean => x >= b[0] && x <= b[2] && y >= b[1] && y <= b[3];

/** Indexes of the parcels with a vertex outside the frame of their sheet. */
function outsideTheirFrame(c: SyntheticCommune): number[] {
  const f = frames(c);
  const out: number[] = [];
  c.parcels.forEach((p, i) => {
    const box = f.get(p.attributes.sheet_no!)!;
    if (!p.geometry.coordinates[0]!.every((v) => inside(box, v))) out.push(i);
  });
  return out;
}

function blockOf(c: SyntheticCommune): { xmin: number; ymin: number; xmax: number; ymax: number } {
  const boxes = [...frames(c).values()];
  return {
    xmin: Math.min(...boxes.map((b) => b[0])),
    ymin: Math.min(...boxes.map((b) => b[1])),
    xmax: Math.max(...boxes.map((b) => b[2])),
    ymax: Math.max(...boxes.map((b) => b[3])),
  };
}

describe('sheet lines (opt-in)', () => {
  it('without sheetLines the layout ignores sheet lines and returns no boundary, as before', () => {
    const c = generateCommune({ seed: 1 });
    expect(c.boundary).toBeUndefined();
    // ~5 % of the parcels reach across a sheet line: what `sheetLines` is there to avoid.
    expect(outsideTheirFrame(c).length).toBeGreaterThan(20);
  });

  it.each([
    { seed: 1, sheets: 4, scale: 1000 as const },
    { seed: 3, sheets: 6, scale: 500 as const },
    { seed: 4, sheets: 3, scale: 2000 as const },
    { seed: 5, sheets: 9, scale: 1000 as const, parcelsPerSheet: 300, noiseMm: 5 },
  ])('puts every parcel inside its sheet frame and stays a clean partition: %o', (opts) => {
    const c = generateCommune({ ...opts, sheetLines: true });
    expect(outsideTheirFrame(c)).toEqual([]);
    // Each parcel's interior point is in the frame of the sheet it is numbered on.
    const f = frames(c);
    for (const p of c.parcels) expect(inside(f.get(p.attributes.sheet_no!)!, interiorPoint(p.geometry.coordinates)!)).toBe(true);
    const block = blockOf(c);
    if (!opts.noiseMm) {
      expect([...unpairedEdgeParcels(c.parcels.map((p) => p.geometry.coordinates[0]!), block).bad]).toEqual([]);
    }
    // Millimetre noise moves every shared vertex independently per parcel: areas then agree to a few m²
    // over square kilometres; without noise to the rounding of the coordinates.
    const slack = opts.noiseMm ? 5 : 0.5;
    const total = c.parcels.reduce((s, p) => s + ringArea(p.geometry.coordinates[0]!), 0);
    expect(Math.abs(total - (block.xmax - block.xmin) * (block.ymax - block.ymin))).toBeLessThan(slack);
    // Each sheet's parcels fill exactly their frame: the sheet line is a real boundary.
    for (const [sheet, box] of f) {
      const area = c.parcels.filter((p) => p.attributes.sheet_no === sheet).reduce((s, p) => s + ringArea(p.geometry.coordinates[0]!), 0);
      expect(Math.abs(area - (box[2] - box[0]) * (box[3] - box[1]))).toBeLessThan(slack);
    }
    // Still a village: roads, houses and fields in every case.
    const types = new Set(c.parcels.map((p) => p.attributes.land_type));
    for (const t of ['DGT', 'LUC']) expect(types).toContain(t);
  });

  it('returns the commune boundary: the outline of all parcels', () => {
    const c = generateCommune({ seed: 2, sheetLines: true, communeBoundary: true, noiseMm: 3 });
    const ring = c.boundary!.coordinates[0]!;
    const block = blockOf(c);
    expect(ringArea(ring)).toBeCloseTo((block.xmax - block.xmin) * (block.ymax - block.ymin), 6);
    expect(ringArea(ring)).toBeGreaterThan(0);
    for (const p of c.parcels) {
      for (const v of p.geometry.coordinates[0]!) {
        expect(v[0] >= block.xmin && v[0] <= block.xmax && v[1] >= block.ymin && v[1] <= block.ymax).toBe(true);
      }
    }
    // Also without sheet lines (the boundary does not depend on them).
    expect(generateCommune({ seed: 2, communeBoundary: true }).boundary).toEqual(c.boundary);
  });

  it('the seeds default to 0 and crossesSheet needs sheetLines', () => {
    const c = generateCommune({ seed: 1, sheetLines: true, errors: { overlaps: 1 } });
    expect(c.seeded.map((s) => s.rule)).toEqual(['overlap']);
    try {
      generateCommune({ seed: 1, errors: { crossesSheet: 1 } });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(UserError);
      expect((err as UserError).code).toBe('sample.badOption');
    }
    // One sheet has no inner sheet line to cross.
    expect(() => generateCommune({ seed: 1, sheets: 1, sheetLines: true, errors: { crossesSheet: 1 } })).toThrow(
      expect.objectContaining({ code: 'sample.tooManyErrors' }),
    );
  });
});

describe('the sample commune: frames, boundary and their two seeds', () => {
  const c = generateCommune(SAMPLE_COMMUNE_OPTIONS);

  it('every parcel is inside its frame except the one seeded to cross its sheet line', () => {
    const crosser = c.seeded.filter((s) => s.rule === 'crosses-sheet');
    expect(crosser).toHaveLength(1);
    expect(outsideTheirFrame(c)).toEqual(crosser[0].parcelIndexes);
    // It reaches 1–2.5 m into the next sheet: one vertex beyond the line, every other inside.
    const p = c.parcels[crosser[0].parcelIndexes[0]];
    const box = frames(c).get(p.attributes.sheet_no!)!;
    const beyond = p.geometry.coordinates[0]!.filter((v) => !inside(box, v));
    expect(beyond).toHaveLength(1);
    const dist = Math.max(box[0] - beyond[0][0], beyond[0][0] - box[2], box[1] - beyond[0][1], beyond[0][1] - box[3]);
    expect(dist).toBeGreaterThanOrEqual(0.99);
    expect(dist).toBeLessThanOrEqual(2.51);
  });

  it('the boundary contains every parcel; the edge notch leaves boundary land uncovered', () => {
    const ring = c.boundary!.coordinates[0]!;
    const block = blockOf(c);
    for (const p of c.parcels) {
      for (const v of p.geometry.coordinates[0]!) expect(v[0] >= block.xmin && v[0] <= block.xmax && v[1] >= block.ymin && v[1] <= block.ymax).toBe(true);
    }
    const notch = c.seeded.filter((s) => s.where === 'boundary');
    expect(notch).toHaveLength(1);
    expect(notch[0].rule).toBe('gap');
    // The notch's new vertex lies inside the boundary, off its edge, and its parcel no longer covers the
    // midpoint of the frame edge it was on: uncovered land inside the boundary.
    const parcel = c.parcels[notch[0].parcelIndexes[0]].geometry.coordinates[0]!;
    const pulled = parcel.filter((v) => pointInRing(ring, v) && v[0] > block.xmin && v[0] < block.xmax && v[1] > block.ymin && v[1] < block.ymax);
    expect(pulled.length).toBeGreaterThan(0);
    const covered = c.parcels.reduce((s, p) => s + ringArea(p.geometry.coordinates[0]!), 0);
    // Enclosed gaps, the notch and the overlaps move a few m² either way; the notch alone is 0.5–2 m deep.
    expect(Math.abs(ringArea(ring) - covered)).toBeLessThan(200);
  });

  it('keeps the rest of the sample seeds', () => {
    const count = (rule: string) => c.seeded.filter((s) => s.rule === rule && !s.where).length;
    expect(count('overlap')).toBe(2);
    expect(count('gap')).toBe(2);
    expect(count('near-miss')).toBe(3);
    expect(count('invalid-ring')).toBe(1);
    expect(count('sliver')).toBe(1);
  });
});
