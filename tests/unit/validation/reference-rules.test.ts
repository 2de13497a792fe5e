import { describe, expect, it } from 'vitest';
import { ParcelSetBuilder, type ParcelSetAttrInput } from '../../../shared/topology/parcel-set.js';
import { validate, validateArea, replaceFindings } from '../../../shared/validation/validate.js';
import type { AreaGeometry, PolygonCoords, Position } from '../../../shared/geo/geometry.js';
import type { ValidationReference, SheetFrame } from '../../../shared/model/reference-area.js';
import type { RuleId } from '../../../shared/model/finding.js';
import { polygonArea } from '../../../shared/topology/regions.js';

const rect = (x0: number, y0: number, x1: number, y1: number): Position[] => [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];
const poly = (...rings: Position[][]): AreaGeometry => ({ type: 'Polygon', coordinates: rings });
const attrs = (n: number, sheet = '1', commune = '20248'): ParcelSetAttrInput => ({ communeCode: commune, sheetNo: sheet, parcelNo: String(n), landType: 'ODT' });
const frame = (sheetNo: string, polygon: PolygonCoords, communeCode: string | null = '20248'): SheetFrame => ({ sheetNo, communeCode, scale: 1000, sheetCode: null, polygon });
/** One boundary per polygon given. */
const ref = (frames: SheetFrame[], boundaries: PolygonCoords[] = []): ValidationReference => ({
  frames,
  boundaries: boundaries.map((polygon) => ({ communeCode: '20248', name: 'Xã Thử', polygons: [polygon] })),
});

function run(parcels: [AreaGeometry, ParcelSetAttrInput?][], rules: RuleId[], reference: ValidationReference | null, tolerance = 0.05) {
  const b = new ParcelSetBuilder();
  parcels.forEach(([g, a], i) => b.add(100 + i, g, a ?? attrs(i + 1)));
  return validate(b.build(), { tolerance, rules }, { reference }).findings;
}

describe('crosses-sheet', () => {
  const sheet1 = frame('1', [rect(0, 0, 100, 100)]);
  const sheet2 = frame('2', [rect(100, 0, 200, 100)]);

  it('finds nothing without frames, and nothing for a parcel inside its frame', () => {
    expect(run([[poly(rect(90, 10, 120, 20))]], ['crosses-sheet'], null)).toEqual([]);
    expect(run([[poly(rect(10, 10, 20, 20))]], ['crosses-sheet'], ref([sheet1, sheet2]))).toEqual([]);
    // Touching the frame line from inside is not crossing.
    expect(run([[poly(rect(80, 10, 100, 20))]], ['crosses-sheet'], ref([sheet1, sheet2]))).toEqual([]);
  });

  it('reports the part outside the frame with its area, width and location', () => {
    const f = run([[poly(rect(90, 10, 120, 20))]], ['crosses-sheet'], ref([sheet1, sheet2]));
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ rule: 'crosses-sheet', severity: 'warning', parcels: [100], detail: { sheet: '1' } });
    expect(f[0].area).toBeCloseTo(200, 6);
    expect(f[0].x).toBeGreaterThan(100);
    expect(f[0].x).toBeLessThan(120);
    expect(f[0].geometry?.type).toBe('Polygon');
    const g = f[0].geometry as { type: 'Polygon'; coordinates: PolygonCoords };
    expect(polygonArea(g.coordinates)).toBeCloseTo(200, 6);
    for (const [x] of g.coordinates[0]) expect(x).toBeGreaterThanOrEqual(100);
  });

  it('takes the frame named by the sheet number, wherever the parcel lies', () => {
    // Numbered on sheet 2 but drawn wholly inside sheet 1: all of it is outside its frame.
    const f = run([[poly(rect(10, 10, 20, 20)), attrs(1, '02')]], ['crosses-sheet'], ref([sheet1, sheet2]));
    expect(f).toHaveLength(1);
    expect(f[0].area).toBeCloseTo(100, 6);
    expect(f[0].detail).toMatchObject({ sheet: '2' });
    // No frame with its number: the frame it lies in.
    expect(run([[poly(rect(10, 10, 20, 20)), attrs(1, '7')]], ['crosses-sheet'], ref([sheet1, sheet2]))).toEqual([]);
    expect(run([[poly(rect(90, 10, 120, 20)), attrs(1, '7')]], ['crosses-sheet'], ref([sheet1, sheet2]))).toHaveLength(1);
  });

  it('a parcel edge running along the frame within the tolerance does not cross', () => {
    const along: AreaGeometry = poly([[80, 10], [100.03, 10], [100.02, 20], [80, 20], [80, 10]]);
    expect(run([[along]], ['crosses-sheet'], ref([sheet1]), 0.05)).toEqual([]);
    // Beyond a 1 cm tolerance it does.
    const f = run([[along]], ['crosses-sheet'], ref([sheet1]), 0.01);
    expect(f).toHaveLength(1);
    expect(f[0].area).toBeCloseTo(0.25, 6);
  });

  it('works with a frame that is not a rectangle (L-shaped) and with holes in the parcel', () => {
    const lShape = frame('1', [[[0, 0], [100, 0], [100, 50], [50, 50], [50, 100], [0, 100], [0, 0]]]);
    expect(run([[poly(rect(10, 10, 40, 40), rect(20, 20, 30, 30))]], ['crosses-sheet'], ref([lShape]))).toEqual([]);
    const f = run([[poly(rect(40, 40, 60, 60))]], ['crosses-sheet'], ref([lShape]));
    expect(f).toHaveLength(1);
    expect(f[0].area).toBeCloseTo(100, 6);
  });
});

describe('gap inside the commune boundary', () => {
  // Three parcels in a 30 × 10 strip; the third stops 2 m short of the north edge.
  const parcels: [AreaGeometry, ParcelSetAttrInput?][] = [[poly(rect(0, 0, 10, 10))], [poly(rect(10, 0, 20, 10))], [poly(rect(20, 0, 30, 8))]];

  it('is not reported without a boundary (open to the outside)', () => {
    expect(run(parcels, ['gap'], null)).toEqual([]);
    expect(run(parcels, ['gap'], ref([]))).toEqual([]);
  });

  it('reports the notch along the boundary edge with its polygon and area', () => {
    const f = run(parcels, ['gap', 'overlap', 'near-miss'], ref([], [[rect(0, 0, 30, 10)]]));
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ rule: 'gap', parcels: [101, 102], detail: { where: 'boundary' } });
    expect(f[0].area).toBeCloseTo(20, 6);
    expect(f[0].width).toBeGreaterThan(1);
    expect(f[0].y).toBeGreaterThan(8);
  });

  it('ignores strips along the boundary narrower than the tolerance', () => {
    const thin: [AreaGeometry, ParcelSetAttrInput?][] = [[poly(rect(0, 0, 10, 9.98))], [poly(rect(10, 0, 20, 10))]];
    expect(run(thin, ['gap'], ref([], [[rect(0, 0, 20, 10)]]), 0.05)).toEqual([]);
    expect(run(thin, ['gap'], ref([], [[rect(0, 0, 20, 10)]]), 0.01)).toHaveLength(1);
  });

  it('keeps enclosed gaps as before and does not report land outside the boundary', () => {
    // A ring of parcels around a 2 × 2 hole, plus a parcel sticking out of the boundary.
    const ring: [AreaGeometry, ParcelSetAttrInput?][] = [
      [poly(rect(0, 0, 6, 2))], [poly(rect(0, 4, 6, 6))], [poly(rect(0, 2, 2, 4))], [poly(rect(4, 2, 6, 4))], [poly(rect(6, 0, 8, 12))],
    ];
    const f = run(ring, ['gap'], ref([], [[rect(0, 0, 8, 6)]]));
    expect(f).toHaveLength(1);
    expect(f[0].area).toBeCloseTo(4, 6);
    expect(f[0].detail).toBeUndefined();
  });

  it('a hole in the boundary (an enclave) is not a gap, even when parcels enclose it', () => {
    const around: [AreaGeometry, ParcelSetAttrInput?][] = [
      [poly(rect(0, 0, 30, 10))], [poly(rect(0, 20, 30, 30))], [poly(rect(0, 10, 10, 20))], [poly(rect(20, 10, 30, 20))],
    ];
    expect(run(around, ['gap'], null)).toHaveLength(1);
    // Hole drawn in either direction.
    const hole = rect(10, 10, 20, 20);
    expect(run(around, ['gap'], ref([], [[rect(0, 0, 30, 30), hole]]))).toEqual([]);
    expect(run(around, ['gap'], ref([], [[rect(0, 0, 30, 30), [...hole].reverse()]]))).toEqual([]);
    // A parcel missing next to the hole: the uncovered land inside the boundary is a gap, the hole is not.
    const f = run(around.slice(0, 3), ['gap'], ref([], [[rect(0, 0, 30, 30), hole]]));
    expect(f).toHaveLength(1);
    expect(f[0].area).toBeCloseTo(100, 6);
    expect(f[0].parcels).toEqual([100, 101]);
  });

  it('does not change overlaps and names no boundary as a parcel', () => {
    const ov: [AreaGeometry, ParcelSetAttrInput?][] = [[poly(rect(0, 0, 10, 10))], [poly(rect(9, 0, 20, 10))]];
    const without = run(ov, ['overlap', 'near-miss'], null);
    const withB = run(ov, ['overlap', 'near-miss'], ref([], [[rect(0, 0, 20, 10)]]));
    expect(withB.map((f) => [f.rule, f.parcels, f.area])).toEqual(without.map((f) => [f.rule, f.parcels, f.area]));
  });

  it('incremental check finds the same boundary gap as a full run, and nothing bogus beyond its area', () => {
    const b = new ParcelSetBuilder();
    // A row of 20 parcels; parcel 15 stops 2 m short of the boundary.
    for (let i = 0; i < 20; i++) b.add(100 + i, poly(rect(10 * i, 0, 10 * i + 10, i === 15 ? 8 : 10)), attrs(i + 1));
    const set = b.build();
    const reference = ref([], [[rect(0, 0, 200, 10)]]);
    const full = validate(set, { tolerance: 0.05, rules: ['gap'] }, { reference }).findings;
    expect(full).toHaveLength(1);
    const near = validateArea(set, [151, 1, 152, 2], { tolerance: 0.05, rules: ['gap'] }, { reference });
    expect(near.findings.map((f) => f.fingerprint)).toEqual(full.map((f) => f.fingerprint));
    const far = validateArea(set, [11, 1, 12, 2], { tolerance: 0.05, rules: ['gap'] }, { reference });
    expect(far.findings).toEqual([]);
    expect(replaceFindings(full, far)).toEqual(full);
  });
});
