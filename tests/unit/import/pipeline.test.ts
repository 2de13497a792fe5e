import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CancelledError, UserError } from '../../../shared/errors.js';
import { makeTransformer } from '../../../shared/geo/transform.js';
import { runImport } from '../../../electron/services/import/import-pipeline.js';
import { ProjectEditor } from '../../../electron/services/project/editor.js';
import { ProjectFile } from '../../../electron/services/project/project-file.js';
import { tempDir } from '../../helpers/tools.js';

type Feature = { type: 'Feature'; properties: Record<string, unknown>; geometry: unknown };

function squareLonLat(lon: number, lat: number, d: number) {
  return { type: 'Polygon', coordinates: [[[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]] };
}

function squareXY(x: number, y: number, s: number) {
  return { type: 'Polygon', coordinates: [[[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]]] };
}

function writeGeoJson(file: string, features: Feature[], crs?: string): string {
  const fc: Record<string, unknown> = { type: 'FeatureCollection', features };
  if (crs) fc.crs = { type: 'name', properties: { name: crs } };
  writeFileSync(file, JSON.stringify(fc));
  return file;
}

function danangLike(n: number, x0 = 548000, y0 = 1774000): Feature[] {
  return Array.from({ length: n }, (_, i) => ({
    type: 'Feature' as const,
    properties: { MaXa: '20248', SoHieuToBanDo: 7, SoThuTuThua: i + 1, DienTich: '100,5', KyHieuMucDichSuDung: 'odt' },
    geometry: squareXY(x0 + (i % 100) * 12, y0 + Math.floor(i / 100) * 12, 10),
  }));
}

function newProject(dir: string): ProjectFile {
  return ProjectFile.create(path.join(dir, 'p.gpkg'), 5899);
}

function auditCount(p: ProjectFile): number {
  return (p.db.prepare('SELECT count(*) AS n FROM pd_audit_log').get() as { n: number }).n;
}

describe('import pipeline', () => {
  it('imports a VN-2000 GeoJSON with Vietnamese field names mapped automatically', () => {
    const dir = tempDir();
    const file = writeGeoJson(path.join(dir, 'to7.geojson'), danangLike(250), 'urn:ogc:def:crs:EPSG::5899');
    const project = newProject(dir);
    const report = runImport(project, { files: [file], options: {} });
    expect(report).toEqual({
      inputs: [{ file, format: 'GeoJSON', features: 250, imported: 250, skipped: 0, crs: 'EPSG:5899' }],
      parcels: 250,
    });
    const ed = new ProjectEditor(project, 't');
    const p = ed.parcels.get(1);
    expect(p).toMatchObject({ commune_code: '20248', sheet_no: '7', parcel_no: '1', area_legal: 100.5, area: 100 });
    expect(p.land_type?.toUpperCase()).toBe('ODT');
    expect(project.sheets()).toEqual([{ sheet: '7', parcels: 250 }]);
    expect(auditCount(project)).toBe(1);
    project.close();
  });

  it('reprojects WGS84 input to the project zone with the official VN-2000 parameters', () => {
    const dir = tempDir();
    const file = writeGeoJson(path.join(dir, 'wgs.geojson'), [
      { type: 'Feature', properties: { SoThuTuThua: '1' }, geometry: squareLonLat(108.2, 16.05, 0.0002) },
    ]);
    const project = newProject(dir);
    runImport(project, { files: [file], options: {} });
    const ed = new ProjectEditor(project, 't');
    const g = ed.parcels.get(1).geometry!;
    const first = g.type === 'MultiPolygon' ? g.coordinates[0][0][0] : g.coordinates[0][0];
    const expected = makeTransformer('EPSG:4326', 'EPSG:5899').forward([108.2, 16.05]);
    expect(first[0]).toBeCloseTo(expected[0], 6);
    expect(first[1]).toBeCloseTo(expected[1], 6);
    // Đà Nẵng in its own zone: ~548 km easting, ~1 775 km northing.
    expect(first[0]).toBeGreaterThan(540000);
    expect(first[0]).toBeLessThan(560000);
    expect(first[1]).toBeGreaterThan(1770000);
    expect(first[1]).toBeLessThan(1780000);
    project.close();
  });

  it('a failing second file leaves the project exactly as it was (one transaction)', () => {
    const dir = tempDir();
    const good = writeGeoJson(path.join(dir, 'good.geojson'), danangLike(30), 'EPSG:5899');
    const bad = path.join(dir, 'hong.geojson');
    writeFileSync(bad, '{"type":"FeatureCollection","features":[{"type":"Feature",');
    const project = newProject(dir);
    runImport(project, { files: [good], options: {} });
    expect(() => runImport(project, { files: [good, bad], options: {} })).toThrow(/hong\.geojson/);
    expect(project.parcelCount()).toBe(30);
    expect(auditCount(project)).toBe(1);
    expect(project.db.prepare('SELECT count(*) AS n FROM rtree_parcels_geom').get()).toEqual({ n: 30 });
    // The R-tree triggers are back after the rollback.
    const triggers = project.db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type='trigger'").get() as { n: number };
    expect(triggers.n).toBe(6);
    project.close();
  });

  it('cancel rolls back', () => {
    const dir = tempDir();
    const file = writeGeoJson(path.join(dir, 'big.geojson'), danangLike(5000), 'EPSG:5899');
    const project = newProject(dir);
    let calls = 0;
    expect(() =>
      runImport(project, { files: [file], options: {} }, { progress: () => {}, cancelled: () => ++calls > 2 }),
    ).toThrow(CancelledError);
    expect(project.parcelCount()).toBe(0);
    project.close();
  });

  it('refuses a file without CRS and suggests the zones that fit its coordinates', () => {
    const dir = tempDir();
    const file = writeGeoJson(path.join(dir, 'nocrs.geojson'), danangLike(5));
    // Plain RFC 7946 GeoJSON is WGS84 by definition, so a projected file without a crs member
    // is caught by the plausibility check instead.
    const project = newProject(dir);
    let err: unknown;
    try {
      runImport(project, { files: [file], options: {} });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).text('vi')).toContain('nocrs.geojson');
    expect(project.parcelCount()).toBe(0);
    project.close();
  });

  it('refuses coordinates that are not in the declared CRS (wrong .prj / crs member)', () => {
    const dir = tempDir();
    const file = writeGeoJson(
      path.join(dir, 'sai-he.geojson'),
      [{ type: 'Feature', properties: {}, geometry: squareXY(108.2, 16.05, 0.001) }],
      'EPSG:5899',
    );
    const project = newProject(dir);
    expect(() => runImport(project, { files: [file], options: {} })).toThrow(/sai-he\.geojson/);
    expect(project.parcelCount()).toBe(0);
    project.close();
  });

  it('explicit field mapping overrides detection; a missing column is an error naming it', () => {
    const dir = tempDir();
    const feats = danangLike(3).map((f) => ({ ...f, properties: { ...f.properties, ToCu: '99' } }));
    const file = writeGeoJson(path.join(dir, 'map.geojson'), feats, 'EPSG:5899');
    const project = newProject(dir);
    runImport(project, { files: [file], options: { mapping: { sheet_no: 'ToCu' } } });
    expect(project.sheets()).toEqual([{ sheet: '99', parcels: 3 }]);
    expect(() => runImport(project, { files: [file], options: { mapping: { sheet_no: 'KhongCo' } } })).toThrow(/KhongCo/);
    expect(project.parcelCount()).toBe(3);
    project.close();
  });
});

const CLI = path.resolve(__dirname, '../../../build/electron/cli.js');

describe.skipIf(!existsSync(CLI))('crash safety (built CLI)', () => {
  it('a killed import leaves the project openable and unchanged', async () => {
    const dir = tempDir();
    const project = newProject(dir);
    const small = writeGeoJson(path.join(dir, 'small.geojson'), danangLike(10), 'EPSG:5899');
    runImport(project, { files: [small], options: {} });
    project.close();
    const big = writeGeoJson(path.join(dir, 'big.geojson'), danangLike(120_000, 548000, 1774000), 'EPSG:5899');
    const child = spawn(process.execPath, [CLI, 'import', big, '--project', path.join(dir, 'p.gpkg')], { stdio: 'ignore' });
    // Kill it while it is writing: well after start-up, well before 120k parcels are done.
    await new Promise((r) => setTimeout(r, 1500));
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
    const again = ProjectFile.open(path.join(dir, 'p.gpkg'));
    expect(again.parcelCount()).toBe(10);
    expect(again.db.pragma('integrity_check', { simple: true })).toBe('ok');
    again.close();
  });
});
