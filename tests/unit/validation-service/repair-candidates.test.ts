/**
 * repairCandidates (choice rule 'ask') over the real app service: on a generated commune with seeded
 * gaps, overlaps and a sliver, every candidate's measures are those the engine applies when that
 * parcel is chosen (applyFix with the explicit target), the marks agree with the automatic rules,
 * candidates failing the checks carry the engine's reason, and the sample project's candidates
 * (tolerance 0.05 with millimetre noise) behave the same.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppService, type AppService } from '../../../electron/services/app-service.js';
import type { JobStatus } from '../../../shared/ipc/contract.js';
import type { FindingItem, RepairCandidates } from '../../../shared/ipc/validation.js';
import { writeSeededProject } from '../../fixtures/seeded-project.js';
import { tempDir } from '../../helpers/tools.js';

async function validate(api: AppService, tolerance?: number): Promise<void> {
  const { jobId } = await api.startValidation(tolerance === undefined ? {} : { tolerance });
  for (let i = 0; i < 6000; i++) {
    const s: JobStatus = await api.jobStatus({ jobId });
    if (s.state === 'done') return;
    if (s.state !== 'running') throw new Error(`validation ${s.state}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('validation did not finish');
}

/** Applies each ok candidate in turn and checks the stored areas against the promised ones, then undoes. */
async function checkAgainstApply(api: AppService, f: FindingItem, c: RepairCandidates): Promise<number> {
  let applied = 0;
  for (const cand of c.candidates) {
    const req = { choose: 'ask' as const, fingerprints: [f.fingerprint], choices: { [f.fingerprint]: cand.fid } };
    if (!cand.ok) {
      // The UI never applies a disabled candidate; the engine's own preview gives the same reason.
      const p = await api.previewFix(req);
      expect(p.items.some((i) => i.fingerprint === f.fingerprint && i.target === cand.fid)).toBe(false);
      expect(p.unresolved.map((u) => u.reason)).toContain(cand.reason);
      continue;
    }
    const r = await api.applyFix(req);
    expect(r.applied).toBe(true);
    expect(r.items.find((i) => i.fingerprint === f.fingerprint)?.target).toBe(cand.fid);
    expect((await api.findings({ limit: 5000 })).items.some((x) => x.fingerprint === f.fingerprint)).toBe(false);
    for (const ch of cand.changes) {
      if (ch.areaAfter === null) await expect(api.getParcel({ fid: ch.fid })).rejects.toThrow();
      else expect((await api.getParcel({ fid: ch.fid })).area).toBeCloseTo(ch.areaAfter, 4);
    }
    const undo = await api.undo({});
    expect([...undo.changed].sort((a, b) => a - b)).toEqual(cand.changes.map((ch) => ch.fid));
    expect((await api.getParcel({ fid: cand.fid })).area).toBe(cand.area);
    expect((await api.findings({ limit: 5000 })).items.some((x) => x.fingerprint === f.fingerprint)).toBe(true);
    applied++;
  }
  return applied;
}

describe('repairCandidates on a generated commune with seeded gaps, overlaps and a sliver (tolerance 0)', () => {
  let api: AppService;
  let items: FindingItem[];

  beforeAll(async () => {
    const { file } = writeSeededProject(path.join(tempDir(), 'xa-hoi.gpkg'), {
      sheets: 4,
      parcelsPerSheet: 100,
      errors: { overlaps: 2, gaps: 2, slivers: 1, spikes: 1 },
    });
    api = createAppService({ userDataDir: tempDir(), shell: 'web', user: 'ktv01' });
    await api.openProject({ path: file });
    await validate(api, 0);
    items = (await api.findings({ limit: 5000 })).items;
  });
  afterAll(() => api?.dispose());

  it('finds the seeded errors', () => {
    const byRule = (r: string) => items.filter((f) => f.rule === r).length;
    expect([byRule('overlap'), byRule('gap'), byRule('sliver')]).toEqual([2, 2, 1]);
  });

  it('a gap: every bordering parcel, the receiving one grows by the gap, measures as applied', async () => {
    for (const f of items.filter((x) => x.rule === 'gap')) {
      const c = await api.repairCandidates({ fingerprint: f.fingerprint });
      expect(c.finding.fingerprint).toBe(f.fingerprint);
      expect(c.candidates.map((x) => x.fid).sort()).toEqual([...f.parcels].sort());
      for (const cand of c.candidates) {
        expect(cand.ok).toBe(true);
        expect(cand.sharedBoundary).toBeGreaterThan(1);
        const parcel = await api.getParcel({ fid: cand.fid });
        expect(cand).toMatchObject({ sheet: parcel.sheet_no, parcelNo: parcel.parcel_no, landType: parcel.land_type, area: parcel.area });
        expect(cand.legalArea).toBe(parcel.area_legal);
        expect(cand.geometry).toEqual(parcel.geometry);
        // At tolerance 0 the gap is exact: the receiving parcel gains exactly its area.
        expect(cand.areaAfter! - cand.area!).toBeCloseTo(f.area!, 3);
        expect(cand.changes.map((ch) => ch.fid)).toEqual([cand.fid]);
        const ch = cand.changes[0];
        expect(cand.legalDelta).toBeCloseTo(Math.abs(ch.areaAfter! - ch.legalArea!) - Math.abs(ch.areaBefore! - ch.legalArea!), 9);
      }
      expect(await checkAgainstApply(api, f, c)).toBe(c.candidates.length);
    }
  });

  it('an overlap: keeping it in one parcel cuts it from the other; the marks match the automatic rules', async () => {
    for (const f of items.filter((x) => x.rule === 'overlap')) {
      const c = await api.repairCandidates({ fingerprint: f.fingerprint });
      expect(c.candidates).toHaveLength(2);
      const [first, second] = c.candidates;
      expect(first.sharedBoundary).toBeGreaterThanOrEqual(second.sharedBoundary);
      for (const cand of c.candidates) {
        expect(cand.ok).toBe(true);
        // The keeper keeps its shape; the other finding parcel loses the overlap.
        expect(cand.areaAfter).toBe(cand.area);
        const other = cand.changes.find((ch) => ch.fid !== cand.fid)!;
        expect(f.parcels).toContain(other.fid);
        expect(other.areaBefore! - other.areaAfter!).toBeCloseTo(f.area!, 3);
      }
      const longest = await api.previewFix({ choose: 'longest-boundary', fingerprints: [f.fingerprint] });
      expect(c.candidates.find((x) => x.longest)?.fid).toBe(longest.items[0].target);
      const legal = await api.previewFix({ choose: 'legal-area', fingerprints: [f.fingerprint] });
      expect(c.candidates.find((x) => x.closestLegal)?.fid).toBe(legal.items[0].target);
      expect(c.candidates.filter((x) => x.longest)).toHaveLength(1);
      expect(await checkAgainstApply(api, f, c)).toBe(2);
    }
  });

  it('a sliver: each neighbour absorbs it and the sliver parcel is deleted (undo brings it back)', async () => {
    const f = items.find((x) => x.rule === 'sliver')!;
    const c = await api.repairCandidates({ fingerprint: f.fingerprint });
    expect(c.candidates.length).toBeGreaterThanOrEqual(2);
    const sliverFid = f.parcels[0];
    for (const cand of c.candidates.filter((x) => x.ok)) {
      expect(cand.changes.find((ch) => ch.fid === sliverFid)?.areaAfter).toBeNull();
      expect(cand.areaAfter).toBeGreaterThan(cand.area!);
    }
    expect(await checkAgainstApply(api, f, c)).toBe(c.candidates.filter((x) => x.ok).length);
    expect((await api.getParcel({ fid: sliverFid })).fid).toBe(sliverFid);
  });

  it('refuses rules without a choice, unknown findings and a missing fingerprint', async () => {
    const spike = items.find((x) => x.rule === 'spike')!;
    await expect(api.repairCandidates({ fingerprint: spike.fingerprint })).rejects.toThrow(/không có thửa nhận để chọn/);
    await expect(api.repairCandidates({ fingerprint: 'gap:1,2:00000000' })).rejects.toThrow(/gap:1,2:00000000/);
    await expect(api.repairCandidates({} as never)).rejects.toThrow(/fingerprint/);
  });

  it('an explicit target that is not a candidate is reported, nothing applied', async () => {
    const f = items.find((x) => x.rule === 'gap')!;
    const stranger = (await api.searchParcels({ limit: 500 })).find((p) => !f.parcels.includes(p.fid))!;
    const r = await api.applyFix({ choose: 'ask', fingerprints: [f.fingerprint], choices: { [f.fingerprint]: stranger.fid } });
    expect(r.applied).toBe(false);
    expect(r.unresolved[0].reasonEn).toMatch(new RegExp(`#${stranger.fid} is not a neighbour`));
  });
});

describe('repairCandidates on the sample project (tolerance 0.05, millimetre noise)', () => {
  it('offers the candidates, disables those failing the checks with the reason, and applies the chosen one', async () => {
    const api = createAppService({ userDataDir: tempDir(), shell: 'web', user: 'ktv01' });
    try {
      await api.openSampleProject({});
      await validate(api);
      // Enclosed gaps and overlaps: two or more parcels border each. The sample's notch on the commune
      // edge (a gap only against the boundary, one parcel beside it) is not among them.
      const items = (await api.findings({ limit: 200 })).items.filter(
        (f) => (f.rule === 'gap' && (f.detail as { where?: string } | undefined)?.where !== 'boundary') || f.rule === 'overlap',
      );
      expect(items.length).toBeGreaterThanOrEqual(4);
      let disabled = 0;
      let enabled = 0;
      for (const f of items) {
        const c = await api.repairCandidates({ fingerprint: f.fingerprint });
        expect(c.candidates.length).toBeGreaterThanOrEqual(2);
        for (const cand of c.candidates) {
          if (cand.ok) {
            enabled++;
            expect(cand.changes.some((ch) => ch.fid === cand.fid || f.parcels.includes(ch.fid))).toBe(true);
          } else {
            disabled++;
            expect(cand.reason).toBeTruthy();
            expect(cand.reasonEn).toBeTruthy();
            expect(cand.reasonEn).not.toBe(cand.reason);
            expect(cand.changes).toEqual([]);
          }
        }
        expect(await checkAgainstApply(api, f, c)).toBe(c.candidates.filter((x) => x.ok).length);
      }
      // The sample's planted gaps include one whose neighbours would all break the area tolerance.
      expect(disabled).toBeGreaterThan(0);
      expect(enabled).toBeGreaterThan(0);
    } finally {
      api.dispose();
    }
  });
});

describe("repairCandidates and applyFix for the sample project's gap along the commune boundary", () => {
  it('offers the parcel along the notch with the engine\'s reason; allowWarnings applies it and lists the warning', async () => {
    const api = createAppService({ userDataDir: tempDir(), shell: 'web', user: 'ktv01' });
    try {
      await api.openSampleProject({});
      await validate(api);
      const notches = (await api.findings({ limit: 500 })).items.filter(
        (f) => f.rule === 'gap' && (f.detail as { where?: string } | undefined)?.where === 'boundary',
      );
      expect(notches).toHaveLength(1);
      const f = notches[0];
      // The engine finds the notch again (against the boundary) and offers the one parcel along it;
      // taking the 40 m² notch would push that parcel past its legal-area allowance.
      const c = await api.repairCandidates({ fingerprint: f.fingerprint });
      expect(c.reason).toBeUndefined();
      expect(c.candidates.map((x) => x.fid)).toEqual(f.parcels);
      expect(c.candidates[0].sharedBoundary).toBeGreaterThan(10);
      expect(c.candidates[0].ok).toBe(false);
      expect(c.candidates[0].reasonEn).toBe('The repair would create new errors (area-mismatch), so it is not applied');
      const strict = await api.previewFix({ rules: ['gap'], choose: 'longest-boundary' });
      expect(strict.items.some((i) => i.fingerprint === f.fingerprint)).toBe(false);
      expect(strict.unresolved.find((u) => u.fingerprint === f.fingerprint)?.reasonEn).toMatch(/area-mismatch/);
      expect(strict.warnings).toEqual([]);
      // Allowing warnings: the parcel takes it, and QA sees the area mismatch traded for it.
      const lenient = await api.previewFix({ rules: ['gap'], choose: 'longest-boundary', allowWarnings: true });
      const item = lenient.items.find((i) => i.fingerprint === f.fingerprint)!;
      expect(item.target).toBe(f.parcels[0]);
      expect(item.warnings).toEqual(['area-mismatch']);
      expect(lenient.warnings.filter((w) => w.parcel === f.parcels[0]).map((w) => w.rule)).toEqual(['area-mismatch']);
      const r = await api.applyFix({ rules: ['gap'], choose: 'longest-boundary', allowWarnings: true });
      expect(r.applied).toBe(true);
      expect(r.warnings).toEqual(lenient.warnings);
      expect((await api.findings({ rule: 'gap' })).total).toBe(0);
      const mismatches = (await api.findings({ rule: 'area-mismatch', limit: 500 })).items;
      expect(mismatches.some((x) => x.parcels.includes(f.parcels[0]))).toBe(true);
      await api.undo({});
      expect((await api.findings({ rule: 'gap', limit: 500 })).items.some((x) => x.fingerprint === f.fingerprint)).toBe(true);
    } finally {
      api.dispose();
    }
  });
});
