/**
 * The shapefile reader against GDAL/OGR as a reference peer: shapefiles written by ogr2ogr (in the
 * legacy Vietnamese encodings GDAL can write through iconv) must read back to the source values,
 * and geometry must match what GDAL itself reads from the same files.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openShapefile } from '../../../electron/services/importers/shapefile.js';
import type { SourceFeature } from '../../../electron/services/importers/feature-source.js';

function hasTool(tool: string): boolean {
  try {
    execFileSync(tool, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const HAS_GDAL = hasTool('ogr2ogr');
const DANANG = path.resolve(__dirname, '../../../../shared/data/vn-danang/danang_parcels_vn2000_epsg5899.gpkg');

const dir = mkdtempSync(path.join(tmpdir(), 'pd-shp-gdal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface GeoJsonFeature {
  properties: Record<string, unknown>;
  geometry: { type: string; coordinates: unknown } | null;
}

/** GDAL's own reading of a shapefile, as GeoJSON (orientation kept as stored). */
function gdalRead(shp: string): GeoJsonFeature[] {
  const out = execFileSync('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', shp], { maxBuffer: 1 << 30 });
  return (JSON.parse(out.toString('utf8')) as { features: GeoJsonFeature[] }).features;
}

function readOurs(shp: string): { encoding: string | null; source: string; features: SourceFeature[]; fields: string[]; crs: string | null } {
  const src = openShapefile(shp);
  try {
    return {
      encoding: src.encoding,
      source: src.encodingDecision.source,
      features: [...src.features()],
      fields: src.fields,
      crs: src.crsWkt,
    };
  } finally {
    src.close();
  }
}

const SOURCE = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      properties: { ten: 'Nguyễn Văn An', diachi: 'Thửa đất số 12, tổ 5, phường Hòa Khánh Bắc', so: 12, dt: 101.5 },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]],
          [[2, 2], [2, 4], [4, 4], [4, 2], [2, 2]],
        ],
      },
    },
    {
      type: 'Feature',
      properties: { ten: 'NGUYỄN THỊ ĐẶNG', diachi: 'Đất trồng cây lâu năm', so: 13, dt: null },
      geometry: {
        type: 'MultiPolygon',
        coordinates: [
          [[[20, 0], [30, 0], [30, 10], [20, 10], [20, 0]], [[22, 2], [22, 3], [23, 3], [23, 2], [22, 2]]],
          [[[40, 0], [45, 0], [45, 5], [40, 5], [40, 0]]],
        ],
      },
    },
    {
      type: 'Feature',
      properties: { ten: 'Trần Thị Ngọc Ánh', diachi: 'Tổ 12, phường Hải Châu 1, quận Hải Châu', so: 14, dt: 75.25 },
      geometry: { type: 'Polygon', coordinates: [[[50, 0], [60, 0], [60, 8], [50, 8], [50, 0]]] },
    },
    {
      type: 'Feature',
      properties: { ten: 'Ủy ban nhân dân xã Hòa Sơn', diachi: 'Đất giao thông', so: 15, dt: 12 },
      geometry: null,
    },
  ],
};

describe.skipIf(!HAS_GDAL)('shapefiles written by ogr2ogr (GDAL present)', () => {
  const geojson = path.join(dir, 'source.geojson');
  writeFileSync(geojson, JSON.stringify(SOURCE));

  it.each([
    ['UTF-8', 'utf-8'],
    ['TCVN5712-1', 'tcvn3'],
    ['CP1258', 'windows-1258'],
  ])('-lco ENCODING=%s reads back the source text, with and without the .cpg', (gdalEncoding, ours) => {
    const shp = path.join(dir, `enc_${gdalEncoding}.shp`);
    execFileSync('ogr2ogr', ['-f', 'ESRI Shapefile', '-lco', `ENCODING=${gdalEncoding}`, shp, geojson]);
    const expected = SOURCE.features.map((f) => f.properties);

    const declared = readOurs(shp);
    expect(declared.encoding).toBe(ours);
    expect(declared.source).toBe('cpg');
    expect(declared.fields).toEqual(['ten', 'diachi', 'so', 'dt']);
    expect(declared.features.map((f) => f.properties)).toEqual(expected);
    expect(declared.crs).toContain('WGS');

    unlinkSync(shp.replace(/\.shp$/, '.cpg'));
    const detected = readOurs(shp);
    expect(detected.encoding).toBe(ours);
    expect(detected.source).toBe('content');
    expect(detected.features.map((f) => f.properties)).toEqual(expected);
  });

  it('reads the same geometry as GDAL, holes and multipolygons included', () => {
    const shp = path.join(dir, 'geom.shp');
    execFileSync('ogr2ogr', ['-f', 'ESRI Shapefile', '-lco', 'ENCODING=UTF-8', shp, geojson]);
    const gdal = gdalRead(shp);
    const ours = readOurs(shp).features;
    expect(ours).toHaveLength(gdal.length);
    ours.forEach((f, i) => expect(f.geometry, `feature ${i}`).toEqual(gdal[i]!.geometry));
    // And GDAL agrees with the source up to ring orientation, which the shapefile fixes.
    expect(ours[1]!.geometry!.type).toBe('MultiPolygon');
    expect((ours[0]!.geometry as { coordinates: unknown[] }).coordinates).toHaveLength(2);
  });

  it('agrees with ogrinfo -geom=ISO_WKT on PolygonZ written by GDAL', () => {
    const shp = path.join(dir, 'z.shp');
    execFileSync('ogr2ogr', ['-f', 'ESRI Shapefile', '-dim', 'XYZ', '-lco', 'ENCODING=UTF-8', shp, geojson]);
    const info = execFileSync('ogrinfo', ['-al', '-q', '-geom=ISO_WKT', shp]).toString('utf8');
    const wkt = info.split('\n').filter((l) => /^\s+(POLYGON|MULTIPOLYGON)/.test(l));
    const ours = readOurs(shp).features.filter((f) => f.geometry !== null);
    expect(wkt).toHaveLength(ours.length);
    const firstXY = (s: string) => (/\(\(+([-\d.]+) ([-\d.]+)/.exec(s) ?? []).slice(1, 3).map(Number);
    ours.forEach((f, i) => {
      expect(wkt[i]).toMatch(/^\s+(POLYGON|MULTIPOLYGON) Z /);
      const g = f.geometry as { type: string; coordinates: number[][][] | number[][][][] };
      const first = g.type === 'Polygon' ? (g.coordinates as number[][][])[0]![0]! : (g.coordinates as number[][][][])[0]![0]![0]!;
      expect(first).toEqual(firstXY(wkt[i]!));
    });
  });
});

describe.skipIf(!HAS_GDAL || !existsSync(DANANG))('real Đà Nẵng parcels (needs ../shared/data and GDAL)', () => {
  it('reads one ward exported by ogr2ogr exactly as GDAL does', () => {
    const shp = path.join(dir, 'danang_20266.shp');
    execFileSync('ogr2ogr', ['-where', "MaXa='20266'", shp, DANANG, 'parcels'], { stdio: 'ignore' });
    const gdal = gdalRead(shp);
    const ours = readOurs(shp);
    expect(ours.features.length).toBe(gdal.length);
    expect(ours.features.length).toBeGreaterThan(1000);
    expect(ours.crs).toContain('107');
    let mismatches = 0;
    ours.features.forEach((f, i) => {
      const g = gdal[i]!;
      if (JSON.stringify(f.geometry) !== JSON.stringify(g.geometry)) mismatches++;
      if (JSON.stringify(f.properties) !== JSON.stringify(g.properties)) mismatches++;
    });
    expect(mismatches).toBe(0);
  });
});
