import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../shared/errors.js';
import type { PolygonGeometry } from '../../../shared/geo/geometry.js';
import { emptyParcelAttributes } from '../../../shared/model/parcel.js';
import { ProjectFile } from '../../../electron/services/project/project-file.js';
import { ParcelWriter } from '../../../electron/services/project/parcel-writer.js';
import { ParcelRepository } from '../../../electron/services/project/parcel-repository.js';
import { RTREE_TABLE } from '../../../electron/services/project/schema.js';
import { hasTool, tempDir } from '../../helpers/tools.js';

function square(x: number, y: number, s: number): PolygonGeometry {
  return { type: 'Polygon', coordinates: [[[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]]] };
}

function projectWith(n: number): ProjectFile {
  const file = path.join(tempDir(), 'p.gpkg');
  const project = ProjectFile.create(file, 5899);
  const writer = new ParcelWriter(project.db, project.srsId);
  project.db.transaction(() => {
    writer.begin();
    for (let i = 0; i < n; i++) {
      writer.add(square(548000 + i * 20, 1774000, 10), { ...emptyParcelAttributes(), sheet_no: '1', parcel_no: String(i + 1), land_type: 'ODT' });
    }
    writer.end();
    project.touchContents();
  })();
  return project;
}

describe('project file (GeoPackage)', () => {
  it('is a GeoPackage with the parcels layer, VN-2000 CRS, R-tree and durable pragmas', () => {
    const project = projectWith(3);
    const db = project.db;
    expect(db.pragma('application_id', { simple: true })).toBe(0x47504b47);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    const srs = db.prepare('SELECT srs_id, organization, definition FROM gpkg_spatial_ref_sys ORDER BY srs_id').all() as Array<{ srs_id: number; definition: string }>;
    const ids = srs.map((r) => r.srs_id);
    for (const id of [-1, 0, 4326, 5896, 5897, 5898, 5899, 9205, 9210, 9218]) expect(ids).toContain(id);
    expect(srs.find((r) => r.srs_id === 5899)!.definition).toMatch(/107\.75/);
    expect(srs.find((r) => r.srs_id === 5899)!.definition).toMatch(/TOWGS84\[-191\.90441429,-39\.30318279,-111\.45032835/);
    const contents = db.prepare("SELECT table_name, data_type FROM gpkg_contents ORDER BY table_name").all();
    expect(contents).toEqual([
      { table_name: 'parcels', data_type: 'features' },
      { table_name: 'pd_audit_log', data_type: 'attributes' },
      { table_name: 'pd_settings', data_type: 'attributes' },
    ]);
    expect(project.parcelCount()).toBe(3);
    expect(project.extent()).toEqual([548000, 1774000, 548050, 1774010]);
    expect((db.prepare(`SELECT count(*) AS n FROM ${RTREE_TABLE}`).get() as { n: number }).n).toBe(3);
    project.close();
  });

  it('keeps the R-tree in step through the spec triggers when geometry changes', () => {
    const project = projectWith(2);
    const repo = new ParcelRepository(project.db, project.srsId);
    project.db.transaction(() => repo.setGeometry(1, square(600000, 1800000, 5)))();
    const r = project.db.prepare(`SELECT minx, miny, maxx, maxy FROM ${RTREE_TABLE} WHERE id = 1`).get();
    expect(r).toEqual({ minx: 600000, miny: 1800000, maxx: 600005, maxy: 1800005 });
    expect(repo.get(1).area).toBe(25);
    project.db.transaction(() => repo.setGeometry(2, null))();
    expect(project.db.prepare(`SELECT count(*) AS n FROM ${RTREE_TABLE} WHERE id = 2`).get()).toEqual({ n: 0 });
    project.close();
  });

  it('refuses to overwrite, and explains files that are not projects', () => {
    const dir = tempDir();
    const file = path.join(dir, 'a.gpkg');
    ProjectFile.create(file, 5899).close();
    expect(() => ProjectFile.create(file, 5899)).toThrow(UserError);
    const junk = path.join(dir, 'junk.gpkg');
    writeFileSync(junk, 'this is not a database at all, just text '.repeat(200));
    expect(() => ProjectFile.open(junk)).toThrow(/junk\.gpkg/);
    const other = path.join(dir, 'other.gpkg');
    new Database(other).exec('CREATE TABLE t(x)');
    expect(() => ProjectFile.open(other)).toThrowError(/other\.gpkg.*GeoPackage/);
    const foreign = path.join(dir, 'foreign.gpkg');
    new Database(foreign).exec('CREATE TABLE gpkg_geometry_columns(table_name, column_name, geometry_type_name, srs_id, z, m)');
    expect(() => ProjectFile.open(foreign)).toThrowError(/"parcels"/);
    expect(() => ProjectFile.open(path.join(dir, 'missing.gpkg'))).toThrowError(/missing\.gpkg/);
    expect(existsSync(`${file}.creating-${process.pid}`)).toBe(false);
  });

  it.skipIf(!hasTool('ogrinfo'))('opens in GDAL with the right layer, CRS and count', () => {
    const project = projectWith(5);
    const file = project.path;
    project.close();
    const out = execFileSync('ogrinfo', ['-so', '-ro', file, 'parcels'], { encoding: 'utf8' });
    expect(out).toMatch(/Geometry: Multi Polygon/);
    expect(out).toMatch(/Feature Count: 5/);
    expect(out).toMatch(/VN-2000 \/ TM-3 107-45/);
    expect(out).toMatch(/ID\["EPSG",5899\]|AUTHORITY\["EPSG","5899"\]/);
    for (const col of ['parcel_id', 'commune_code', 'sheet_no', 'parcel_no', 'land_type', 'land_type_legal', 'area_legal', 'area', 'address', 'legacy_key']) {
      expect(out).toContain(`${col}:`);
    }
    // GDAL's own GeoPackage validation of the spatial index.
    const check = execFileSync('ogrinfo', ['-ro', '-q', file, '-sql', "SELECT HasSpatialIndex('parcels','geom')"], { encoding: 'utf8' });
    expect(check).toMatch(/= 1/);
    const json = JSON.parse(execFileSync('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', file, 'parcels', '-fid', '3'], { encoding: 'utf8' }));
    expect(json.features[0].properties.parcel_no).toBe('3');
    expect(json.features[0].properties.area).toBe(100);
  });
});

describe('parcel insert/delete through the edit context', () => {
  it('re-creates a deleted parcel under its old fid, with the index kept by the triggers', () => {
    const project = projectWith(3);
    const repo = new ParcelRepository(project.db, project.srsId);
    const p2 = repo.get(2);
    project.db.transaction(() => repo.deleteParcel(2))();
    expect(() => repo.get(2)).toThrow(UserError);
    expect(project.db.prepare(`SELECT count(*) AS n FROM ${RTREE_TABLE} WHERE id = 2`).get()).toEqual({ n: 0 });
    const { fid: _f, geometry, ...attrs } = p2;
    const fid = project.db.transaction(() => repo.insertParcel(2, geometry, attrs))();
    expect(fid).toBe(2);
    expect(repo.get(2)).toEqual(p2);
    expect(project.db.prepare(`SELECT minx, maxx FROM ${RTREE_TABLE} WHERE id = 2`).get()).toEqual({ minx: 548020, maxx: 548030 });
    const fresh = project.db.transaction(() => repo.insertParcel(null, geometry, attrs))();
    expect(fresh).toBe(4);
    expect(() => repo.deleteParcel(99)).toThrow(/99/);
    project.close();
  });
});
