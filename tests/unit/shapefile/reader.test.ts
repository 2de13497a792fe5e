import { mkdtempSync, readFileSync, rmSync, truncateSync, unlinkSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../shared/errors.js';
import type { Geometry, Ring } from '../../../shared/geo/geometry.js';
import { openShapefile } from '../../../electron/services/importers/shapefile.js';
import type { SourceFeature } from '../../../electron/services/importers/feature-source.js';
import { writeShapefile, type FixtureFeature, type FixtureField } from '../../fixtures/shapefile-writer.js';

const dir = mkdtempSync(path.join(tmpdir(), 'pd-shp-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const base = (name: string) => path.join(dir, `${name}_${++n}`);

const square = (x: number, y: number, s: number): Ring => [
  [x, y],
  [x + s, y],
  [x + s, y + s],
  [x, y + s],
  [x, y],
];
const isClockwise = (r: Ring) => {
  let a = 0;
  for (let i = 0; i < r.length - 1; i++) a += r[i]![0] * r[i + 1]![1] - r[i + 1]![0] * r[i]![1];
  return a < 0;
};

const FIELDS: FixtureField[] = [
  { name: 'SoThua', type: 'N', length: 6 },
  { name: 'DienTich', type: 'N', length: 12, decimals: 2 },
  { name: 'ChuSuDung', type: 'C', length: 60 },
  { name: 'DiaChi', type: 'C', length: 100 },
  { name: 'MucDich', type: 'C', length: 10 },
  { name: 'DaCap', type: 'L', length: 1 },
  { name: 'NgayCap', type: 'D', length: 8 },
];

const OWNERS = [
  ['Nguyễn Văn An', 'Thửa đất số 12, tổ 5, phường Hòa Khánh Bắc', 'ODT'],
  ['Trần Thị Ngọc Ánh', 'Tổ 12, phường Hải Châu 1, quận Hải Châu', 'ODT'],
  ['Lê Văn Hùng', 'Thôn Phú Lộc, xã Hòa Sơn, huyện Hòa Vang', 'LUC'],
  ['Đặng Thị Hường', 'Kiệt 45 Nguyễn Lương Bằng, phường Hòa Khánh Nam', 'CLN'],
  ['Ủy ban nhân dân xã Hòa Sơn', 'Đất giao thông', 'DGT'],
] as const;

function parcels(): FixtureFeature[] {
  return OWNERS.map(([owner, address, use], i) => ({
    geometry: { type: 'Polygon', coordinates: [square(550_000 + i * 20, 1_780_000, 10)] },
    properties: {
      SoThua: i + 1,
      DienTich: 100.25 + i,
      ChuSuDung: owner,
      DiaChi: address,
      MucDich: use,
      DaCap: i % 2 === 0,
      NgayCap: i === 4 ? null : `2019-0${i + 1}-15`,
    },
  }));
}

function readAll(file: string, opts?: Parameters<typeof openShapefile>[1]) {
  const src = openShapefile(file, opts);
  try {
    return { src, features: [...src.features()] };
  } finally {
    src.close();
  }
}

function expectUserError(fn: () => unknown, code: string, fileHint: string): UserError {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(UserError);
  const ue = caught as UserError;
  expect(ue.code).toBe(code);
  expect(ue.message).toContain(fileHint);
  expect(ue.text('en')).toContain(fileHint);
  return ue;
}

describe('openShapefile: round trip', () => {
  it('reads back geometry, every field type, the .prj and UTF-8 text declared by .cpg', () => {
    const b = base('utf8');
    const prj = 'PROJCS["VN-2000 / TM-3 107-45",GEOGCS["VN-2000"]]';
    writeShapefile(b, { fields: FIELDS, features: parcels(), encoding: 'utf-8', cpg: 'UTF-8', prj });
    const { src, features } = readAll(`${b}.shp`);
    expect(src.format).toBe('ESRI Shapefile');
    expect(src.layer).toBe(path.basename(b));
    expect(src.fields).toEqual(FIELDS.map((f) => f.name));
    expect(src.featureCount).toBe(5);
    expect(src.crsWkt).toBe(prj);
    expect(src.encoding).toBe('utf-8');
    expect(src.encodingDecision.source).toBe('cpg');
    expect(src.shapeTypeName).toBe('Polygon');
    expect(src.extent).toEqual([550_000, 1_780_000, 550_090, 1_780_010]);
    expect(features.map((f) => f.properties)).toEqual(parcels().map((p) => p.properties));
    const g = features[0]!.geometry!;
    expect(g.type).toBe('Polygon');
    const ring = (g as { coordinates: Ring[] }).coordinates[0]!;
    expect(isClockwise(ring)).toBe(true); // stored orientation is kept
    expect(new Set(ring.map((p) => p.join(',')))).toEqual(new Set(square(550_000, 1_780_000, 10).map((p) => p.join(','))));
    expect(features.every((f) => f.deleted === undefined)).toBe(true);
  });

  it('finds parts whatever their letter case and accepts any part as the entry point', () => {
    const b = base('CASE');
    writeShapefile(b, { fields: FIELDS, features: parcels(), extensionCase: 'upper' });
    expect(readAll(`${b}.shp`).features).toHaveLength(5);
    expect(readAll(`${b}.DBF`).features).toHaveLength(5);
    expect(readAll(b).features).toHaveLength(5);
  });

  it('flags deleted records, keeps null shapes, and reads blank values as null', () => {
    const b = base('deleted');
    const feats = parcels();
    feats[1]!.deleted = true;
    feats[2]!.geometry = null;
    feats[3]!.properties = { SoThua: null, DienTich: null, ChuSuDung: null, DiaChi: '', MucDich: null, DaCap: null, NgayCap: null };
    writeShapefile(b, { fields: FIELDS, features: feats });
    const { features } = readAll(`${b}.shp`);
    expect(features[1]!.deleted).toBe(true);
    expect(features[2]!.geometry).toBeNull();
    expect(Object.values(features[3]!.properties).every((v) => v === null)).toBe(true);
  });

  it('reads PolygonZ and PolygonM as 2D polygons', () => {
    for (const shapeType of [15, 25]) {
      const b = base(`z${shapeType}`);
      writeShapefile(b, { fields: FIELDS, features: parcels(), shapeType });
      const { src, features } = readAll(`${b}.shp`);
      expect(src.shapeType).toBe(shapeType);
      expect(features[4]!.geometry).toMatchObject({ type: 'Polygon' });
      expect((features[4]!.geometry as { coordinates: Ring[] }).coordinates[0]).toHaveLength(5);
    }
  });

  it('reads points and polylines for the importer to filter', () => {
    const pts = base('points');
    writeShapefile(pts, {
      fields: [{ name: 'Ten', type: 'C', length: 20 }],
      features: [{ geometry: { type: 'Point', coordinates: [1, 2] }, properties: { Ten: 'Mốc 1' } }],
    });
    expect(readAll(`${pts}.shp`).features[0]).toMatchObject({ geometry: { type: 'Point', coordinates: [1, 2] }, properties: { Ten: 'Mốc 1' } });
    const lines = base('lines');
    writeShapefile(lines, {
      fields: [{ name: 'Ten', type: 'C', length: 20 }],
      features: [
        { geometry: { type: 'LineString', coordinates: [[0, 0], [1, 1]] }, properties: { Ten: 'a' } },
        { geometry: { type: 'MultiLineString', coordinates: [[[0, 0], [1, 1]], [[2, 2], [3, 3]]] }, properties: { Ten: 'b' } },
      ],
    });
    const got = readAll(`${lines}.shp`).features.map((f) => f.geometry);
    expect(got).toEqual([
      { type: 'LineString', coordinates: [[0, 0], [1, 1]] },
      { type: 'MultiLineString', coordinates: [[[0, 0], [1, 1]], [[2, 2], [3, 3]]] },
    ]);
  });
});

describe('openShapefile: rings', () => {
  const polygonOf = (geometry: Geometry) => {
    const b = base('rings');
    writeShapefile(b, { fields: [{ name: 'id', type: 'N', length: 4 }], features: [{ geometry, properties: { id: 1 } }] });
    return readAll(`${b}.shp`).features[0]!.geometry!;
  };

  it('attaches a hole to its outer ring', () => {
    const g = polygonOf({ type: 'Polygon', coordinates: [square(0, 0, 10), square(2, 2, 3)] });
    expect(g.type).toBe('Polygon');
    const rings = (g as { coordinates: Ring[] }).coordinates;
    expect(rings).toHaveLength(2);
    expect(isClockwise(rings[0]!)).toBe(true);
    expect(isClockwise(rings[1]!)).toBe(false);
  });

  it('builds a MultiPolygon and gives each hole to the outer that contains it, even when listed last', () => {
    const b = base('multi');
    const cw = (r: Ring) => [...r].reverse();
    // Rings in file order: outer A (cw), outer B (cw), hole of B (ccw), hole of A (ccw).
    writeShapefile(b, {
      fields: [{ name: 'id', type: 'N', length: 4 }],
      keepOrientation: true,
      features: [
        {
          geometry: {
            type: 'MultiPolygon',
            coordinates: [[cw(square(0, 0, 10))], [cw(square(20, 0, 10)), square(22, 2, 2)], [square(1, 1, 2)]],
          },
          properties: { id: 1 },
        },
      ],
    });
    const g = readAll(`${b}.shp`).features[0]!.geometry!;
    expect(g).toEqual({
      type: 'MultiPolygon',
      coordinates: [
        [cw(square(0, 0, 10)), square(1, 1, 2)],
        [cw(square(20, 0, 10)), square(22, 2, 2)],
      ],
    });
  });

  it('makes a counter-clockwise ring that lies in no outer ring an outer of its own', () => {
    const b = base('lonely');
    writeShapefile(b, {
      fields: [{ name: 'id', type: 'N', length: 4 }],
      keepOrientation: true,
      features: [
        {
          geometry: { type: 'MultiPolygon', coordinates: [[[...square(0, 0, 10)].reverse()], [square(50, 50, 5)]] },
          properties: { id: 1 },
        },
      ],
    });
    const g = readAll(`${b}.shp`).features[0]!.geometry!;
    expect(g.type).toBe('MultiPolygon');
    expect((g as { coordinates: Ring[][] }).coordinates.map((p) => p.length)).toEqual([1, 1]);
  });

  it('reads a file whose writer ignored orientation (all rings counter-clockwise) by nesting', () => {
    const b = base('ccw');
    writeShapefile(b, {
      fields: [{ name: 'id', type: 'N', length: 4 }],
      keepOrientation: true,
      features: [{ geometry: { type: 'Polygon', coordinates: [square(0, 0, 10), square(2, 2, 3)] }, properties: { id: 1 } }],
    });
    const g = readAll(`${b}.shp`).features[0]!.geometry!;
    expect(g.type).toBe('Polygon');
    expect((g as { coordinates: Ring[] }).coordinates).toHaveLength(2);
  });
});

describe('openShapefile: encodings', () => {
  const expected = parcels().map((p) => p.properties);

  it.each(['tcvn3', 'vni', 'windows-1258'] as const)('detects %s text in a DBF without .cpg', (encoding) => {
    const b = base(encoding);
    writeShapefile(b, { fields: FIELDS, features: parcels(), encoding });
    const { src, features } = readAll(`${b}.shp`);
    expect(src.encoding).toBe(encoding);
    expect(src.encodingDecision.source).toBe('content');
    expect(features.map((f) => f.properties)).toEqual(expected);
  });

  it('lets the content overrule a .cpg that contradicts it (TCVN3 data labelled 1252)', () => {
    const b = base('liar');
    writeShapefile(b, { fields: FIELDS, features: parcels(), encoding: 'tcvn3', cpg: '1252' });
    const { src, features } = readAll(`${b}.shp`);
    expect(src.encodingDecision).toMatchObject({ declared: 'latin1', declaredLabel: '1252', source: 'content', encoding: 'tcvn3' });
    expect(features[0]!.properties.ChuSuDung).toBe('Nguyễn Văn An');
  });

  it('lets the content overrule an LDID byte (VNI data with LDID 0x03)', () => {
    const b = base('ldid');
    writeShapefile(b, { fields: FIELDS, features: parcels(), encoding: 'vni', ldid: 0x03 });
    const { src } = readAll(`${b}.shp`);
    expect(src.encodingDecision).toMatchObject({ declaredLabel: 'LDID 0x03', source: 'content', encoding: 'vni' });
  });

  it('keeps the declared code page when the text is ASCII', () => {
    const b = base('ascii');
    writeShapefile(b, {
      fields: [{ name: 'Ma', type: 'C', length: 5 }],
      features: [{ geometry: { type: 'Polygon', coordinates: [square(0, 0, 1)] }, properties: { Ma: 'ODT' } }],
      cpg: 'CP1258',
    });
    expect(readAll(`${b}.shp`).src.encodingDecision).toMatchObject({ encoding: 'windows-1258', source: 'cpg' });
  });

  it('obeys an encoding forced by the user', () => {
    const b = base('forced');
    writeShapefile(b, { fields: FIELDS, features: parcels(), encoding: 'tcvn3' });
    const { src, features } = readAll(`${b}.shp`, { encoding: 'latin1' });
    expect(src.encodingDecision.source).toBe('forced');
    expect(features[0]!.properties.ChuSuDung).toBe('NguyÔn V¨n An');
  });

  it('decodes non-ASCII field names with the chosen encoding', () => {
    const b = base('names');
    writeShapefile(b, {
      fields: [{ name: 'Chủ', type: 'C', length: 40 }],
      features: [{ geometry: { type: 'Polygon', coordinates: [square(0, 0, 1)] }, properties: { Chủ: 'Nguyễn Thị Hường' } }],
      encoding: 'tcvn3',
    });
    const { src, features } = readAll(`${b}.shp`);
    expect(src.fields).toEqual(['Chủ']);
    expect(features[0]!.properties).toEqual({ Chủ: 'Nguyễn Thị Hường' });
  });
});

describe('openShapefile: bad input', () => {
  const fresh = () => {
    const b = base('bad');
    writeShapefile(b, { fields: FIELDS, features: parcels() });
    return b;
  };

  it('names the missing .shx or .dbf', () => {
    const b = fresh();
    unlinkSync(`${b}.dbf`);
    expect(expectUserError(() => openShapefile(`${b}.shp`), 'import.missingPart', `${b}.shp`).params.part).toBe('.dbf');
    const c = fresh();
    unlinkSync(`${c}.shx`);
    expect(expectUserError(() => openShapefile(`${c}.shp`), 'import.missingPart', `${c}.shp`).params.part).toBe('.shx');
  });

  it('reports a missing .shp as file not found', () => {
    expectUserError(() => openShapefile(path.join(dir, 'nothing.shp')), 'import.fileNotFound', 'nothing.shp');
  });

  it('names the record when the .shp is truncated', () => {
    const b = fresh();
    truncateSync(`${b}.shp`, statSync(`${b}.shp`).size - 30);
    const src = openShapefile(`${b}.shp`);
    const got: SourceFeature[] = [];
    const ue = expectUserError(() => {
      for (const f of src.features()) got.push(f);
    }, 'import.corrupt', `${b}.shp`);
    src.close();
    expect(got).toHaveLength(4);
    expect(ue.params.detail).toContain('record 5');
  });

  it('rejects a record whose point count runs past its length instead of reading garbage', () => {
    const b = fresh();
    const shp = readFileSync(`${b}.shp`);
    shp.writeInt32LE(1_000_000, 100 + 8 + 40); // numPoints of record 1
    writeFileSync(`${b}.shp`, shp);
    const src = openShapefile(`${b}.shp`);
    const ue = expectUserError(() => [...src.features()], 'import.corrupt', `${b}.shp`);
    src.close();
    expect(ue.params.detail).toMatch(/record 1:.*1000000 points/);
  });

  it('rejects out-of-order part starts', () => {
    const b = base('parts');
    writeShapefile(b, {
      fields: [{ name: 'id', type: 'N', length: 4 }],
      features: [{ geometry: { type: 'Polygon', coordinates: [square(0, 0, 10), square(2, 2, 3)] }, properties: { id: 1 } }],
    });
    const shp = readFileSync(`${b}.shp`);
    shp.writeInt32LE(99, 100 + 8 + 48); // second part starts past the points
    writeFileSync(`${b}.shp`, shp);
    const src = openShapefile(`${b}.shp`);
    expectUserError(() => [...src.features()], 'import.corrupt', `${b}.shp`);
    src.close();
  });

  it('rejects files that are not shapefiles, a truncated .dbf, and .shx/.dbf count mismatches', () => {
    const b = fresh();
    writeFileSync(`${b}.shp`, Buffer.from('this is not a shapefile at all'));
    expectUserError(() => openShapefile(`${b}.shp`), 'import.corrupt', `${b}.shp`);

    const c = fresh();
    truncateSync(`${c}.dbf`, statSync(`${c}.dbf`).size - 50);
    expectUserError(() => openShapefile(`${c}.shp`), 'import.corrupt', `${c}.dbf`);

    const d = fresh();
    const shx = readFileSync(`${d}.shx`);
    writeFileSync(`${d}.shx`, shx.subarray(0, shx.length - 8));
    const ue = expectUserError(() => openShapefile(`${d}.shp`), 'import.corrupt', `${d}.shp`);
    expect(ue.params.detail).toContain('4 shapes');
  });

  it('refuses MultiPatch with a clear message', () => {
    const b = fresh();
    for (const ext of ['shp', 'shx']) {
      const buf = readFileSync(`${b}.${ext}`);
      buf.writeInt32LE(31, 32);
      writeFileSync(`${b}.${ext}`, buf);
    }
    expectUserError(() => openShapefile(`${b}.shp`), 'import.shpShapeType', `${b}.shp`);
  });
});
