import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SourceFeature } from '../../../electron/services/importers/feature-source.js';
import { listGeoPackageLayers, openGeoPackage } from '../../../electron/services/importers/geopackage.js';
import { UserError } from '../../../shared/errors.js';
import type { Geometry } from '../../../shared/geo/geometry.js';
import { encodeGpkgGeometry } from '../../../shared/geo/gpkg-geometry.js';
import { hasSharedData, hasTool, sharedData, tempDir } from '../../helpers/tools.js';

const dir = tempDir('parceldesk-gpkg-');

function catchUserError(fn: () => unknown): UserError {
  try {
    fn();
  } catch (err) {
    if (err instanceof UserError) return err;
    throw err;
  }
  throw new Error('expected a UserError');
}

const square = (x: number, y: number, s = 10): Geometry => ({
  type: 'Polygon',
  coordinates: [
    [
      [x, y],
      [x + s, y],
      [x + s, y + s],
      [x, y + s],
      [x, y],
    ],
  ],
});

interface LayerSpec {
  name: string;
  type: string;
  srsId: number;
  columns: Record<string, string>;
  rows: { geom: Geometry | null; values: (string | number | null)[] }[];
}

/**
 * A minimal GeoPackage written with the project's own blob codec, so these tests run without GDAL.
 * Layers are registered in the given order (gpkg_contents rowid order is the layer order).
 */
function makeGpkg(name: string, layers: LayerSpec[], srs: { id: number; org: string; code: number; wkt: string }[]): string {
  const file = path.join(dir, name);
  const db = new Database(file);
  db.exec(`
    CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL,
      organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
    CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
      description TEXT DEFAULT '', last_change DATETIME, min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER);
    CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
      srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL, PRIMARY KEY (table_name, column_name));
    INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', NULL);
    INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', NULL);
  `);
  for (const s of srs) {
    db.prepare('INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, NULL)').run(`srs ${s.id}`, s.id, s.org, s.code, s.wkt);
  }
  for (const l of layers) {
    const cols = Object.entries(l.columns);
    db.exec(
      `CREATE TABLE "${l.name}" (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom ${l.type}${cols.map(([c, t]) => `, "${c}" ${t}`).join('')})`,
    );
    db.prepare(`INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) VALUES (?, 'features', ?, ?)`).run(l.name, l.name, l.srsId);
    db.prepare(`INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', ?, ?, 0, 0)`).run(l.name, l.type, l.srsId);
    const insert = db.prepare(
      `INSERT INTO "${l.name}" (geom${cols.map(([c]) => `, "${c}"`).join('')}) VALUES (?${', ?'.repeat(cols.length)})`,
    );
    for (const r of l.rows) insert.run(r.geom ? Buffer.from(encodeGpkgGeometry(r.geom, l.srsId)) : null, ...r.values);
  }
  db.close();
  return file;
}

const VN2000_WKT = 'PROJCS["VN-2000 / TM-3 107-45 (test copy)",GEOGCS["VN-2000",DATUM["Vietnam_2000",SPHEROID["WGS 84",6378137,298.257223563]]]]';

function danangLike(name = 'small.gpkg'): string {
  return makeGpkg(
    name,
    [
      {
        name: 'control_points',
        type: 'POINT',
        srsId: 5899,
        columns: { ten: 'TEXT' },
        rows: [{ geom: { type: 'Point', coordinates: [548000, 1776000] }, values: ['GPS-01'] }],
      },
      {
        name: 'thua_dat',
        type: 'POLYGON',
        srsId: 5899,
        columns: { MaXa: 'TEXT', SoHieuToBanDo: 'MEDIUMINT', SoThuTuThua: 'MEDIUMINT', DienTich: 'REAL', DaCapGCN: 'BOOLEAN', Anh: 'BLOB' },
        rows: [
          { geom: square(548000, 1776000), values: ['20203', 12, 1, 100.5, 1, null] },
          { geom: null, values: ['20203', 12, 2, null, 0, null] },
          { geom: square(548010, 1776000), values: ['20203', 12, 3, 99.25, null, null] },
        ],
      },
    ],
    [{ id: 5899, org: 'EPSG', code: 5899, wkt: VN2000_WKT }],
  );
}

describe('openGeoPackage on a GeoPackage written by the project codec', () => {
  it('lists the feature layers in gpkg_contents order', () => {
    expect(listGeoPackageLayers(danangLike('list.gpkg'))).toEqual([
      { name: 'control_points', geometryType: 'POINT', geometryColumn: 'geom', srsId: 5899 },
      { name: 'thua_dat', geometryType: 'POLYGON', geometryColumn: 'geom', srsId: 5899 },
    ]);
  });

  it('picks the first polygon layer, reads fields, CRS, count and every row in fid order', () => {
    const src = openGeoPackage(danangLike());
    expect(src.format).toBe('GeoPackage');
    expect(src.layer).toBe('thua_dat');
    expect(src.fields).toEqual(['MaXa', 'SoHieuToBanDo', 'SoThuTuThua', 'DienTich', 'DaCapGCN', 'Anh']);
    expect(src.featureCount).toBe(3);
    expect(src.crsWkt).toBe('EPSG:5899');
    expect(src.encoding).toBe('UTF-8');
    const feats = [...src.features()];
    expect(feats.map((f) => f.index)).toEqual([0, 1, 2]);
    expect(feats[0]!.geometry).toEqual(square(548000, 1776000));
    expect(feats[1]!.geometry).toBeNull();
    expect(feats[0]!.properties).toEqual({
      MaXa: '20203',
      SoHieuToBanDo: 12,
      SoThuTuThua: 1,
      DienTich: 100.5,
      DaCapGCN: true,
      Anh: null,
    });
    expect(feats[1]!.properties.DaCapGCN).toBe(false);
    expect(feats[2]!.properties.DaCapGCN).toBeNull();
    src.close();
    src.close(); // idempotent
  });

  it('opens a named layer, matching its name without regard to case', () => {
    const file = danangLike('named.gpkg');
    const pts = openGeoPackage(file, { layer: 'CONTROL_POINTS' });
    expect(pts.layer).toBe('control_points');
    expect([...pts.features()][0]!.geometry).toEqual({ type: 'Point', coordinates: [548000, 1776000] });
    pts.close();
  });

  it('names the file and the layers it has when the requested layer does not exist', () => {
    const file = danangLike('nolayer.gpkg');
    const err = catchUserError(() => openGeoPackage(file, { layer: 'parcels' }));
    expect(err.code).toBe('import.noLayer');
    expect(err.params).toMatchObject({ file, layer: 'parcels', layers: 'control_points, thua_dat' });
    expect(err.message).toContain(file);
    expect(err.text('en')).toContain('control_points, thua_dat');
  });

  it('refuses to guess when no layer holds polygons', () => {
    const file = makeGpkg(
      'lines.gpkg',
      [
        { name: 'a', type: 'LINESTRING', srsId: 0, columns: {}, rows: [] },
        { name: 'b', type: 'POINT', srsId: 0, columns: {}, rows: [] },
      ],
      [],
    );
    expect(catchUserError(() => openGeoPackage(file)).code).toBe('import.noPolygons');
    // The only layer is taken whatever its type: the importer then reports what it skipped.
    const single = makeGpkg('single.gpkg', [{ name: 'a', type: 'LINESTRING', srsId: -1, columns: {}, rows: [] }], []);
    const src = openGeoPackage(single);
    expect(src.layer).toBe('a');
    expect(src.crsWkt).toBeNull();
    src.close();
  });

  it('reports the stored WKT for a CRS not registered by EPSG code', () => {
    const file = makeGpkg(
      'localcrs.gpkg',
      [{ name: 'p', type: 'MULTIPOLYGON', srsId: 100000, columns: {}, rows: [{ geom: square(0, 0), values: [] }] }],
      [{ id: 100000, org: 'NONE', code: 100000, wkt: VN2000_WKT }],
    );
    const src = openGeoPackage(file);
    expect(src.crsWkt).toBe(VN2000_WKT);
    src.close();
  });

  it('streams: a half-read source can be closed, and read again before that', () => {
    const src = openGeoPackage(danangLike('stream.gpkg'));
    const it = src.features()[Symbol.iterator]();
    expect(it.next().value?.index).toBe(0);
    // A second full pass while the first is open (the importer samples before the real pass).
    const again = openGeoPackage(danangLike('stream2.gpkg'));
    expect([...again.features()]).toHaveLength(3);
    again.close();
    src.close();
  });

  it('names the file and feature of an unreadable geometry blob', () => {
    const file = danangLike('badblob.gpkg');
    const db = new Database(file);
    db.prepare(`UPDATE thua_dat SET geom = X'47500003' WHERE fid = 3`).run();
    db.close();
    const src = openGeoPackage(file);
    const err = catchUserError(() => [...src.features()]);
    expect(err.code).toBe('import.badGeometry');
    expect(err.params).toMatchObject({ file, feature: 'fid 3' });
    expect(err.message).toContain(file);
    src.close();
  });
});

describe('openGeoPackage refuses what is not a readable GeoPackage', () => {
  it('a missing file', () => {
    const err = catchUserError(() => openGeoPackage(path.join(dir, 'missing.gpkg')));
    expect(err.code).toBe('import.fileNotFound');
    expect(err.message).toContain('missing.gpkg');
  });

  it('a text file and a plain SQLite database', () => {
    const text = path.join(dir, 'notes.gpkg');
    writeFileSync(text, 'this is not a database at all, just some text long enough to have a header');
    const e1 = catchUserError(() => openGeoPackage(text));
    expect(e1.code).toBe('project.notGeoPackage');
    expect(e1.message).toContain(text);

    const plain = path.join(dir, 'plain.sqlite');
    const db = new Database(plain);
    db.exec('CREATE TABLE t (a)');
    db.close();
    const e2 = catchUserError(() => listGeoPackageLayers(plain));
    expect(e2.code).toBe('project.notGeoPackage');
    expect(e2.message).toContain('gpkg_contents');
  });

  it('a truncated GeoPackage', () => {
    const good = danangLike('to-truncate.gpkg');
    // Enough rows that the table spans pages beyond the cut.
    const db = new Database(good);
    const ins = db.prepare('INSERT INTO thua_dat (geom, MaXa) VALUES (?, ?)');
    const blob = Buffer.from(encodeGpkgGeometry(square(1, 2), 5899));
    db.transaction(() => {
      for (let i = 0; i < 3000; i++) ins.run(blob, `xa-${i}`);
    })();
    db.close();
    const cut = path.join(dir, 'truncated.gpkg');
    copyFileSync(good, cut);
    truncateSync(cut, Math.floor(statSync(cut).size / 2));
    const err = catchUserError(() => {
      const src = openGeoPackage(cut);
      try {
        for (const f of src.features()) void f;
      } finally {
        src.close();
      }
    });
    expect(['import.corrupt', 'project.notGeoPackage']).toContain(err.code);
    expect(err.message).toContain(cut);
  });
});

describe.skipIf(!hasTool('ogr2ogr'))('openGeoPackage on GDAL-written GeoPackages (needs ogr2ogr)', () => {
  it('reads what ogr2ogr wrote from a GeoJSON, layer by layer', () => {
    const geojson = path.join(dir, 'src.geojson');
    writeFileSync(
      geojson,
      JSON.stringify({
        type: 'FeatureCollection',
        crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::5899' } },
        features: [
          {
            type: 'Feature',
            properties: { MaXa: '20266', SoThuTuThua: 7, SoHieuToBanDo: 3, DienTich: 250.75, KyHieuMucDichSuDung: 'ODT', DiaChi: 'Phường Hải Châu' },
            geometry: {
              type: 'Polygon',
              coordinates: [
                [[548000, 1776000], [548020, 1776000], [548020, 1776020], [548000, 1776020], [548000, 1776000]],
                [[548005, 1776005], [548005, 1776010], [548010, 1776010], [548005, 1776005]],
              ],
            },
          },
          { type: 'Feature', properties: { MaXa: '20266', SoThuTuThua: 8, SoHieuToBanDo: 3, DienTich: null, KyHieuMucDichSuDung: 'DGT', DiaChi: null }, geometry: null },
        ],
      }),
    );
    const lines = path.join(dir, 'lines.geojson');
    writeFileSync(
      lines,
      JSON.stringify({
        type: 'FeatureCollection',
        features: [{ type: 'Feature', properties: { level: 10 }, geometry: { type: 'LineString', coordinates: [[0, 0], [1, 1]] } }],
      }),
    );
    const gpkg = path.join(dir, 'gdal.gpkg');
    // Lines first, so the reader has to skip past them to find the parcels.
    execFileSync('ogr2ogr', ['-f', 'GPKG', gpkg, lines, '-nln', 'ranh_gioi', '-a_srs', 'EPSG:5899']);
    execFileSync('ogr2ogr', ['-update', '-f', 'GPKG', gpkg, geojson, '-nln', 'thua_dat']);

    expect(listGeoPackageLayers(gpkg).map((l) => [l.name, l.geometryType])).toEqual([
      ['ranh_gioi', 'LINESTRING'],
      ['thua_dat', 'POLYGON'],
    ]);
    const src = openGeoPackage(gpkg);
    expect(src.layer).toBe('thua_dat');
    expect(src.crsWkt).toBe('EPSG:5899');
    expect(src.featureCount).toBe(2);
    expect(src.fields).toEqual(['MaXa', 'SoThuTuThua', 'SoHieuToBanDo', 'DienTich', 'KyHieuMucDichSuDung', 'DiaChi']);
    const [a, b] = [...src.features()];
    expect(a!.geometry).toEqual({
      type: 'Polygon',
      coordinates: [
        [[548000, 1776000], [548020, 1776000], [548020, 1776020], [548000, 1776020], [548000, 1776000]],
        [[548005, 1776005], [548005, 1776010], [548010, 1776010], [548005, 1776005]],
      ],
    });
    expect(a!.properties).toEqual({
      MaXa: '20266',
      SoThuTuThua: 7,
      SoHieuToBanDo: 3,
      DienTich: 250.75,
      KyHieuMucDichSuDung: 'ODT',
      DiaChi: 'Phường Hải Châu',
    });
    expect(b!.geometry).toBeNull();
    expect(b!.properties.DienTich).toBeNull();
    src.close();
  });
});

const DANANG = 'vn-danang/danang_parcels_vn2000_epsg5899.gpkg';

/** Attribute values and the first vertex of one feature as ogrinfo prints them. */
function ogrFeature(file: string, fid: number): { attrs: Record<string, string>; empty: boolean; first: [number, number] | null; vertices: number } {
  const out = execFileSync('ogrinfo', ['-q', file, 'parcels', '-fid', String(fid)], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const attrs: Record<string, string> = {};
  for (const m of out.matchAll(/^\s+(\w+) \(\w+(?:\([\w.]+\))?\) = (.*)$/gm)) attrs[m[1]!] = m[2]!;
  const wkt = /^\s+(?:MULTI)?POLYGON.*$/m.exec(out)?.[0] ?? null;
  if (!wkt || /EMPTY/.test(wkt)) return { attrs, empty: true, first: null, vertices: 0 };
  const nums = [...wkt.matchAll(/(-?\d+(?:\.\d+)?) (-?\d+(?:\.\d+)?)/g)];
  return { attrs, empty: false, first: [Number(nums[0]![1]), Number(nums[0]![2])], vertices: nums.length };
}

function vertexCount(g: Geometry): number {
  if (g.type === 'Polygon') return g.coordinates.reduce((n, r) => n + r.length, 0);
  if (g.type === 'MultiPolygon') return g.coordinates.reduce((n, p) => n + p.reduce((m, r) => m + r.length, 0), 0);
  return 0;
}

describe.skipIf(!hasSharedData(DANANG))('real GeoPackage: 111,469 Đà Nẵng parcels (needs ../shared/data/vn-danang)', () => {
  it('streams every feature: count, null geometries, CRS and fields', () => {
    const file = sharedData(DANANG);
    const src = openGeoPackage(file);
    expect(src.layer).toBe('parcels');
    expect(src.crsWkt).toBe('EPSG:5899');
    expect(src.featureCount).toBe(111_469);
    expect(src.fields).toEqual(['OBJECTID', 'MaXa', 'SoThuTuThua', 'SoHieuToBanDo', 'DienTich', 'KyHieuMucDichSuDung']);
    let n = 0;
    let nulls = 0;
    let polygons = 0;
    const wards = new Set<string>();
    for (const f of src.features()) {
      if (f.index !== n) throw new Error(`index ${f.index} at position ${n}`);
      n++;
      if (f.geometry === null) nulls++;
      else if (f.geometry.type === 'Polygon' || f.geometry.type === 'MultiPolygon') polygons++;
      wards.add(String(f.properties.MaXa));
    }
    expect(n).toBe(111_469);
    expect(nulls).toBe(3);
    expect(polygons).toBe(111_466);
    expect(wards.size).toBe(25);
    src.close();
  });

  it.skipIf(!hasTool('ogrinfo'))('agrees with ogrinfo -fid N on sampled features (GDAL as reference)', () => {
    const file = sharedData(DANANG);
    const db = new Database(file, { readonly: true });
    const fids = db.prepare('SELECT fid FROM parcels ORDER BY fid').pluck().all() as number[];
    const nullFids = db.prepare('SELECT fid FROM parcels WHERE geom IS NULL').pluck().all() as number[];
    db.close();
    const wanted = new Map<number, number>(); // index -> fid
    for (const i of [0, 1, 777, 55_555, fids.length - 1]) wanted.set(i, fids[i]!);
    for (const fid of nullFids) wanted.set(fids.indexOf(fid), fid);

    const src = openGeoPackage(file);
    const got = new Map<number, SourceFeature>();
    for (const f of src.features()) if (wanted.has(f.index)) got.set(f.index, f);
    src.close();
    expect(got.size).toBe(wanted.size);

    for (const [index, fid] of wanted) {
      const ours = got.get(index)!;
      const ref = ogrFeature(file, fid);
      expect(String(ours.properties.MaXa)).toBe(ref.attrs.MaXa);
      expect(String(ours.properties.SoThuTuThua)).toBe(ref.attrs.SoThuTuThua);
      expect(String(ours.properties.SoHieuToBanDo)).toBe(ref.attrs.SoHieuToBanDo);
      expect(String(ours.properties.KyHieuMucDichSuDung ?? '(null)')).toBe(ref.attrs.KyHieuMucDichSuDung ?? '(null)');
      if (ref.attrs.DienTich !== undefined && ref.attrs.DienTich !== '(null)') {
        expect(ours.properties.DienTich as number).toBeCloseTo(Number(ref.attrs.DienTich), 6);
      }
      if (ref.empty) {
        expect(ours.geometry).toBeNull();
      } else {
        expect(ours.geometry).not.toBeNull();
        expect(vertexCount(ours.geometry!)).toBe(ref.vertices);
        const p = ours.geometry!.type === 'Polygon' ? ours.geometry!.coordinates[0]![0]! : (ours.geometry as { coordinates: number[][][][] }).coordinates[0]![0]![0]!;
        expect(p[0]).toBeCloseTo(ref.first![0], 3);
        expect(p[1]).toBeCloseTo(ref.first![1], 3);
      }
    }
    expect(nullFids).toHaveLength(3);
  });
});

describe.skipIf(!hasSharedData('ladm-col/geometry_utils.gpkg'))('real GeoPackage with several layers (needs ../shared/data/ladm-col)', () => {
  it('chooses the first polygon layer after point and line layers', () => {
    const file = sharedData('ladm-col/geometry_utils.gpkg');
    const size = readFileSync(file).byteLength;
    const src = openGeoPackage(file);
    expect(src.layer).toBe('overlapping_polygons');
    expect(src.featureCount).toBeGreaterThan(0);
    expect([...src.features()].every((f) => f.geometry === null || f.geometry.type === 'MultiPolygon' || f.geometry.type === 'Polygon')).toBe(true);
    src.close();
    // Read-only: the source file is untouched.
    expect(readFileSync(file).byteLength).toBe(size);
  });
});
