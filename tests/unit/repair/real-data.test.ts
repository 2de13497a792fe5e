import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { loadLayer } from '../validation/load-gpkg.js';
import { validate } from '../../../shared/validation/validate.js';
import { parcelGeometry } from '../../../shared/topology/parcel-set.js';
import { planRepairs, repairCommand, type RepairPlan } from '../../../shared/repair/plan.js';
import type { Finding } from '../../../shared/model/finding.js';
import { invalidReason } from '../../../shared/repair/jsts-ops.js';
import { polygonsOf } from '../../../shared/repair/shape.js';
import type { RuleId } from '../../../shared/model/finding.js';
import { MemoryContext } from './memory-context.js';
import { countsOf, expectNoIncrease } from './harness.js';

const DANANG = '../shared/data/vn-danang/danang_parcels_vn2000_epsg5899.gpkg';
const COLUMNS = { commune: 'MaXa', sheet: 'SoHieuToBanDo', parcel: 'SoThuTuThua', landType: 'KyHieuMucDichSuDung', area: 'DienTich' };

function repairAndRevalidate(where: string, tolerance: number, rules: RuleId[] = ['near-miss', 'gap', 'overlap'], allowWarnings = false) {
  const set = loadLayer(DANANG, 'parcels', where, COLUMNS);
  const before = validate(set, { tolerance }).findings;
  const plan = planRepairs(set, before, { rules, choose: 'longest-boundary', tolerance, allowWarnings });
  const ctx = MemoryContext.fromSet(set, (p) => parcelGeometry(set, p));
  const start = ctx.snapshot();
  const cmd = repairCommand(plan);
  cmd.apply(ctx);
  const after = validate(ctx.toSet(), { tolerance }).findings;
  // Every shape the repair wrote is a valid (multi)polygon.
  const invalid = plan.preview.parcels.filter((fid) => {
    const g = ctx.getGeometry(fid);
    return g !== null && invalidReason(polygonsOf(g)) !== null;
  });
  cmd.invert().apply(ctx);
  expect(ctx.snapshot()).toBe(start);
  return { set, before, after, plan, invalid };
}

/**
 * With allowWarnings: no overlap or gap is left, no error-severity rule's count goes up, and each
 * warning rule grows by at most what the plan lists as created (other repairs may also remove some).
 */
function expectTraded(before: Finding[], after: Finding[], plan: RepairPlan): void {
  expect(after.filter((f) => f.rule === 'overlap' || f.rule === 'gap')).toEqual([]);
  const c0 = countsOf(before), c1 = countsOf(after);
  for (const f of after) {
    if (f.severity !== 'error') continue;
    expect(c1[f.rule] ?? 0, `error rule ${f.rule}`).toBeLessThanOrEqual(c0[f.rule] ?? 0);
  }
  for (const rule of ['spike', 'area-mismatch', 'sliver'] as const) {
    const listed = plan.warnings.filter((w) => w.rule === rule).length;
    expect(c1[rule] ?? 0, `warnings of ${rule}`).toBeLessThanOrEqual((c0[rule] ?? 0) + listed);
  }
  for (const w of plan.warnings) {
    expect(w.reason.length).toBeGreaterThan(10);
    expect(w.reasonEn.length).toBeGreaterThan(10);
    expect(plan.preview.parcels).toContain(w.parcel);
  }
}

describe.skipIf(!existsSync(DANANG))('repairs on real Đà Nẵng parcels (skipped: ../shared/data/vn-danang absent)', () => {
  it('ward 20248 at tolerance 0.05 m: near-misses snapped, no overlap or gap, no rule count goes up', () => {
    const { before, after, plan } = repairAndRevalidate(`where MaXa = '20248'`, 0.05);
    const c0 = countsOf(before), c1 = countsOf(after);
    expect(c0['near-miss']).toBeGreaterThan(50);
    expect(c1.overlap ?? 0).toBe(0);
    expect(c1.gap ?? 0).toBe(0);
    expectNoIncrease(c0, c1);
    // Every near-miss is repaired except the listed ones, and those are all that remain.
    expect(c1['near-miss'] ?? 0).toBe(plan.unresolved.filter((u) => u.rule === 'near-miss').length);
    expect(c1['near-miss'] ?? 0).toBeLessThan((c0['near-miss'] ?? 0) / 10);
    for (const u of plan.unresolved) expect(u.reason.length).toBeGreaterThan(10);
  });

  it('ward 20248 at tolerance 0: every overlap and gap repaired exactly, no rule count goes up', () => {
    const { before, after, plan } = repairAndRevalidate(`where MaXa = '20248'`, 0);
    const c0 = countsOf(before), c1 = countsOf(after);
    expect(c0.overlap).toBeGreaterThan(50);
    expect(c0.gap).toBeGreaterThan(30);
    expect(plan.unresolved).toEqual([]);
    expect(c1.overlap ?? 0).toBe(0);
    expect(c1.gap ?? 0).toBe(0);
    expectNoIncrease(c0, c1);
  });

  it('ward 20266 at tolerance 0: invalid rings untangled, overlaps and gaps repaired in rounds; what is left is explained', () => {
    const { before, after, plan, invalid } = repairAndRevalidate(`where MaXa = '20266'`, 0, ['invalid-ring', 'near-miss', 'gap', 'overlap']);
    const c0 = countsOf(before), c1 = countsOf(after);
    expect(c0.overlap).toBeGreaterThan(500);
    expect(c0.gap).toBeGreaterThan(300);
    expect(c0['invalid-ring']).toBe(4);
    expectNoIncrease(c0, c1);
    expect(invalid).toEqual([]);
    // The four pinched road parcels are rewritten validly, which lets the overlays beside them work.
    expect(plan.preview.counts['invalid-ring']).toBe(4);
    expect(c1['invalid-ring'] ?? 0).toBe(0);
    // Measured (docs/repairs.md): 555 overlaps + 344 gaps -> at most one region, a gap no neighbour
    // can take without a new spike. Whatever is left is in plan.unresolved with its reason.
    const left = after.filter((f) => f.rule === 'overlap' || f.rule === 'gap');
    expect(left.length).toBeLessThanOrEqual(1);
    const explained = new Set(plan.unresolved.map((u) => u.fingerprint));
    for (const f of left) expect(explained.has(f.fingerprint), `${f.rule} ${f.parcels.join(',')} is explained`).toBe(true);
    for (const u of plan.unresolved) expect(u.reasonEn.length).toBeGreaterThan(10);
  });

  it('ward 20207 at tolerance 0: a gap no neighbour can take whole is split down its middle; what is left is explained', () => {
    const { before, after, plan, invalid } = repairAndRevalidate(`where MaXa = '20207'`, 0, ['invalid-ring', 'gap', 'overlap']);
    const c0 = countsOf(before), c1 = countsOf(after);
    expect(c0.overlap).toBeGreaterThan(200);
    expect(c0.gap).toBeGreaterThan(100);
    expectNoIncrease(c0, c1);
    expect(invalid).toEqual([]);
    // The 5.9 m² needle between parcels 12896 and 13277 (a spike for whoever takes it whole).
    const split = plan.preview.items.filter((i) => i.rule === 'gap' && i.actionEn.startsWith('Split the'));
    expect(split.map((i) => i.parcels)).toEqual([[11642, 12896, 13276, 13277]]);
    expect(c1.gap ?? 0).toBe(0);
    // Measured: one 11 m² overlap is left (either cut breaks a legal area), listed with its reason.
    const left = after.filter((f) => f.rule === 'overlap' || f.rule === 'gap');
    expect(left.length).toBeLessThanOrEqual(1);
    for (const f of left) expect(plan.unresolved.find((u) => u.fingerprint === f.fingerprint)?.reasonEn).toMatch(/area-mismatch/);
  });

  it('ward 20207 at tolerance 0 with allowWarnings: nothing left, no error count up, every new warning listed', () => {
    const { before, after, plan, invalid } = repairAndRevalidate(`where MaXa = '20207'`, 0, ['invalid-ring', 'gap', 'overlap'], true);
    expectTraded(before, after, plan);
    expect(invalid).toEqual([]);
    // The 11 m² overlap left by default (either whole cut breaks a legal area): keeping it in the
    // parcel whose cut only detaches a 0.04 m² fragment, handed to the neighbour along it, breaks none.
    const moved = plan.preview.items.filter((i) => i.fragments?.length);
    expect(moved.map((i) => i.rule)).toEqual(['overlap']);
    expect(moved[0].fragments![0].area).toBeLessThan(0.1);
  });

  it.skipIf(!process.env.PARCELDESK_FULL_DATA)('all 111,469 parcels at tolerance 0 with allowWarnings (set PARCELDESK_FULL_DATA=1)', () => {
    const { before, after, plan, invalid } = repairAndRevalidate('', 0, ['invalid-ring', 'near-miss', 'gap', 'overlap'], true);
    console.log(JSON.stringify({ before: countsOf(before), after: countsOf(after), repaired: plan.preview.counts, warnings: plan.warnings.length }));
    expectTraded(before, after, plan);
    expect(invalid).toEqual([]);
    expect(countsOf(after)['invalid-ring'] ?? 0).toBe(0);
  }, 1_800_000);

  it.skipIf(!process.env.PARCELDESK_FULL_DATA)('all 111,469 parcels at tolerance 0 (set PARCELDESK_FULL_DATA=1)', () => {
    const { before, after, plan, invalid } = repairAndRevalidate('', 0, ['invalid-ring', 'near-miss', 'gap', 'overlap']);
    const c0 = countsOf(before), c1 = countsOf(after);
    console.log(JSON.stringify({ before: c0, after: c1, repaired: plan.preview.counts, unresolved: plan.unresolved.length }));
    expectNoIncrease(c0, c1);
    expect(invalid).toEqual([]);
    // Measured (docs/repairs.md): 6,037 overlaps -> 7 and 3,436 gaps -> 3, each left region listed in
    // plan.unresolved with its reason (a cut that would split a parcel or break its legal area, a
    // pathological needle that leaves a spike whoever takes it). Guard: at most 20 left, all explained.
    const left = after.filter((f) => f.rule === 'overlap' || f.rule === 'gap');
    expect(left.length).toBeLessThanOrEqual(20);
    const explained = new Set(plan.unresolved.map((u) => u.fingerprint));
    for (const f of left) expect(explained.has(f.fingerprint), `${f.rule} ${f.parcels.join(',')} is explained`).toBe(true);
  }, 1_800_000);
});
