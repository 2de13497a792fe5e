import { describe, expect, it } from 'vitest';
import {
  buildParcels,
  parseAreaText,
  type BuildDrawing,
  type BuildLine,
  type BuildText,
} from '../../../shared/sheet/build-parcels.js';
import { readSheetFrame } from '../../../shared/sheet/frame-text.js';
import { scaleFromSheetCode, snapToleranceForScale } from '../../../shared/sheet/snap-tolerance.js';

const ROLES: Record<number, string> = { 10: 'boundary', 13: 'parcelNo', 2: 'landType', 4: 'area', 63: 'frame' };
const roleOf = (level: number | string): string | undefined => ROLES[Number(level)];
const X0 = 550_000, Y0 = 1_776_000;

function line(...pts: number[][]): BuildLine {
  return { level: 10, points: pts.map(([x, y]) => [X0 + x, Y0 + y]) };
}
function text(level: number, s: string, x: number, y: number): BuildText {
  return { level, text: s, x: X0 + x, y: Y0 + y };
}
function draw(lines: BuildLine[], texts: BuildText[]): BuildDrawing {
  return { lines, texts };
}
/** Two 10 × 10 m parcels side by side, drawn as separate lines meeting at nodes. */
function twoParcels(): BuildLine[] {
  return [line([0, 0], [10, 0], [20, 0]), line([20, 0], [20, 10], [10, 10], [0, 10]), line([0, 10], [0, 0]), line([10, 0], [10, 10])];
}
const rules = (r: ReturnType<typeof buildParcels>) => r.findings.map((f) => f.rule).sort();

describe('buildParcels', () => {
  it('polygonises linework and gives each face its number, land type and area text', () => {
    const r = buildParcels(
      draw(twoParcels(), [text(13, '1', 5, 5), text(13, '2', 15, 5), text(2, 'ODT', 5, 3), text(4, '100,0', 5, 7), text(4, '100.0', 15, 7)]),
      roleOf,
    );
    expect(r.findings).toEqual([]);
    expect(r.parcels).toHaveLength(2);
    const byNo = new Map(r.parcels.map((p) => [p.parcelNo, p]));
    expect(byNo.get('1')?.area).toBeCloseTo(100, 9);
    expect(byNo.get('1')?.landType).toBe('ODT');
    expect(byNo.get('1')?.areaValue).toBe(100);
    expect(byNo.get('2')?.landType).toBeNull();
    const ring = byNo.get('2')?.geometry.coordinates[0] ?? [];
    expect(ring[0]).toEqual(ring[ring.length - 1]);
    expect(ring).toHaveLength(5);
    expect(r.stats).toMatchObject({ faces: 2, parcels: 2, labeled: 2, labels: 2, tolerance: 0.05 });
  });

  it('makes a parcel inside a parcel a hole of the outer one, and the inner one a parcel', () => {
    const outer = line([0, 0], [30, 0], [30, 30], [0, 30], [0, 0]);
    const inner = { ...line([10, 10], [20, 10], [20, 20], [10, 20]), closed: true };
    const r = buildParcels(draw([outer, inner], [text(13, '1', 5, 5), text(13, '2', 15, 15)]), roleOf);
    expect(r.findings).toEqual([]);
    const p1 = r.parcels.find((p) => p.parcelNo === '1');
    const p2 = r.parcels.find((p) => p.parcelNo === '2');
    expect(p1?.geometry.coordinates).toHaveLength(2);
    expect(p1?.area).toBeCloseTo(800, 9);
    expect(p2?.area).toBeCloseTo(100, 9);
  });

  it('nodes lines that cross without a common vertex', () => {
    // A square cut by a line drawn across it, end to end, with no vertex at the crossings.
    const sq = line([0, 0], [10, 0], [10, 10], [0, 10], [0, 0]);
    const cut = line([-0, 4], [10, 6]);
    const r = buildParcels(draw([sq, { ...cut, points: [[X0, Y0 + 4], [X0 + 10, Y0 + 6]] }], [text(13, '1', 5, 1), text(13, '2', 5, 9)]), roleOf);
    expect(r.findings).toEqual([]);
    expect(r.parcels.map((p) => Math.round(p.area * 1000) / 1000).sort()).toEqual([50, 50]);
  });

  it('splits crossing lines and trims an overshoot shorter than the tolerance', () => {
    const lines = [
      line([0, 0], [10, 0], [10, 10], [0, 10], [0, 0]),
      line([5, -0.03], [5, 10.04]), // crosses both edges, overshoots by 3 and 4 cm
    ];
    const r = buildParcels(draw(lines, [text(13, '1', 2, 5), text(13, '2', 8, 5)]), roleOf, { tolerance: 0.05 });
    expect(r.parcels.map((p) => p.area).sort((a, b) => a - b)).toEqual([50, 50]);
    const dangles = r.findings.filter((f) => f.rule === 'dangle');
    expect(dangles.map((f) => f.detail.kind)).toEqual(['overshoot', 'overshoot']);
    expect(dangles.every((f) => f.detail.fixed === 1 && f.geometry?.type === 'LineString')).toBe(true);
  });

  it('joins an undershoot within the tolerance and reports a longer free end', () => {
    const lines = [
      line([0, 0], [10, 0], [10, 10], [0, 10], [0, 0]),
      line([5, 0], [5, 9.97]), // stops 3 cm short of the top edge
      line([2, 2], [3, 3]), // a free-standing stroke inside parcel 1
      line([8, 0], [8, 4]), // a 4 m dangle from the bottom edge
    ];
    const r = buildParcels(draw(lines, [text(13, '1', 2, 5), text(13, '2', 7, 6)]), roleOf, { tolerance: 0.05 });
    expect(r.parcels).toHaveLength(2);
    const kinds = r.findings.filter((f) => f.rule === 'dangle').map((f) => String(f.detail.kind)).sort();
    expect(kinds).toEqual(['free-end', 'isolated-line', 'undershoot']);
    const under = r.findings.find((f) => f.detail.kind === 'undershoot');
    expect(under?.detail.length).toBeCloseTo(0.03, 6);
    expect(under?.x).toBeCloseTo(X0 + 5, 9);
    // The undershoot was joined, so the areas add up to the square.
    expect(r.parcels.reduce((s, p) => s + p.area, 0)).toBeCloseTo(100, 9);
    expect(r.parcels.find((p) => p.parcelNo === '1')?.area).toBeCloseTo(50, 1);
    // At tolerance 0 nothing is joined: one face, two labels.
    const exact = buildParcels(draw(lines, [text(13, '1', 2, 5), text(13, '2', 7, 6)]), roleOf, { tolerance: 0 });
    expect(exact.parcels).toHaveLength(1);
    expect(rules(exact)).toEqual(['dangle', 'dangle', 'dangle', 'multi-label']);
  });

  it('reports unlabeled faces, several labels in a face and labels outside every face', () => {
    const r = buildParcels(
      draw(twoParcels(), [text(13, '7', 5, 5), text(13, '8', 6, 6), text(13, '9', 50, 50)]),
      roleOf,
    );
    expect(rules(r)).toEqual(['multi-label', 'orphan-label', 'unlabeled-face']);
    const multi = r.findings.find((f) => f.rule === 'multi-label');
    expect(multi?.detail.labels).toBe('7, 8');
    expect(multi?.geometry?.type).toBe('Polygon');
    const orphan = r.findings.find((f) => f.rule === 'orphan-label');
    expect(orphan?.geometry).toEqual({ type: 'Point', coordinates: [X0 + 50, Y0 + 50] });
    const unlabeled = r.findings.find((f) => f.rule === 'unlabeled-face');
    expect(unlabeled?.x).toBeGreaterThan(X0 + 10);
    expect(r.parcels.find((p) => !p.labeled)?.parcelNo).toBeNull();
    expect(r.stats.findings).toEqual({ 'multi-label': 1, 'orphan-label': 1, 'unlabeled-face': 1 });
  });

  it('reports a boundary drawn twice once per pair of lines', () => {
    const lines = [...twoParcels(), line([10, 10], [10, 0]), line([0, 0], [10, 0])];
    const r = buildParcels(draw(lines, [text(13, '1', 5, 5), text(13, '2', 15, 5)]), roleOf);
    const dup = r.findings.filter((f) => f.rule === 'duplicate-line');
    expect(dup).toHaveLength(2);
    expect(dup.map((f) => f.detail.length).sort()).toEqual([10, 10]);
    expect(r.parcels.map((p) => p.area)).toEqual([100, 100]);
  });

  it('finds a partly overlapping copy of a boundary after noding', () => {
    const lines = [...twoParcels(), line([10, 2], [10, 12])];
    const r = buildParcels(draw(lines, [text(13, '1', 5, 5), text(13, '2', 15, 5)]), roleOf);
    const dup = r.findings.find((f) => f.rule === 'duplicate-line');
    expect(dup?.detail.length).toBeCloseTo(8, 9);
    expect(r.findings.filter((f) => f.rule === 'dangle').map((f) => f.detail.kind)).toEqual(['free-end']);
  });

  it('compares the area text with the computed area within the tolerance', () => {
    const texts = [text(13, '1', 5, 5), text(4, '100.1', 5, 7), text(13, '2', 15, 5), text(4, '101', 15, 7)];
    const r = buildParcels(draw(twoParcels(), texts), roleOf);
    const m = r.findings.filter((f) => f.rule === 'label-area-mismatch');
    expect(m).toHaveLength(1);
    expect(m[0].detail).toMatchObject({ parcelNo: '2', stated: 101, computed: 100, difference: -1 });
    const loose = buildParcels(draw(twoParcels(), texts), roleOf, { areaTolerance: { absolute: 2 } });
    expect(loose.findings).toEqual([]);
  });

  it('takes the sheet number and scale from the frame, and gives stable finding ids', () => {
    const frame = [text(63, 'Tờ bản đồ số: 12', 0, 30), text(63, 'Tỷ lệ 1:2000', 0, 32)];
    const d = draw(twoParcels(), [text(13, '1', 5, 5), ...frame]);
    const r = buildParcels(d, roleOf, { sheetNo: '3' });
    expect(r.stats).toMatchObject({ sheetNo: '12', sheetSource: 'frame', scale: 2000, tolerance: 0.2 });
    const again = buildParcels(d, roleOf, { sheetNo: '3' });
    expect(again.findings.map((f) => f.id)).toEqual(r.findings.map((f) => f.id));
    expect(r.findings[0].id).toMatch(/^unlabeled-face:12:/);
    const noFrame = buildParcels(draw(twoParcels(), [text(13, '1', 5, 5)]), roleOf, { sheetNo: '3' });
    expect(noFrame.stats).toMatchObject({ sheetNo: '3', sheetSource: 'option', tolerance: 0.05 });
  });

  it('ignores levels without a role and copes with empty input', () => {
    const r = buildParcels(draw([{ ...line([0, 0], [1, 1]), level: 40 }], [text(50, 'x', 0, 0)]), roleOf);
    expect(r.parcels).toEqual([]);
    expect(r.findings).toEqual([]);
    const empty = buildParcels(draw([], []), roleOf);
    expect(empty.stats.faces).toBe(0);
  });

  it('drops a bridge between two separate outlines instead of making a slit polygon', () => {
    const a = line([0, 0], [10, 0], [10, 10], [0, 10], [0, 0]);
    const b = line([20, 0], [30, 0], [30, 10], [20, 10], [20, 0]);
    const bridge = line([10, 5], [20, 5]);
    const lines = [line([0, 0], [10, 0], [10, 5]), line([10, 5], [10, 10], [0, 10], [0, 0]), line([20, 0], [30, 0], [30, 10], [20, 10], [20, 5]), line([20, 5], [20, 0]), bridge];
    void a;
    void b;
    const r = buildParcels(draw(lines, [text(13, '1', 5, 5), text(13, '2', 25, 5)]), roleOf);
    expect(r.findings).toEqual([]);
    expect(r.parcels.map((p) => p.geometry.coordinates[0].length).sort()).toEqual([6, 6]);
    expect(r.parcels.map((p) => p.area)).toEqual([100, 100]);
  });
});

describe('area text, frame text and tolerance table', () => {
  it('reads Vietnamese and plain decimal marks', () => {
    expect(parseAreaText('123,4')).toEqual({ value: 123.4, halfUnit: 0.05 });
    expect(parseAreaText('1.234,5')).toEqual({ value: 1234.5, halfUnit: 0.05 });
    expect(parseAreaText('S=98.25 m2').value).toBe(98.25);
    expect(parseAreaText('150')).toEqual({ value: 150, halfUnit: 0.5 });
    expect(parseAreaText('ODT').value).toBeNaN();
  });

  it('reads the sheet number, scale and sheet code of a frame', () => {
    expect(readSheetFrame(['TỜ SỐ 7'])).toEqual({ sheetNo: '7' });
    expect(readSheetFrame(['Tờ bản đồ số: 012', 'Tỷ lệ 1:500'])).toEqual({ sheetNo: '12', scale: 500 });
    expect(readSheetFrame(['725500-6-(11)'])).toEqual({ sheetCode: '725500-6-(11)', scale: 500 });
    expect(readSheetFrame(['Phường Hòa Khánh', '1234'])).toEqual({});
  });

  it('derives the tolerance from the scale (0.1 mm at map scale)', () => {
    expect([200, 500, 1000, 2000, 5000, 10000].map(snapToleranceForScale)).toEqual([0.02, 0.05, 0.1, 0.2, 0.5, 1]);
    expect(snapToleranceForScale(undefined)).toBe(0.05);
    expect(scaleFromSheetCode('725500-6-d')).toBe(1000);
    expect(scaleFromSheetCode('725500-6')).toBe(2000);
    expect(scaleFromSheetCode('10-728494')).toBe(10000);
    expect(scaleFromSheetCode('abc')).toBeNull();
  });
});
