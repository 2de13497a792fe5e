import { describe, expect, it } from 'vitest';
import { ParcelSetBuilder, type ParcelSetAttrInput } from '../../../shared/topology/parcel-set.js';
import { validate, validateArea, replaceFindings } from '../../../shared/validation/validate.js';
import { allowedAreaDifference } from '../../../shared/validation/rules/area-mismatch.js';
import { RULES } from '../../../shared/validation/rules.js';
import { RULE_IDS, type RuleId } from '../../../shared/model/finding.js';
import { UserError, CancelledError } from '../../../shared/errors.js';
import type { AreaGeometry, Position } from '../../../shared/geo/geometry.js';

const rect = (x0: number, y0: number, x1: number, y1: number): Position[] => [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];
const poly = (...rings: Position[][]): AreaGeometry => ({ type: 'Polygon', coordinates: rings });
const attrs = (n: number, extra: ParcelSetAttrInput = {}): ParcelSetAttrInput => ({ communeCode: '20248', sheetNo: '1', parcelNo: String(n), landType: 'ODT', ...extra });

function run(parcels: [AreaGeometry | null, ParcelSetAttrInput?][], rules: RuleId[], settings = {}) {
  const b = new ParcelSetBuilder();
  parcels.forEach(([g, a], i) => b.add(100 + i, g, a ?? attrs(i + 1)));
  return validate(b.build(), { tolerance: 0, rules, ...settings }).findings;
}

describe('registry', () => {
  it('has one module per documented rule id, with a severity', () => {
    expect(RULES.map((r) => r.id).sort()).toEqual([...RULE_IDS].sort());
    for (const r of RULES) expect(['error', 'warning', 'info']).toContain(r.severity);
  });
  it('refuses an unknown rule id and bad settings with a user error', () => {
    expect(() => run([[poly(rect(0, 0, 1, 1))]], ['no-such-rule' as RuleId])).toThrow(UserError);
    expect(() => run([[poly(rect(0, 0, 1, 1))]], ['sliver'], { tolerance: -1 })).toThrow(UserError);
  });
});

describe('geometry rules', () => {
  it('empty-geometry: null geometry', () => {
    const f = run([[null], [poly(rect(0, 0, 1, 1))]], ['empty-geometry']);
    expect(f).toHaveLength(1);
    expect(f[0].parcels).toEqual([100]);
    expect(f[0].severity).toBe('error');
  });

  it('invalid-ring: bow-tie self-intersection with the crossing point', () => {
    const f = run([[poly([[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]])]], ['invalid-ring']);
    expect(f).toHaveLength(1);
    expect(f[0].detail?.kind).toBe('self-intersection');
    expect(f[0].x).toBeCloseTo(1, 12);
    expect(f[0].y).toBeCloseTo(1, 12);
  });

  it('invalid-ring: ring touching itself at a vertex (inverted hole)', () => {
    const ring: Position[] = [[0, 0], [4, 0], [4, 4], [2, 4], [3, 2], [1, 2], [2, 4], [0, 4], [0, 0]];
    const f = run([[poly(ring)]], ['invalid-ring']);
    expect(f).toHaveLength(1);
    expect(f[0].detail?.kind).toBe('self-touch');
    expect([f[0].x, f[0].y]).toEqual([2, 4]);
  });

  it('invalid-ring: unclosed, too few points, hole crossing the shell, hole outside', () => {
    const f = run(
      [
        [poly([[0, 0], [1, 0], [1, 1], [0, 1]])],
        [poly([[0, 0], [1, 0], [0, 0]])],
        [poly(rect(0, 0, 4, 4), rect(3, 1, 5, 2))],
        [poly(rect(0, 0, 4, 4), rect(10, 10, 11, 11))],
        [poly(rect(0, 0, 4, 4), rect(1, 1, 2, 2))],
      ],
      ['invalid-ring'],
    );
    expect(f.map((x) => [x.parcels[0], x.detail?.kind])).toEqual([
      [100, 'unclosed'],
      [101, 'too-few-points'],
      [102, 'ring-crossing'],
      [103, 'hole-outside-shell'],
    ]);
  });

  it('duplicate-parcel: same geometry, other start vertex and direction', () => {
    const a = rect(0, 0, 2, 2);
    const b: Position[] = [[2, 2], [2, 0], [0, 0], [0, 2], [2, 2]];
    const f = run([[poly(a)], [poly(b)], [poly(rect(5, 5, 6, 6))]], ['duplicate-parcel']);
    expect(f).toHaveLength(1);
    expect(f[0].parcels).toEqual([100, 101]);
  });

  it('sliver: mean width under 0.5 m', () => {
    const f = run([[poly(rect(0, 0, 10, 0.3))], [poly(rect(0, 1, 10, 3))]], ['sliver']);
    expect(f).toHaveLength(1);
    expect(f[0].parcels).toEqual([100]);
    expect(f[0].width).toBeCloseTo((2 * 3) / 20.6, 9);
  });

  it('spike: a sharp short spike, not an ordinary corner', () => {
    const ring: Position[] = [[0, 0], [10, 0], [10, 5], [12, 5.01], [10, 5.02], [10, 10], [0, 10], [0, 0]];
    const f = run([[poly(ring)], [poly(rect(20, 0, 30, 10))]], ['spike']);
    expect(f).toHaveLength(1);
    expect([f[0].x, f[0].y]).toEqual([12, 5.01]);
    expect(run([[poly(ring)]], ['spike'], { spikeLength: 1 })).toHaveLength(0);
  });

  it('duplicate-vertex: repeated consecutive vertex', () => {
    const ring: Position[] = [[0, 0], [1, 0], [1, 0], [1, 1], [0, 1], [0, 0]];
    const f = run([[poly(ring)], [poly(rect(5, 5, 6, 6))]], ['duplicate-vertex']);
    expect(f).toHaveLength(1);
    expect(f[0].severity).toBe('info');
    expect(f[0].detail?.count).toBe(1);
  });
});

describe('attribute rules', () => {
  it('duplicate-number: same commune, sheet and parcel number', () => {
    const f = run(
      [
        [poly(rect(0, 0, 1, 1)), attrs(7)],
        [poly(rect(1, 0, 2, 1)), attrs(7)],
        [poly(rect(2, 0, 3, 1)), attrs(7, { communeCode: '20249' })],
        [poly(rect(3, 0, 4, 1)), attrs(7, { sheetNo: '2' })],
      ],
      ['duplicate-number'],
    );
    expect(f).toHaveLength(1);
    expect(f[0].parcels).toEqual([100, 101]);
  });

  it('missing-number says which number is missing', () => {
    const f = run([[poly(rect(0, 0, 1, 1)), attrs(1, { sheetNo: null })], [poly(rect(1, 0, 2, 1)), attrs(2, { parcelNo: '  ' })]], ['missing-number']);
    expect(f.map((x) => x.detail?.missing)).toEqual(['sheet', 'parcel']);
  });

  it('invalid-land-type: unknown, legacy with a suggestion, combined codes, missing', () => {
    const f = run(
      [
        [poly(rect(0, 0, 1, 1)), attrs(1, { landType: 'ODT+CLN' })],
        [poly(rect(1, 0, 2, 1)), attrs(2, { landType: 'BHK' })],
        [poly(rect(2, 0, 3, 1)), attrs(3, { landType: 'XYZ' })],
        [poly(rect(3, 0, 4, 1)), attrs(4, { landType: null })],
      ],
      ['invalid-land-type'],
    );
    expect(f.map((x) => [x.parcels[0], x.detail?.problem, x.detail?.suggest])).toEqual([
      [101, 'legacy', 'HNK'],
      [102, 'unknown', undefined],
      [103, 'missing', undefined],
    ]);
  });

  it('area-mismatch: formula 2·0.0004·M·√P and the percent rule', () => {
    expect(allowedAreaDifference({ kind: 'formula', mapScale: 1000 }, 100)).toBeCloseTo(8, 12);
    expect(allowedAreaDifference({ kind: 'percent', percent: 5 }, 200)).toBeCloseTo(10, 12);
    const parcels: [AreaGeometry, ParcelSetAttrInput][] = [
      [poly(rect(0, 0, 10, 10)), attrs(1, { areaLegal: 107 })], // diff 7 <= 8
      [poly(rect(10, 0, 20, 10)), attrs(2, { areaLegal: 109 })], // diff 9 > 8
      [poly(rect(20, 0, 30, 10)), attrs(3, { areaLegal: null })],
    ];
    expect(run(parcels, ['area-mismatch']).map((x) => x.parcels[0])).toEqual([101]);
    expect(run(parcels, ['area-mismatch'], { areaRule: { kind: 'percent', percent: 8 } }).map((x) => x.parcels[0])).toEqual([101]);
    expect(run(parcels, ['area-mismatch'], { areaRule: { kind: 'percent', percent: 10 } })).toHaveLength(0);
  });
});

describe('topology rules and findings', () => {
  it('overlap carries polygon, area, location inside and a stable fingerprint', () => {
    const parcels: [AreaGeometry][] = [[poly(rect(0, 0, 10, 10))], [poly(rect(9, 2, 20, 8))]];
    const f = run(parcels, ['overlap', 'gap']);
    expect(f).toHaveLength(1);
    expect(f[0].rule).toBe('overlap');
    expect(f[0].parcels).toEqual([100, 101]);
    expect(f[0].area).toBeCloseTo(6, 9);
    expect(f[0].geometry?.type).toBe('Polygon');
    expect(f[0].x).toBeGreaterThan(9);
    expect(f[0].x).toBeLessThan(10);
    // Same problem, parcels given in the other order: same fingerprint.
    const g = run([parcels[1], parcels[0]], ['overlap']);
    expect(g[0].fingerprint).toBe(f[0].fingerprint.replace(/:100,101:/, ':100,101:'));
    expect(g[0].fingerprint).toBe(f[0].fingerprint);
  });

  it('gap inside a commune of parcels, the open outside is not a gap', () => {
    const parcels: [AreaGeometry][] = [];
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) if (i !== 1 || j !== 1) parcels.push([poly(rect(i * 10, j * 10, i * 10 + 10, j * 10 + 10))]);
    parcels.push([poly(rect(11, 11, 19, 19))]);
    const f = run(parcels, ['gap', 'overlap']);
    expect(f).toHaveLength(1);
    expect(f[0].rule).toBe('gap');
    expect(f[0].area).toBeCloseTo(100 - 64, 9);
    expect(f[0].parcels).toHaveLength(5);
  });

  it('near-miss instead of overlap/gap below the tolerance', () => {
    const parcels: [AreaGeometry][] = [[poly(rect(0, 0, 10, 10))], [poly([[10.03, 0], [20, 0], [20, 10], [10, 10], [10.03, 0]])]];
    const exact = run(parcels, ['overlap', 'gap', 'near-miss']);
    expect(exact.map((f) => f.rule)).toEqual([]); // open sliver on the outside: no gap, no overlap
    const b = new ParcelSetBuilder();
    b.add(1, poly(rect(0, 0, 10, 10)));
    b.add(2, poly([[10.03, 0], [20, 0], [20, 10], [10, 10], [10.03, 0]]));
    b.add(3, poly(rect(0, -10, 20, 0)));
    const r0 = validate(b.build(), { tolerance: 0, rules: ['overlap', 'gap', 'near-miss'] });
    expect(r0.counts.gap).toBe(1);
    const r = validate(b.build(), { tolerance: 0.05, rules: ['overlap', 'gap', 'near-miss'] });
    expect(r.counts.gap ?? 0).toBe(0);
    expect(r.counts.overlap ?? 0).toBe(0);
    const nm = r.findings.filter((f) => f.rule === 'near-miss' && f.parcels.join() === '1,2');
    expect(nm).toHaveLength(1);
    expect(nm[0].width).toBeCloseTo(0.03, 6);
  });

  it('reports progress and can be cancelled', () => {
    const b = new ParcelSetBuilder();
    b.add(1, poly(rect(0, 0, 1, 1)));
    const phases: string[] = [];
    validate(b.build(), {}, { onProgress: (p) => phases.push(p.phase) });
    expect(phases).toContain('overlap');
    expect(phases[phases.length - 1]).toBe('done');
    expect(() => validate(b.build(), {}, { shouldCancel: () => true })).toThrow(CancelledError);
  });

  it('validateArea re-checks only the edited area and replaces its findings', () => {
    const before = new ParcelSetBuilder();
    const after = new ParcelSetBuilder();
    for (let i = 0; i < 10; i++) {
      const x = i * 10;
      before.add(i + 1, poly(rect(x, 0, x + (i === 2 || i === 7 ? 10.5 : 10), 10)), attrs(i + 1));
      after.add(i + 1, poly(rect(x, 0, x + (i === 7 ? 10.5 : 10), 10)), attrs(i + 1));
    }
    const full = validate(before.build(), { tolerance: 0 });
    expect(full.findings.filter((f) => f.rule === 'overlap').map((f) => f.parcels)).toEqual([[3, 4], [8, 9]]);
    const afterSet = after.build();
    const update = validateArea(afterSet, [20, 0, 30, 10], { tolerance: 0 });
    expect(update.checkedParcels).toBeLessThan(10);
    const merged = replaceFindings(full.findings, update);
    const expected = validate(afterSet, { tolerance: 0 }).findings.map((f) => f.fingerprint).sort();
    expect(merged.map((f) => f.fingerprint).sort()).toEqual(expected);
  });
});
