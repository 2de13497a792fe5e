/**
 * `getReferenceAreas`: the project's sheet frames and commune boundaries for the map, read back in the
 * project CRS whatever CRS they were loaded from; empty lists for a project without them; the sample
 * project's own frames and boundary.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAppService } from '../../../electron/services/app-service.js';
import { SAMPLE_COMMUNE_OPTIONS } from '../../../electron/services/project/sample-project.js';
import type { JobStatus } from '../../../shared/ipc/contract.js';
import type { Position } from '../../../shared/geo/geometry.js';
import { makeTransformer } from '../../../shared/geo/transform.js';
import { generateCommune } from '../../../shared/sample/synthetic-commune.js';
import { tempDir } from '../../helpers/tools.js';

type Api = ReturnType<typeof createAppService>;

async function waitJob(api: Api, jobId: string): Promise<JobStatus> {
  for (let i = 0; i < 1000; i++) {
    const s = await api.jobStatus({ jobId });
    if (s.state !== 'running') return s;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('job did not finish');
}

const square = (x: number, y: number, w: number, h: number): Position[] => [[x, y], [x + w, y], [x + w, y + h], [x, y + h], [x, y]];

function geojson(file: string, crs: string, features: { props: Record<string, unknown>; ring: Position[] }[]): string {
  writeFileSync(
    file,
    JSON.stringify({
      type: 'FeatureCollection',
      crs: { type: 'name', properties: { name: crs } },
      features: features.map((f) => ({ type: 'Feature', properties: f.props, geometry: { type: 'Polygon', coordinates: [f.ring] } })),
    }),
  );
  return file;
}

/** Largest distance from each expected vertex to the nearest vertex of the ring (m). */
function worstVertex(expected: Position[], ring: Position[]): number {
  let worst = 0;
  for (const [x, y] of expected) worst = Math.max(worst, Math.min(...ring.map(([u, v]) => Math.hypot(u - x, v - y))));
  return worst;
}

describe('getReferenceAreas', () => {
  it('refuses without a project and gives empty lists for a project without frames or boundary', async () => {
    const dir = tempDir();
    const api = createAppService({ userDataDir: dir, shell: 'web' });
    await expect(api.getReferenceAreas({})).rejects.toMatchObject({ code: 'project.notOpen' });
    await api.createProject({ path: path.join(dir, 'trong.gpkg'), crs: 'EPSG:5899' });
    expect(await api.getReferenceAreas({})).toEqual({ frames: [], boundaries: [] });
    api.dispose();
  });

  it('reads frames loaded in WGS 84 and a boundary in the project CRS back in the project CRS, with their attributes', async () => {
    const dir = tempDir();
    const api = createAppService({ userDataDir: dir, shell: 'web' });
    await api.createProject({ path: path.join(dir, 'xa.gpkg'), crs: 'EPSG:5899' });
    const X = 548000, Y = 1774000;
    const sheet1 = square(X, Y, 500, 500);
    const sheet2 = square(X + 500, Y, 500, 500);
    const toWgs = makeTransformer('EPSG:5899', 'EPSG:4326');
    const frames = geojson(path.join(dir, 'khung.geojson'), 'EPSG:4326', [
      { props: { SoTo: '1', MaXa: '20248' }, ring: sheet1.map((p) => toWgs.forward(p)) },
      { props: { SoTo: '2', MaXa: '20248' }, ring: sheet2.map((p) => toWgs.forward(p)) },
    ]);
    const outline = square(X - 20, Y - 20, 1040, 540);
    const boundary = geojson(path.join(dir, 'dgx.geojson'), 'EPSG:5899', [{ props: { MaXa: '20248', Ten: 'Xã Thử' }, ring: outline }]);

    const f = await waitJob(api, (await api.startImport({ files: [frames], options: { importAs: 'sheet-frames' } })).jobId);
    expect(f.state).toBe('done');
    const b = await waitJob(api, (await api.startImport({ files: [boundary], options: { importAs: 'commune-boundary' } })).jobId);
    expect(b.state).toBe('done');

    const areas = await api.getReferenceAreas({});
    expect(areas.frames.map((x) => [x.sheetNo, x.communeCode, x.sourceFile])).toEqual([
      ['1', '20248', frames],
      ['2', '20248', frames],
    ]);
    for (const [i, expected] of [sheet1, sheet2].entries()) {
      const g = areas.frames[i].geometry;
      expect(g.type).toBe('Polygon');
      const ring = g.type === 'Polygon' ? g.coordinates[0] : [];
      // Metres of VN-2000 again, not degrees: within a millimetre of where the sheet was drawn.
      expect(worstVertex(expected, ring)).toBeLessThan(0.001);
      expect(worstVertex(ring, expected)).toBeLessThan(0.001);
    }
    expect(areas.boundaries).toHaveLength(1);
    // (The importer takes the commune code from the attributes; it does not look for a name field.)
    expect(areas.boundaries[0]).toMatchObject({ communeCode: '20248', sourceFile: boundary });
    const bg = areas.boundaries[0].geometry;
    const bRing = bg.type === 'Polygon' ? bg.coordinates[0] : bg.coordinates[0][0];
    expect(worstVertex(outline, bRing)).toBe(0);
    api.dispose();
  });

  it('gives the sample project its sheet frames and commune boundary', async () => {
    const api = createAppService({ userDataDir: tempDir(), shell: 'web' });
    const info = await api.openSampleProject({});
    const commune = generateCommune(SAMPLE_COMMUNE_OPTIONS);
    const areas = await api.getReferenceAreas({});
    expect(areas.frames.map((f) => [f.sheetNo, f.scale, f.communeCode])).toEqual(commune.sheets.map((s) => [s.sheetNo, 1000, '99901']));
    for (const [i, s] of commune.sheets.entries()) {
      const g = areas.frames[i].geometry;
      expect(g).toEqual({ type: 'Polygon', coordinates: s.frame.coordinates });
    }
    expect(areas.boundaries).toHaveLength(1);
    expect(areas.boundaries[0].name).toBe(commune.communeName);
    // The boundary is the outline of the parcels: the project extent lies inside it and touches it.
    const g = areas.boundaries[0].geometry;
    const ring = g.type === 'Polygon' ? g.coordinates[0] : g.coordinates[0][0];
    const xs = ring.map((p) => p[0]);
    const ys = ring.map((p) => p[1]);
    expect([Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)]).toEqual(info.extent);
    api.dispose();
  });
});
