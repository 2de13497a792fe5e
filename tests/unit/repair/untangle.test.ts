import { describe, expect, it } from 'vitest';
import type { AreaGeometry, Position } from '../../../shared/geo/geometry.js';
import { ParcelSetBuilder, type ParcelSet } from '../../../shared/topology/parcel-set.js';
import { validate } from '../../../shared/validation/validate.js';
import { separateAtTouches, untangle, type Untangled } from '../../../shared/repair/untangle.js';
import { invalidReason, type Polygons } from '../../../shared/repair/jsts-ops.js';
import { area } from '../../../shared/repair/shape.js';
import { repairRoundTrip } from './harness.js';

const closed = (ring: Position[]): Position[] => [...ring, ring[0]];

/** A square 0..10 whose ring touches itself at (5,0) and runs round an inner triangle (an "inverted hole"). */
const INVERTED_HOLE: Position[] = [[0, 0], [5, 0], [4, 3], [6, 3], [5, 0], [10, 0], [10, 10], [0, 10]];
/** Two squares side by side drawn as one ring that touches itself at (10,0). */
const FIGURE_EIGHT: Position[] = [[0, 0], [10, 0], [20, -10], [20, 0], [10, 0], [10, 10], [0, 10]];

function ok(r: ReturnType<typeof untangle>): Untangled {
  if ('failure' in r) throw new Error(`untangle failed: ${r.failure}`);
  return r;
}

describe('untangle (invalid-ring repair geometry)', () => {
  it('turns a loop the ring cuts out at a pinch into a hole: same area, no new vertex', () => {
    const polys: Polygons = [[closed(INVERTED_HOLE)]];
    expect(invalidReason(polys)).toMatch(/Self-intersection/);
    const r = ok(untangle(polys, 1e-4));
    expect(r.shape).toHaveLength(1);
    expect(r.shape[0]).toHaveLength(2);
    expect(invalidReason(r.shape)).toBeNull();
    expect(area(r.shape)).toBeCloseTo(100 - 3, 9);
    expect(r.crossings).toBe(0);
    expect(r.dropped).toBe(0);
    const vertices = new Set(INVERTED_HOLE.map((p) => p.join()));
    for (const ring of r.shape[0]) for (const p of ring) expect(vertices.has(p.join())).toBe(true);
  });

  it('splits side-by-side loops into the parts of a multipolygon touching at the pinch', () => {
    const r = ok(untangle([[closed(FIGURE_EIGHT)]], 1e-4));
    expect(r.shape).toHaveLength(2);
    expect(invalidReason(r.shape)).toBeNull();
    expect(area(r.shape)).toBeCloseTo(100 + 50, 9);
  });

  it('drops the twisted loop of a µm bow-tie after inserting the crossing point', () => {
    // The right edge overshoots the corner by 2 µm and the top edge starts 2 µm right of it: they
    // cross at (10,10), leaving a 2e-12 m² loop turning the wrong way.
    const ring: Position[] = [[0, 0], [10, 0], [10, 10.000002], [10.000002, 10], [0, 10]];
    const r = ok(untangle([[closed(ring)]], 1e-4));
    expect(r.crossings).toBeGreaterThan(0);
    expect(r.dropped).toBe(1);
    expect(r.droppedArea).toBeLessThan(1e-10);
    expect(invalidReason(r.shape)).toBeNull();
    expect(Math.abs(area(r.shape) - 100)).toBeLessThan(1e-4);
  });

  it('drops a tiny loop folded back into the parcel (land counted twice), the land under it stays', () => {
    // The top edge runs left to (4,10), back to (5,9.9999) just inside, then up across itself at (5,10).
    const ring: Position[] = [[0, 0], [10, 0], [10, 10], [4, 10], [5, 9.9999], [5, 10.5], [0, 10.5]];
    const polys: Polygons = [[closed(ring)]];
    expect(invalidReason(polys)).not.toBeNull();
    const r = ok(untangle(polys, 1e-4));
    expect(r.dropped).toBe(1);
    expect(r.droppedArea).toBeCloseTo(5e-5, 12);
    expect(invalidReason(r.shape)).toBeNull();
    expect(area(r.shape)).toBeCloseTo(102.5, 9);
  });

  it('refuses a bow-tie whose twisted loop is larger than the limit, and a ring running back over itself', () => {
    const bowTie: Position[] = [[0, 0], [10, 10], [10, 0], [0, 10]];
    expect(untangle([[closed(bowTie)]], 1e-4)).toEqual({ failure: 'large-twist' });
    const foldBack: Position[] = [[0, 0], [10, 0], [10, 10], [10, 5], [10, 8], [0, 10]];
    expect(untangle([[closed(foldBack)]], 1e-4)).toEqual({ failure: 'overlapping-edges' });
  });
});

function set(list: Array<[number, AreaGeometry]>): ParcelSet {
  const b = new ParcelSetBuilder();
  for (const [fid, g] of list) b.add(fid, g, { sheetNo: '1', parcelNo: String(fid), landType: 'ODT' });
  return b.build();
}

describe('invalid-ring repair in a plan', () => {
  it('rewrites a pinched parcel validly, then repairs the overlap beside it; undo gives it back', () => {
    // Parcel 1 is pinched at (5,0); parcel 2 overlaps its right edge by 0.5 m.
    const s = set([
      [1, { type: 'Polygon', coordinates: [closed(INVERTED_HOLE)] }],
      [2, { type: 'Polygon', coordinates: [closed([[9.5, 0], [20, 0], [20, 10], [9.5, 10]])] }],
    ]);
    const { plan, before, after, ctx } = repairRoundTrip(s, { tolerance: 0 }, { choose: 'longest-boundary', rules: ['invalid-ring', 'overlap'] });
    // The cut-out triangle is land of no parcel: a gap, before and after (now a proper hole).
    expect(before.map((f) => f.rule).sort()).toEqual(['gap', 'invalid-ring', 'overlap']);
    expect(plan.unresolved).toEqual([]);
    expect(plan.preview.counts).toEqual({ 'invalid-ring': 1, overlap: 1 });
    expect(plan.preview.items[0].actionEn).toMatch(/^Rewrite the self-touching boundary of parcel 1 \(#1\) as 2 valid rings/);
    expect(after.map((f) => f.rule)).toEqual(['gap']);
    expect(after[0].area).toBeCloseTo(3, 9);
    const g = ctx.getGeometry(1)!;
    expect(g.type).toBe('Polygon');
    expect(g.coordinates).toHaveLength(2);
  });

  it('names the invalid parcel as the reason when the overlap beside a parcel that cannot be untangled fails', () => {
    // A bow-tie (large twist) cannot be untangled; the overlap through its crossing stays.
    const bowTie = { type: 'Polygon' as const, coordinates: [closed([[0, 0], [10, 10], [10, 0], [0, 10]])] };
    const s = set([
      [1, bowTie],
      [2, { type: 'Polygon', coordinates: [closed([[9, 0], [20, 0], [20, 10], [9, 10]])] }],
    ]);
    const findings = validate(s, { tolerance: 0 }).findings;
    const { plan } = repairRoundTrip(s, { tolerance: 0 }, { choose: 'longest-boundary', rules: ['invalid-ring', 'overlap'] });
    expect(findings.map((f) => f.rule)).toContain('invalid-ring');
    const inv = plan.unresolved.find((u) => u.rule === 'invalid-ring');
    expect(inv?.reasonEn).toMatch(/larger than 1 cm²/);
    expect(findings.map((f) => f.rule)).toContain('overlap');
    expect(plan.commands).toEqual([]);
    expect(plan.unresolved.find((u) => u.rule === 'overlap')?.reasonEn).toBe('Parcel 1 (#1) has an invalid shape (invalid-ring); repair that parcel first');
  });
});

describe('an inverted loop touching the outline at two points (interior disconnected)', () => {
  // A 10 m square drawn as one ring that runs from B (10,5) west below y = 5 to A (0,5) and back
  // east above it: the loop between is cut out and meets the outline at A and B, so the land is a
  // bottom and a top piece meeting only at those two points.
  const TWO_TOUCHES: Position[] = [[0, 0], [10, 0], [10, 5], [5, 4], [0, 5], [5, 6], [10, 5], [10, 10], [0, 10], [0, 5]];

  it('separateAtTouches gives the two pieces: valid, the same land, no vertex moved', () => {
    const r = ok(untangle([[closed(TWO_TOUCHES)]], 1e-4));
    expect(invalidReason(r.shape)).toMatch(/disconnected/i);
    const pieces = separateAtTouches(r.shape)!;
    expect(pieces).toHaveLength(2);
    expect(invalidReason(pieces)).toBeNull();
    expect(area(pieces)).toBeCloseTo(90, 9);
    const vertices = new Set(TWO_TOUCHES.map((p) => p.join()));
    for (const poly of pieces) for (const ring of poly) for (const p of ring) expect(vertices.has(p.join())).toBe(true);
  });

  it('the plan rewrites the parcel as a two-part multipolygon and says so; validation finds no invalid ring', () => {
    const b = new ParcelSetBuilder();
    b.add(1, { type: 'Polygon', coordinates: [closed(TWO_TOUCHES)] }, { sheetNo: '1', parcelNo: '1', landType: 'ODT' });
    const { plan, before, after, ctx } = repairRoundTrip(b.build(), { tolerance: 0 }, { choose: 'longest-boundary', rules: ['invalid-ring'] });
    expect(before.map((f) => f.rule)).toContain('invalid-ring');
    expect(plan.unresolved).toEqual([]);
    expect(plan.preview.items.map((i) => i.actionEn)).toEqual([
      'Rewrite the self-touching boundary of parcel 1 (#1) as 2 parts meeting only at points (an inverted loop touches the outline at two points; same land, no vertex moved)',
    ]);
    expect(after.filter((f) => f.rule === 'invalid-ring')).toEqual([]);
    const g = ctx.getGeometry(1) as AreaGeometry;
    expect(g.type).toBe('MultiPolygon');
    expect(g.type === 'MultiPolygon' && g.coordinates.length).toBe(2);
  });
});
