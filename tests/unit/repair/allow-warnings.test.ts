import { describe, expect, it } from 'vitest';
import { ParcelSetBuilder, parcelGeometry, type ParcelSet, type ParcelSetAttrInput } from '../../../shared/topology/parcel-set.js';
import type { AreaGeometry, Position } from '../../../shared/geo/geometry.js';
import { validate } from '../../../shared/validation/validate.js';
import type { ValidationSettings } from '../../../shared/validation/settings.js';
import { planRepairs, repairCommand, type RepairOptions, type RepairPlan } from '../../../shared/repair/plan.js';
import { UserError } from '../../../shared/errors.js';
import { countsOf } from './harness.js';
import { MemoryContext } from './memory-context.js';

type Parcel = [fid: number, ring: Position[], attrs?: ParcelSetAttrInput];

function rect(x0: number, y0: number, x1: number, y1: number): Position[] {
  return [[x0, y0], [x1, y0], [x1, y1], [x0, y1]];
}

function parcels(list: Parcel[]): ParcelSet {
  const b = new ParcelSetBuilder();
  for (const [fid, ring, attrs] of list) {
    b.add(fid, { type: 'Polygon', coordinates: [[...ring, ring[0]]] }, { sheetNo: '1', parcelNo: String(fid), landType: 'ODT', ...attrs });
  }
  return b.build();
}

/** Plan, apply to an in-memory project, validate again; undo must give the project back byte for byte. */
function run(set: ParcelSet, settings: Partial<ValidationSettings>, opts: Omit<RepairOptions, 'tolerance'>): { plan: RepairPlan; ctx: MemoryContext; after: ReturnType<typeof validate>['findings'] } {
  const tolerance = settings.tolerance ?? 0;
  const plan = planRepairs(set, validate(set, settings).findings, { ...opts, tolerance, settings });
  const ctx = MemoryContext.fromSet(set, (p) => parcelGeometry(set, p));
  const start = ctx.snapshot();
  const cmd = repairCommand(plan);
  cmd.apply(ctx);
  const after = validate(ctx.toSet(), settings).findings;
  cmd.invert().apply(ctx);
  expect(ctx.snapshot()).toBe(start);
  cmd.apply(ctx);
  return { plan, ctx, after };
}

const ERRORS = ['overlap', 'gap', 'invalid-ring', 'near-miss', 'empty-geometry', 'duplicate-parcel'] as const;

function partsOf(g: AreaGeometry | null): number {
  expect(g).not.toBeNull();
  return g!.type === 'Polygon' ? 1 : g!.coordinates.length;
}

describe('allowWarnings: a gap whose every taker would exceed its legal-area allowance', () => {
  // A 0.5 m gap between A (100 m², legal 100) and B (95 m², legal 95), closed above and below by
  // C and D (200 m², legal 200); with a 1 % area rule, any of them taking the 5 m² (or half of it,
  // split down the middle) ends off its legal area by more than allowed.
  const set = parcels([
    [1, rect(0, 0, 10, 10), { areaLegal: 100 }],
    [2, rect(10.5, 0, 20, 10), { areaLegal: 95 }],
    [3, rect(0, 10, 20, 20), { areaLegal: 200 }],
    [4, rect(0, -10, 20, 0), { areaLegal: 200 }],
  ]);
  const settings: Partial<ValidationSettings> = { tolerance: 0, areaRule: { kind: 'percent', percent: 1 } };

  it('is left unresolved by default, with the area-mismatch reason', () => {
    const { plan, after } = run(set, settings, { choose: 'longest-boundary' });
    expect(plan.commands).toEqual([]);
    expect(plan.warnings).toEqual([]);
    expect(plan.unresolved.map((u) => [u.rule, u.reasonEn])).toEqual([['gap', 'The repair would create new errors (area-mismatch), so it is not applied']]);
    expect(after.filter((f) => f.rule === 'gap')).toHaveLength(1);
  });

  it('is given to the longest-boundary neighbour with allowWarnings, and the new warning is listed', () => {
    const before = validate(set, settings).findings;
    const { plan, after, ctx } = run(set, settings, { choose: 'longest-boundary', allowWarnings: true });
    expect(plan.unresolved).toEqual([]);
    const item = plan.preview.items.find((i) => i.rule === 'gap')!;
    expect(item.target).toBe(1);
    expect(item.warnings).toEqual(['area-mismatch']);
    expect(item.actionEn).toMatch(/new warnings accepted: area-mismatch$/);
    expect(plan.warnings).toHaveLength(1);
    expect(plan.warnings[0]).toMatchObject({ rule: 'area-mismatch', parcel: 1, fingerprint: item.fingerprint });
    expect(plan.warnings[0].reasonEn).toBe('Computed area of parcel 1 (#1) is 105.0 m², 5.0 m² off its legal area 100.0 m² (allowed ±1.0 m²)');
    expect(plan.warnings[0].reason).toMatch(/^Diện tích tính của thửa 1 \(#1\) là 105\.0 m²/);
    // The gap is gone, no error rule went up, and the one warning traded is exactly the listed one.
    expect(after.filter((f) => f.rule === 'gap' || f.rule === 'overlap')).toEqual([]);
    const b = countsOf(before), a = countsOf(after);
    for (const rule of ERRORS) expect(a[rule] ?? 0).toBeLessThanOrEqual(b[rule] ?? 0);
    expect(after.filter((f) => f.rule === 'area-mismatch').map((f) => f.parcels)).toEqual([[1]]);
    expect(partsOf(ctx.getGeometry(1))).toBe(1);
  });

  it('never trades a hard check: a parcel named that is not a neighbour, or a parcel that would be emptied', () => {
    const findings = validate(set, settings).findings;
    const fp = findings.find((f) => f.rule === 'gap')!.fingerprint;
    const plan = planRepairs(set, findings, { choose: 'ask', tolerance: 0, settings, allowWarnings: true, rules: ['gap'], choices: { [fp]: 99 } });
    expect(plan.commands).toEqual([]);
    expect(plan.unresolved[0].reasonEn).toMatch(/99 is not a neighbour/);
    // A parcel lying inside another: keeping the overlap in the outer one would empty the inner one.
    const nested = parcels([[1, rect(0, 0, 20, 20)], [2, rect(5, 5, 10, 10)]]);
    const nf = validate(nested, { tolerance: 0 }).findings;
    const ofp = nf.find((f) => f.rule === 'overlap')!.fingerprint;
    const refused = planRepairs(nested, nf, { choose: 'ask', tolerance: 0, allowWarnings: true, choices: { [ofp]: 1 } });
    expect(refused.commands).toEqual([]);
    expect(refused.unresolved[0].reasonEn).toBe('Parcel 2 (#2) would be left without area');
  });

  it('refuses bad option values with a UserError', () => {
    const findings = validate(set, settings).findings;
    expect(() => planRepairs(set, findings, { choose: 'longest-boundary', tolerance: 0, allowWarnings: 'yes' as unknown as boolean })).toThrow(UserError);
    expect(() => planRepairs(set, findings, { choose: 'longest-boundary', tolerance: 0, allowWarnings: true, maxFragmentShare: 2 })).toThrow(UserError);
  });
});

describe('allowWarnings: an overlap whose every cut splits a parcel', () => {
  // B is a 1 m strip lying right across A, 1 m from A's left edge: cutting it from A leaves A a
  // detached 10 m² strip (5 % of A) on the left; cutting A from B leaves two 5 m² ends of B
  // (25 % of B each).
  const build = (): ParcelSet =>
    parcels([
      [1, rect(0, 0, 20, 10)],
      [2, rect(1, -5, 2, 15)],
    ]);
  const settings: Partial<ValidationSettings> = { tolerance: 0 };

  it('is left unresolved by default (the cut would split a parcel)', () => {
    const { plan, after } = run(build(), settings, { choose: 'longest-boundary', rules: ['overlap'] });
    expect(plan.commands).toEqual([]);
    expect(plan.unresolved.map((u) => u.rule)).toEqual(['overlap']);
    expect(plan.unresolved[0].reasonEn).toMatch(/would be cut into separate pieces/);
    expect(after.filter((f) => f.rule === 'overlap')).toHaveLength(1);
  });

  it('with allowWarnings the small detached fragment goes to the neighbour along it, no parcel becomes multi-part', () => {
    const set = build();
    const { plan, after, ctx } = run(set, settings, { choose: 'longest-boundary', rules: ['overlap'], allowWarnings: true });
    expect(plan.unresolved).toEqual([]);
    const item = plan.preview.items.find((i) => i.rule === 'overlap')!;
    expect(item.target).toBe(2);
    expect(item.fragments).toHaveLength(1);
    expect(item.fragments![0]).toMatchObject({ from: 1, to: 2 });
    expect(item.fragments![0].area).toBeCloseTo(10, 9);
    expect(item.fragments![0].sharedBoundary).toBeCloseTo(10, 9);
    expect(item.actionEn).toMatch(/the 10\.0000 m² detached fragment of parcel 1 \(#1\) merged into parcel 2 \(#2\)/);
    expect(after.filter((f) => f.rule === 'overlap' || f.rule === 'gap' || f.rule === 'invalid-ring')).toEqual([]);
    expect(partsOf(ctx.getGeometry(1))).toBe(1);
    expect(partsOf(ctx.getGeometry(2))).toBe(1);
    // A keeps its part east of the strip; B gains the overlap and the fragment west of it.
    const a = ctx.getGeometry(1)!;
    const ring = a.type === 'Polygon' ? a.coordinates[0] : a.coordinates[0][0];
    expect(Math.min(...ring.map((p) => p[0]))).toBe(2);
  });

  it('keeps it unresolved when the fragment is larger than the allowed share of the parcel', () => {
    const { plan } = run(build(), settings, { choose: 'longest-boundary', rules: ['overlap'], allowWarnings: true, maxFragmentShare: 0.04 });
    expect(plan.commands).toEqual([]);
    expect(plan.unresolved).toHaveLength(1);
    expect(plan.unresolved[0].reasonEn).toMatch(/detached fragment of .* m² is more than 4% of the parcel|would be cut into separate pieces/);
  });
});
