import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAppService } from '../../../electron/services/app-service.js';
import type { JobStatus } from '../../../shared/ipc/contract.js';
import { decodeParcelLayerPage } from '../../../shared/ipc/parcel-layer-page.js';
import { toMultiPolygon } from '../../../shared/geo/gpkg-geometry.js';
import { tempDir } from '../../helpers/tools.js';

async function waitJob(api: ReturnType<typeof createAppService>, jobId: string): Promise<JobStatus> {
  for (let i = 0; i < 600; i++) {
    const s = await api.jobStatus({ jobId });
    if (s.state !== 'running') return s;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('job did not finish');
}

describe('app service (the contract over the real store)', () => {
  it('opens the sample, searches, edits with undo/redo and audit', async () => {
    const api = createAppService({ userDataDir: tempDir(), shell: 'web', user: 'ktv01' });
    expect(await api.projectInfo({})).toBeNull();
    const info = await api.openSampleProject({});
    expect(info.sample).toBe(true);
    expect(info.crs).toBe('EPSG:5899');
    expect(info.parcels).toBeGreaterThan(500);
    expect(info.sheets.length).toBeGreaterThan(1);
    expect(info.sheets.reduce((s, x) => s + x.parcels, 0)).toBe(info.parcels);

    const sheet = info.sheets[0].sheet;
    const hits = await api.searchParcels({ sheet, parcelNo: '1' });
    expect(hits).toHaveLength(1);
    const fid = hits[0].fid;
    expect(hits[0].extent).not.toBeNull();

    const before = await api.getParcel({ fid });
    const edit = await api.updateParcelAttributes({ fid, changes: { address: 'Tổ 3, thôn Phú Sơn' } });
    expect(edit.parcel.address).toBe('Tổ 3, thôn Phú Sơn');
    expect(edit.history.canUndo).toBe(true);
    const log = await api.auditLog({ limit: 5 });
    expect(log[0]).toMatchObject({ command: 'update-attributes', parcels: [fid], user: 'ktv01' });

    const undone = await api.undo({});
    expect(undone.changed).toEqual([fid]);
    expect((await api.getParcel({ fid })).address).toBe(before.address);
    await api.redo({});
    expect((await api.getParcel({ fid })).address).toBe('Tổ 3, thôn Phú Sơn');

    const page = decodeParcelLayerPage(await api.getParcelLayer({ offset: 0, limit: 100 }));
    expect(page.total).toBe(info.parcels);
    expect(page.count).toBe(100);
    expect(page.offset).toBe(0);
    // The page carries exactly what getParcel says about the same parcel.
    const first = await api.getParcel({ fid: page.fids[0] });
    expect(toMultiPolygon(page.geometry(0))).toEqual(toMultiPolygon(first.geometry));
    expect([page.sheetNo(0), page.parcelNo(0), page.landType(0), page.area(0)]).toEqual([first.sheet_no, first.parcel_no, first.land_type, first.area]);
    const next = decodeParcelLayerPage(await api.getParcelLayer({ offset: 100, limit: 100 }));
    expect(next.offset).toBe(100);
    expect(next.fids[0]).toBeGreaterThan(page.fids[99]);
    api.dispose();
  });

  it('reopening the sample keeps the user\u2019s edits', async () => {
    const dir = tempDir();
    const a = createAppService({ userDataDir: dir, shell: 'web' });
    await a.openSampleProject({});
    await a.updateParcelAttributes({ fid: 1, changes: { address: 'Giữ lại' } });
    a.dispose();
    const b = createAppService({ userDataDir: dir, shell: 'web' });
    await b.openSampleProject({});
    expect((await b.getParcel({ fid: 1 })).address).toBe('Giữ lại');
    b.dispose();
  });

  it('inspects and imports a file as a job with progress; a failing import reports the file', async () => {
    const dir = tempDir();
    const api = createAppService({ userDataDir: dir, shell: 'web' });
    await api.createProject({ path: path.join(dir, 'moi.gpkg'), crs: 'EPSG:5899' });
    const file = path.join(dir, 'thua.geojson');
    writeFileSync(
      file,
      JSON.stringify({
        type: 'FeatureCollection',
        crs: { type: 'name', properties: { name: 'EPSG:5899' } },
        features: [1, 2, 3].map((i) => ({
          type: 'Feature',
          properties: { SoHieuToBanDo: '4', SoThuTuThua: String(i), DienTich: 50 },
          geometry: { type: 'Polygon', coordinates: [[[548000 + i * 10, 1774000], [548005 + i * 10, 1774000], [548005 + i * 10, 1774010], [548000 + i * 10, 1774000]]] },
        })),
      }),
    );
    const preview = await api.inspectImport({ path: file });
    expect(preview).toMatchObject({ format: 'GeoJSON', features: 3, crs: 'EPSG:5899' });
    expect(preview.mapping.sheet_no).toBe('SoHieuToBanDo');
    expect(preview.mapping.parcel_no).toBe('SoThuTuThua');
    const { jobId } = await api.startImport({ files: [file], options: {} });
    const done = await waitJob(api, jobId);
    expect(done.state).toBe('done');
    expect(done.result).toMatchObject({ parcels: 3 });
    expect((await api.projectInfo({}))!.parcels).toBe(3);

    const bad = path.join(dir, 'hong.geojson');
    writeFileSync(bad, '[1,2');
    const failed = await waitJob(api, (await api.startImport({ files: [file, bad], options: {} })).jobId);
    expect(failed.state).toBe('failed');
    expect(failed.error?.message).toContain('hong.geojson');
    expect(failed.error?.messageEn).toContain('hong.geojson');
    expect((await api.projectInfo({}))!.parcels).toBe(3);
    api.dispose();
  });

  it('lists directories for the in-app file browser, filtered by extension', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.gpkg'), '');
    writeFileSync(path.join(dir, 'b.txt'), '');
    const api = createAppService({ userDataDir: dir, shell: 'web' });
    const listing = await api.listDirectory({ path: dir, extensions: ['.gpkg'] });
    expect(listing.entries.map((e) => e.name)).toEqual(['a.gpkg']);
    expect(listing.parent).toBe(path.dirname(dir));
    await expect(api.getParcel({ fid: 1 })).rejects.toThrow(/Chưa mở dự án/);
  });
});
