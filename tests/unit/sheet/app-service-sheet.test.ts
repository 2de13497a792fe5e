/**
 * The sheet methods of the contract over the real app service: inspectImport shows a DGN sheet's
 * levels with their roles, listLevelProfiles / saveLevelProfile keep the project's profile (audited),
 * an import takes it, and buildFindings pages pd_build_findings with where to zoom.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAppService } from '../../../electron/services/app-service.js';
import type { ImportReport, JobStatus } from '../../../shared/ipc/contract.js';
import { generateCommune } from '../../../shared/sample/synthetic-commune.js';
import { communeToDgnElements, writeDgnV7 } from '../../fixtures/dgn-writer.js';
import { tempDir } from '../../helpers/tools.js';

type Service = ReturnType<typeof createAppService>;

async function waitJob(api: Service, jobId: string): Promise<JobStatus> {
  for (let i = 0; i < 3000; i++) {
    const s = await api.jobStatus({ jobId });
    if (s.state !== 'running') return s;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('job did not finish');
}

/** One 1:500 sheet of the synthetic commune with 2 parcels left without a number, plus a road line on level 24. */
function writeSheet(dir: string): { file: string; parcels: number } {
  const commune = generateCommune({ sheets: 1, scale: 500, parcelsPerSheet: 30, seed: 7, errors: { missingNumbers: 2 } });
  const elements = communeToDgnElements(commune);
  const [x, y] = commune.sheets[0].frame.coordinates[0][0];
  elements.push({ kind: 'linestring', level: 24, points: [[x + 1, y + 1], [x + 50, y + 1]] });
  const file = path.join(dir, 'to-1.dgn');
  writeFileSync(file, writeDgnV7(elements));
  return { file, parcels: commune.parcels.length };
}

describe('app service: drawn sheets', () => {
  it('inspect, save the profile, import, and list the build findings', async () => {
    const dir = tempDir();
    const { file, parcels } = writeSheet(dir);
    const api = createAppService({ userDataDir: tempDir(), shell: 'web', user: 'ktv01' });
    try {
      await api.createProject({ path: path.join(dir, 'xa.gpkg'), crs: 'EPSG:5899' });
      expect(await api.listLevelProfiles({})).toMatchObject({ current: null, profiles: [{ name: 'TT25-2014' }, { name: 'danang-dxf' }, { name: 'vn-dxf-common' }] });

      const preview = await api.inspectImport({ path: file });
      expect(preview).toMatchObject({ format: 'DGN', crs: null, levelProfileFrom: 'fitted', levelProfile: { name: 'TT25-2014' } });
      expect(preview.sheetLevels!.map((l) => [l.level, l.role])).toEqual([
        ['2', 'landType'],
        ['4', 'area'],
        ['10', 'boundary'],
        ['13', 'parcelNo'],
        ['24', 'reference'],
        ['63', 'frame'],
      ]);
      expect(preview.sheetLevels!.find((l) => l.level === '13')!.count).toBe(parcels);
      expect(preview.crsSuggestions.map((s) => s.crs)).toContain('EPSG:5899');

      // The technician makes level 24 a boundary-free "ignore" level and saves the profile in the project.
      const own = { name: 'xa-mau', roles: { ...preview.levelProfile!.roles, ignore: ['24'] } };
      const saved = await api.saveLevelProfile({ profile: own });
      expect(saved.current).toBe('xa-mau');
      expect(saved.profiles[0]).toMatchObject({ name: 'xa-mau' });
      expect((await api.auditLog({ limit: 1 }))[0]).toMatchObject({ command: 'level-profile', user: 'ktv01' });
      await expect(api.saveLevelProfile({ profile: { name: 'x', roles: { boundary: ['10'], frame: ['10'] } } as never })).rejects.toThrow(/two roles|hai vai trò/);
      const again = await api.inspectImport({ path: file });
      expect(again).toMatchObject({ levelProfileFrom: 'project', levelProfile: { name: 'xa-mau' } });
      expect(again.sheetLevels!.find((l) => l.level === '24')!.role).toBe('ignore');

      expect(await api.buildFindings({})).toEqual({ total: 0, rows: [] });
      const { jobId } = await api.startImport({ files: [file], options: { sheet: '1' } });
      const done = await waitJob(api, jobId);
      expect(done.state).toBe('done');
      const report = done.result as ImportReport;
      expect(report.inputs[0]).toMatchObject({ profile: 'xa-mau', built: parcels, referenceLevels: [] });
      expect(report.inputs[0].findings!['unlabeled-face']).toBe(2);

      const page = await api.buildFindings({ limit: 2 });
      expect(page.total).toBeGreaterThanOrEqual(2);
      expect(page.rows).toHaveLength(2);
      const all = await api.buildFindings({ limit: 1000 });
      const unlabeled = all.rows.filter((r) => r.rule === 'unlabeled-face');
      expect(unlabeled).toHaveLength(2);
      for (const f of unlabeled) {
        expect(f).toMatchObject({ sourceFile: file, sheetNo: '1', severity: 'error' });
        expect(f.geometry?.type).toBe('Polygon');
        expect(Number.isFinite(f.x) && Number.isFinite(f.y)).toBe(true);
      }
      expect((await api.buildFindings({ offset: all.total })).rows).toEqual([]);
      await expect(api.buildFindings({ limit: 0 })).rejects.toThrow();
    } finally {
      api.dispose();
    }
  });

  it('an import with the dialog\'s edited profile uses it and saves it in the project', async () => {
    const dir = tempDir();
    const { file } = writeSheet(dir);
    const api = createAppService({ userDataDir: tempDir(), shell: 'web' });
    try {
      await api.createProject({ path: path.join(dir, 'xa.gpkg'), crs: 'EPSG:5899' });
      const levelProfile = { name: 'edited', roles: { boundary: ['10'], parcelNo: ['13'] } };
      const { jobId } = await api.startImport({ files: [file], options: { levelProfile } });
      const done = await waitJob(api, jobId);
      expect(done.state).toBe('done');
      expect((done.result as ImportReport).inputs[0]).toMatchObject({ profile: 'edited', referenceLevels: ['2', '4', '24', '63'] });
      expect(await api.listLevelProfiles({})).toMatchObject({ current: 'edited' });
    } finally {
      api.dispose();
    }
  });
});
