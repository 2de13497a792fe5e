/**
 * The validation methods of the contract over the real app service: a validation job with progress,
 * the findings list following attribute edits, undo and redo, exceptions and repairs.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAppService } from '../../../electron/services/app-service.js';
import type { JobStatus } from '../../../shared/ipc/contract.js';
import { writeSeededProject } from '../../fixtures/seeded-project.js';
import { tempDir } from '../../helpers/tools.js';

async function waitJob(api: ReturnType<typeof createAppService>, jobId: string): Promise<JobStatus> {
  for (let i = 0; i < 3000; i++) {
    const s = await api.jobStatus({ jobId });
    if (s.state !== 'running') return s;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('job did not finish');
}

describe('app service: validation', () => {
  it('validates as a job, keeps findings in step with edits, undo/redo, exceptions and repairs', async () => {
    const { file } = writeSeededProject(path.join(tempDir(), 'xa.gpkg'));
    const api = createAppService({ userDataDir: tempDir(), shell: 'web', user: 'ktv01' });
    await api.openProject({ path: file });
    const empty = await api.findings({});
    expect(empty).toMatchObject({ validated: false, total: 0, items: [] });
    await expect(api.previewFix({ choose: 'longest-boundary' })).rejects.toThrow();

    const { jobId } = await api.startValidation({ tolerance: 0.05 });
    const done = await waitJob(api, jobId);
    expect(done.state).toBe('done');
    expect(done.kind).toBe('validation');
    expect(done.result).toMatchObject({ parcels: 120, findings: 10 });

    const page = await api.findings({});
    expect(page).toMatchObject({ validated: true, total: 10, stale: false, tolerance: 0.05 });
    expect(page.counts.byRule.overlap).toBe(2);

    // An attribute edit that creates a duplicate number shows up at once; undo removes it, redo again.
    const first = page.items.find((f) => f.rule === 'overlap')!;
    const [a, b] = first.parcels;
    const pb = await api.getParcel({ fid: b });
    await api.updateParcelAttributes({ fid: a, changes: { sheet_no: pb.sheet_no, parcel_no: pb.parcel_no } });
    expect((await api.findings({ rule: 'duplicate-number' })).total).toBe(2);
    await api.undo({});
    expect((await api.findings({ rule: 'duplicate-number' })).total).toBe(1);
    await api.redo({});
    expect((await api.findings({ rule: 'duplicate-number' })).total).toBe(2);
    await api.undo({});

    // Exceptions.
    const mark = await api.markException({ fingerprint: first.fingerprint, reason: 'Đã xác minh ngoài thực địa' });
    expect(mark.history.canUndo).toBe(true);
    expect((await api.findings({})).counts).toMatchObject({ open: 9, excepted: 1 });
    expect((await api.findings({ exceptions: 'excepted' })).items[0].exception?.reason).toBe('Đã xác minh ngoài thực địa');
    await api.revokeException({ fingerprint: first.fingerprint });
    const review = await api.exceptions({});
    expect(review).toHaveLength(1);
    expect(review[0]).toMatchObject({ fingerprint: first.fingerprint, user: 'ktv01', revokedBy: 'ktv01', present: true });
    expect((await api.findings({})).counts).toMatchObject({ open: 10, excepted: 0 });

    // Fix one overlap: it disappears; undo brings it back.
    const preview = await api.previewFix({ choose: 'longest-boundary', fingerprints: [first.fingerprint] });
    expect(preview.counts).toEqual({ overlap: 1 });
    expect(preview.parcels.length).toBeGreaterThan(0);
    expect(preview.parcels.every((fid) => first.parcels.includes(fid))).toBe(true);
    const fixed = await api.applyFix({ choose: 'longest-boundary', fingerprints: [first.fingerprint] });
    expect(fixed.applied).toBe(true);
    expect((await api.findings({})).items.some((f) => f.fingerprint === first.fingerprint)).toBe(false);
    const undo = await api.undo({});
    expect(undo.changed).toEqual(preview.parcels);
    expect((await api.findings({})).items.some((f) => f.fingerprint === first.fingerprint)).toBe(true);

    // Bad requests are user errors.
    await expect(api.findings({ rule: 'nope' as never })).rejects.toThrow(/quy tắc/);
    await expect(api.applyFix({ choose: 'biggest' as never })).rejects.toThrow();
    await expect(api.startValidation({ tolerance: -2 })).rejects.toThrow();
    await expect(api.markException({ fingerprint: 'overlap:1,2:00000000', reason: 'x' })).rejects.toThrow();

    // Closing and reopening keeps the findings.
    await api.closeProject({});
    await api.openProject({ path: file });
    expect((await api.findings({})).total).toBe(10);
    api.dispose();
  });
});
