import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openGeoJson, crsFromName } from '../../../electron/services/importers/geojson.js';
import type { SourceFeature } from '../../../electron/services/importers/feature-source.js';
import { findJsonSyntaxError } from '../../../electron/services/importers/json-error-position.js';
import { UserError } from '../../../shared/errors.js';
import { hasSharedData, hasTool, sharedData, tempDir } from '../../helpers/tools.js';

const dir = tempDir('parceldesk-geojson-');
function write(name: string, content: string | object | Buffer): string {
  const file = path.join(dir, name);
  writeFileSync(file, typeof content === 'string' || Buffer.isBuffer(content) ? content : JSON.stringify(content, null, 1));
  return file;
}

function catchUserError(fn: () => unknown): UserError {
  try {
    fn();
  } catch (err) {
    if (err instanceof UserError) return err;
    throw err;
  }
  throw new Error('expected a UserError');
}

const square = (x: number, y: number, s = 1) => [
  [
    [x, y],
    [x + s, y],
    [x + s, y + s],
    [x, y + s],
    [x, y],
  ],
];

describe('openGeoJson: structure', () => {
  it('reads a FeatureCollection: fields in order of appearance, count, WGS84, converted geometry', () => {
    const file = write('ward.geojson', {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { MaXa: '20203', SoThuTuThua: 12, DienTich: '123,5' },
          geometry: { type: 'Polygon', coordinates: square(108.2, 16.05, 0.001) },
        },
        {
          type: 'Feature',
          properties: { MaXa: '20203', DiaChi: 'Tổ 5, phường Hải Châu', extra: { a: 1 } },
          // Z values and an unclosed ring, as some writers produce.
          geometry: {
            type: 'MultiPolygon',
            coordinates: [
              [
                [
                  [108.21, 16.06, 5],
                  [108.211, 16.06, 5],
                  [108.211, 16.061, 5],
                ],
              ],
            ],
          },
        },
        { type: 'Feature', properties: null, geometry: null },
      ],
    });
    const src = openGeoJson(file);
    expect(src.format).toBe('GeoJSON');
    expect(src.layer).toBe('ward');
    expect(src.encoding).toBe('UTF-8');
    expect(src.crsWkt).toBe('EPSG:4326');
    expect(src.featureCount).toBe(3);
    expect(src.fields).toEqual(['MaXa', 'SoThuTuThua', 'DienTich', 'DiaChi', 'extra']);
    const feats = [...src.features()];
    expect(feats.map((f) => f.index)).toEqual([0, 1, 2]);
    expect(feats[0]!.geometry).toEqual({ type: 'Polygon', coordinates: square(108.2, 16.05, 0.001) });
    expect(feats[0]!.properties).toEqual({
      MaXa: '20203',
      SoThuTuThua: 12,
      DienTich: '123,5',
      DiaChi: null,
      extra: null,
    });
    expect(feats[1]!.geometry).toEqual({
      type: 'MultiPolygon',
      coordinates: [
        [
          [
            [108.21, 16.06],
            [108.211, 16.06],
            [108.211, 16.061],
            [108.21, 16.06],
          ],
        ],
      ],
    });
    expect(feats[1]!.properties.extra).toBe('{"a":1}');
    expect(feats[1]!.properties.DiaChi).toBe('Tổ 5, phường Hải Châu');
    expect(feats[2]!.geometry).toBeNull();
    // The source can be read again (the importer samples coordinates before the real pass).
    expect([...src.features()]).toHaveLength(3);
    src.close();
    expect(() => [...src.features()]).toThrow(/closed/);
  });

  it('reads a single Feature and a bare geometry', () => {
    const one = openGeoJson(
      write('one.json', { type: 'Feature', properties: { SoTo: 3 }, geometry: { type: 'Polygon', coordinates: square(1, 2) } }),
    );
    expect(one.featureCount).toBe(1);
    expect(one.fields).toEqual(['SoTo']);
    expect([...one.features()][0]!.properties).toEqual({ SoTo: 3 });

    const bare = openGeoJson(write('bare.geojson', { type: 'MultiPolygon', coordinates: [square(1, 2), square(5, 6)] }));
    expect(bare.featureCount).toBe(1);
    expect(bare.fields).toEqual([]);
    const [f] = [...bare.features()];
    expect(f!.geometry?.type).toBe('MultiPolygon');
    expect(f!.properties).toEqual({});
  });

  it('passes lines and points through, reads MultiPoint/GeometryCollection as no geometry, exposes Feature ids', () => {
    const src = openGeoJson(
      write('mixed.geojson', {
        type: 'FeatureCollection',
        name: 'ranh_gioi',
        features: [
          { type: 'Feature', id: 'A1', properties: { k: 1 }, geometry: { type: 'LineString', coordinates: [[0, 0], [1, 1]] } },
          { type: 'Feature', id: 'A2', properties: {}, geometry: { type: 'Point', coordinates: [3, 4, 9] } },
          { type: 'Feature', id: 'A3', properties: {}, geometry: { type: 'MultiPoint', coordinates: [[3, 4]] } },
          {
            type: 'Feature',
            properties: {},
            geometry: { type: 'GeometryCollection', geometries: [{ type: 'Polygon', coordinates: square(0, 0) }] },
          },
          { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [] } },
        ],
      }),
    );
    expect(src.layer).toBe('ranh_gioi');
    expect(src.fields).toEqual(['id', 'k']);
    const feats = [...src.features()];
    expect(feats.map((f) => f.geometry?.type ?? null)).toEqual(['LineString', 'Point', null, null, null]);
    expect(feats[1]!.geometry).toEqual({ type: 'Point', coordinates: [3, 4] });
    expect(feats.map((f) => f.properties.id)).toEqual(['A1', 'A2', 'A3', null, null]);
  });

  it('refuses a JSON document that is not GeoJSON, naming the file', () => {
    const file = write('topo.json', { type: 'Topology', objects: {} });
    const err = catchUserError(() => openGeoJson(file));
    expect(err.code).toBe('import.corrupt');
    expect(err.message).toContain(file);
    expect(err.message).toContain('Topology');
    expect(catchUserError(() => openGeoJson(write('arr.json', '[1,2]'))).code).toBe('import.corrupt');
    expect(
      catchUserError(() => openGeoJson(write('nofeat.json', { type: 'FeatureCollection', features: 3 }))).message,
    ).toMatch(/features/);
  });

  it('reports malformed coordinates as a bad geometry naming the file and the feature', () => {
    const file = write('badcoords.geojson', {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: square(0, 0) } },
        { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[['a', 'b']]] } },
      ],
    });
    const src = openGeoJson(file);
    const it = src.features()[Symbol.iterator]();
    expect(it.next().value?.geometry?.type).toBe('Polygon');
    const err = catchUserError(() => it.next());
    expect(err.code).toBe('import.badGeometry');
    expect(err.params).toMatchObject({ file, feature: 1 });
    expect(err.message).toContain(file);
  });

  it('reports a missing file', () => {
    const err = catchUserError(() => openGeoJson(path.join(dir, 'nope.geojson')));
    expect(err.code).toBe('import.fileNotFound');
    expect(err.message).toContain('nope.geojson');
  });
});

describe('openGeoJson: coordinate system', () => {
  const metres = square(548000, 1776000, 10);
  const withCrs = (crs: unknown) => ({
    type: 'FeatureCollection',
    crs,
    features: [{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: metres } }],
  });

  it('honours the legacy crs member in its URN, EPSG:NNNN and "EPSG" type forms', () => {
    expect(openGeoJson(write('urn.geojson', withCrs({ type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::5899' } }))).crsWkt).toBe('EPSG:5899');
    expect(openGeoJson(write('short.geojson', withCrs({ type: 'name', properties: { name: 'EPSG:5899' } }))).crsWkt).toBe('EPSG:5899');
    expect(openGeoJson(write('code.geojson', withCrs({ type: 'EPSG', properties: { code: 5899 } }))).crsWkt).toBe('EPSG:5899');
    expect(
      openGeoJson(write('crs84.geojson', withCrs({ type: 'name', properties: { name: 'urn:ogc:def:crs:OGC:1.3:CRS84' } }))).crsWkt,
    ).toBe('EPSG:4326');
  });

  it('parses the CRS names GDAL writes and reads', () => {
    expect(crsFromName('urn:ogc:def:crs:EPSG:6.3:9210')).toBe('EPSG:9210');
    expect(crsFromName('http://www.opengis.net/def/crs/EPSG/0/5899')).toBe('EPSG:5899');
    expect(crsFromName('EPSG::3405')).toBe('EPSG:3405');
    expect(crsFromName('urn:ogc:def:crs:OGC::CRS84')).toBe('EPSG:4326');
    expect(crsFromName('VN-2000 local')).toBeNull();
  });

  it('reports no CRS when projected coordinates come without a crs member, or with one it cannot name', () => {
    const bare = { ...withCrs(null) } as Record<string, unknown>;
    delete bare.crs;
    expect(openGeoJson(write('metres.geojson', bare)).crsWkt).toBeNull();
    expect(openGeoJson(write('nullcrs.geojson', withCrs(null))).crsWkt).toBeNull();
    expect(
      openGeoJson(write('oddcrs.geojson', withCrs({ type: 'link', properties: { href: 'x.prj' } }))).crsWkt,
    ).toBeNull();
  });

  it.skipIf(!hasTool('ogrinfo'))('agrees with GDAL on the legacy crs member (ogrinfo as reference)', () => {
    const file = write('gdal-urn.geojson', withCrs({ type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::5899' } }));
    const out = execFileSync('ogrinfo', ['-so', '-al', file], { encoding: 'utf8' });
    expect(out).toMatch(/ID\["EPSG",5899\]\]\s*$/m);
    expect(openGeoJson(file).crsWkt).toBe('EPSG:5899');
  });
});

describe('openGeoJson: damaged and oversized files', () => {
  it('names the file and the line/column of a syntax error (token error, Node gives no position)', () => {
    const text = '{"type": "FeatureCollection",\n "features": [\n  {"type": "Feature", "properties": {"a": x}}\n ]}';
    const file = write('broken1.geojson', text);
    const err = catchUserError(() => openGeoJson(file));
    expect(err.code).toBe('import.corrupt');
    expect(err.message).toContain(file);
    const column = '  {"type": "Feature", "properties": {"a": x}}'.indexOf('x') + 1;
    expect(err.params).toMatchObject({ line: 3, column });
    expect(err.message).toContain(`line 3, column ${column}`);
    expect(err.text('en')).toContain('broken1.geojson is corrupt');
  });

  it('finds a missing comma and a truncated file', () => {
    const missingComma = write('broken2.geojson', '{"type": "FeatureCollection"\n "features": []}');
    expect(catchUserError(() => openGeoJson(missingComma)).params).toMatchObject({ line: 2, column: 2 });

    const full = JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: null }] });
    const truncated = write('broken3.geojson', full.slice(0, 40));
    const err = catchUserError(() => openGeoJson(truncated));
    expect(err.params).toMatchObject({ line: 1, column: 41 });
    expect(err.message).toContain('unexpected end of file');
  });

  it('refuses text that is not UTF-8', () => {
    const bytes = Buffer.concat([
      Buffer.from('{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"DiaChi":"'),
      Buffer.from([0xae, 0xb6, 0x6e, 0x67]), // TCVN3 bytes, invalid as UTF-8
      Buffer.from('"},"geometry":null}]}'),
    ]);
    const err = catchUserError(() => openGeoJson(write('tcvn3.geojson', bytes)));
    expect(err.code).toBe('import.corrupt');
    expect(err.message).toMatch(/UTF-8/);
  });

  it('accepts a byte-order mark', () => {
    const file = write('bom.geojson', '\ufeff' + JSON.stringify({ type: 'FeatureCollection', features: [] }));
    expect(openGeoJson(file).featureCount).toBe(0);
  });

  it('refuses a file over the size cap before reading it', () => {
    const file = write('big.geojson', { type: 'FeatureCollection', features: [] });
    const err = catchUserError(() => openGeoJson(file, { maxBytes: 10 }));
    expect(err.code).toBe('import.tooLarge');
    expect(err.message).toContain(file);
    expect(err.params.size).toMatch(/> 10 B$/);
    expect(openGeoJson(file, { maxBytes: 1000 }).featureCount).toBe(0);
  });
});

describe('findJsonSyntaxError agrees with JSON.parse', () => {
  const valid = [
    '{}',
    '[]',
    ' {"a": [1, -2.5e-3, true, false, null, "x\\"y\\u00e9"]} ',
    '"Đà Nẵng"',
    '0',
    JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { a: 'b' }, geometry: { type: 'Polygon', coordinates: square(1, 2) } }] }),
  ];
  it('finds nothing in valid documents', () => {
    for (const text of valid) expect(findJsonSyntaxError(text)).toBeNull();
  });

  it('flags exactly the mutations JSON.parse rejects', () => {
    // Deterministic mutations: delete, duplicate or replace each character of the valid samples.
    let checked = 0;
    for (const text of valid) {
      for (let i = 0; i < text.length; i++) {
        for (const mutated of [
          text.slice(0, i) + text.slice(i + 1),
          text.slice(0, i) + text[i] + text.slice(i),
          text.slice(0, i) + ',' + text.slice(i + 1),
          text.slice(0, i) + '}' + text.slice(i + 1),
        ]) {
          let ok = true;
          try {
            JSON.parse(mutated);
          } catch {
            ok = false;
          }
          const problem = findJsonSyntaxError(mutated);
          expect(problem === null, `${mutated} -> ${JSON.stringify(problem)}`).toBe(ok);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(800);
  });
});

describe.skipIf(!hasSharedData('fr-etalab/cadastre-91216-parcelles.json'))(
  'real GeoJSON: fr-etalab Épinay-sur-Orge (needs ../shared/data/fr-etalab)',
  () => {
    it('reads all 4,241 parcels with their fields, in WGS84', () => {
      const src = openGeoJson(sharedData('fr-etalab/cadastre-91216-parcelles.json'));
      expect(src.featureCount).toBe(4241);
      expect(src.crsWkt).toBe('EPSG:4326');
      expect(src.fields).toEqual(expect.arrayContaining(['id', 'commune', 'prefixe', 'section', 'numero', 'contenance']));
      let polygons = 0;
      let first: SourceFeature | null = null;
      for (const f of src.features()) {
        first ??= f;
        if (f.geometry?.type === 'Polygon' || f.geometry?.type === 'MultiPolygon') polygons++;
      }
      expect(polygons).toBe(4241);
      expect(first!.properties.id).toBe('91216000AB0037');
      expect(first!.properties.commune).toBe('91216');
      src.close();
    });
  },
);
