import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { decodeGpkgGeometry } from '../../../shared/geo/gpkg-geometry.js';
import type { Geometry, Position } from '../../../shared/geo/geometry.js';
import {
  emptyExtent,
  extendExtent,
  extentIsEmpty,
  geometryArea,
  geometryExtent,
  pathLength,
  perimeter,
  polygonArea,
  ringArea,
  ringIsClosed,
  ringPerimeter,
} from '../../../shared/geo/measure.js';

/** A closed axis-aligned rectangle ring, counter-clockwise. */
function rect(x: number, y: number, w: number, h: number): Position[] {
  return [[x, y], [x + w, y], [x + w, y + h], [x, y + h], [x, y]];
}

describe('ringArea', () => {
  it('is signed: positive counter-clockwise, negative clockwise', () => {
    const ccw = rect(0, 0, 10, 5);
    expect(ringArea(ccw)).toBe(50);
    expect(ringArea([...ccw].reverse())).toBe(-50);
  });
  it('accepts flat arrays and unclosed rings', () => {
    expect(ringArea([0, 0, 4, 0, 4, 3])).toBe(6);
    expect(ringArea(new Float64Array([0, 0, 4, 0, 4, 3, 0, 0]))).toBe(6);
    expect(ringArea([[0, 0], [4, 0], [4, 3]])).toBe(6);
    expect(ringArea([])).toBe(0);
    expect(ringArea([[1, 1], [2, 2]])).toBe(0);
    expect(() => ringArea([1, 2, 3])).toThrowError(RangeError);
  });
  it('keeps sub-millimetre precision on VN-2000 coordinates', () => {
    // A 0.1 m × 0.1 m square and a sliver of 1 mm × 20 m, at 7-digit northings.
    const x0 = 548123.456;
    const y0 = 1774567.891;
    // The exact area of the rectangle the doubles really describe (differences of close doubles are exact).
    const exact = (w: number, h: number) => (x0 + w - x0) * (y0 + h - y0);
    expect(Math.abs(ringArea(rect(x0, y0, 0.1, 0.1)) - exact(0.1, 0.1))).toBeLessThan(1e-12);
    expect(Math.abs(ringArea(rect(x0, y0, 20, 0.001)) - exact(20, 0.001))).toBeLessThan(1e-12);
    // The naive shoelace on raw coordinates cannot do this; prove the test would catch it.
    const r = rect(x0, y0, 20, 0.001);
    let naive = 0;
    for (let i = 0; i < r.length - 1; i++) naive += r[i]![0] * r[i + 1]![1] - r[i + 1]![0] * r[i]![1];
    expect(Math.abs(naive / 2 - exact(20, 0.001))).toBeGreaterThan(1e-6);
  });
  it('matches a hand-computed irregular parcel', () => {
    // Triangle (0,0) (30,0) (10,20) = 300, shifted into zone coordinates.
    const ring: Position[] = [[0, 0], [30, 0], [10, 20], [0, 0]].map(([x, y]) => [x! + 551000.25, y! + 1771000.75]);
    expect(ringArea(ring)).toBeCloseTo(300, 9);
  });
});

describe('polygon and geometry areas', () => {
  const outer = rect(500000, 1700000, 100, 50);
  const hole = rect(500010, 1700010, 10, 10).reverse(); // holes are clockwise by convention
  it('subtracts holes whatever their orientation', () => {
    expect(polygonArea([outer, hole])).toBeCloseTo(4900, 9);
    expect(polygonArea([outer, [...hole].reverse()])).toBeCloseTo(4900, 9);
    expect(polygonArea([[...outer].reverse(), hole])).toBeCloseTo(4900, 9);
    expect(polygonArea([])).toBe(0);
  });
  it('sums MultiPolygon parts and ignores non-areal geometries', () => {
    const g: Geometry = { type: 'MultiPolygon', coordinates: [[outer, hole], [rect(600000, 1700000, 2, 3)]] };
    expect(geometryArea(g)).toBeCloseTo(4906, 9);
    expect(geometryArea({ type: 'Polygon', coordinates: [outer] })).toBeCloseTo(5000, 9);
    expect(geometryArea({ type: 'LineString', coordinates: outer })).toBe(0);
    expect(geometryArea({ type: 'Point', coordinates: [1, 2] })).toBe(0);
  });
});

describe('lengths', () => {
  it('measures paths, rings and perimeters', () => {
    expect(pathLength([[0, 0], [3, 4], [3, 10]])).toBe(11);
    expect(ringPerimeter([[0, 0], [3, 0], [3, 4]])).toBe(12);
    expect(ringPerimeter([[0, 0], [3, 0], [3, 4], [0, 0]])).toBe(12);
    const poly: Geometry = { type: 'Polygon', coordinates: [rect(0, 0, 10, 5), rect(1, 1, 1, 1)] };
    expect(perimeter(poly)).toBe(34);
    expect(perimeter({ type: 'MultiPolygon', coordinates: [poly.coordinates, [rect(0, 0, 1, 1)]] })).toBe(38);
    expect(perimeter({ type: 'MultiLineString', coordinates: [[[0, 0], [0, 2]], [[0, 0], [2, 0]]] })).toBe(4);
    expect(perimeter({ type: 'LineString', coordinates: [[0, 0], [0, 2]] })).toBe(2);
    expect(perimeter({ type: 'Point', coordinates: [0, 0] })).toBe(0);
  });
});

describe('ringIsClosed', () => {
  it('compares first and last vertex, optionally within a tolerance', () => {
    expect(ringIsClosed(rect(0, 0, 1, 1))).toBe(true);
    expect(ringIsClosed([[0, 0], [1, 0], [1, 1]])).toBe(false);
    expect(ringIsClosed([[0, 0], [1, 0], [1, 1], [0.0004, 0]], 0.001)).toBe(true);
    expect(ringIsClosed([[0, 0], [1, 0], [1, 1], [0.0004, 0]])).toBe(false);
    expect(ringIsClosed([0, 0, 1, 0, 1, 1, 0, 0])).toBe(true);
    expect(ringIsClosed([[0, 0]])).toBe(false);
  });
});

describe('extents', () => {
  it('covers every position of a geometry', () => {
    const g: Geometry = { type: 'MultiPolygon', coordinates: [[rect(5, 6, 1, 1)], [rect(-1, 2, 3, 10)]] };
    expect(geometryExtent(g)).toEqual([-1, 2, 6, 12]);
    expect(geometryExtent({ type: 'Point', coordinates: [3, 4] })).toEqual([3, 4, 3, 4]);
    expect(geometryExtent({ type: 'LineString', coordinates: [[0, 0], [2, -1]] })).toEqual([0, -1, 2, 0]);
    expect(extentIsEmpty(geometryExtent({ type: 'LineString', coordinates: [] }))).toBe(true);
  });
  it('extends in place with positions and extents, ignoring empty and non-finite input', () => {
    const e = emptyExtent();
    expect(extentIsEmpty(e)).toBe(true);
    extendExtent(e, [1, 2]);
    expect(e).toEqual([1, 2, 1, 2]);
    expect(extendExtent(e, [0, 5, 3, 6])).toBe(e);
    expect(e).toEqual([0, 2, 3, 6]);
    extendExtent(e, emptyExtent());
    extendExtent(e, [Number.NaN, 100]);
    expect(e).toEqual([0, 2, 3, 6]);
    expect(extentIsEmpty(e)).toBe(false);
  });
});

const danangPath = join(process.cwd(), '..', 'shared', 'data', 'vn-danang', 'danang_parcels_vn2000_epsg5899.gpkg');
const hasOgr = (() => {
  try {
    execFileSync('which', ['ogr2ogr'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!existsSync(danangPath) || !hasOgr)(
  'areas of real Đà Nẵng parcels equal GDAL/SpatiaLite ST_Area (needs ../shared/data/vn-danang and ogr2ogr)',
  () => {
    it('agrees to 1e-6 m² on every parcel of ward 20266', () => {
      const csv = execFileSync(
        'ogr2ogr',
        ['-f', 'CSV', '/vsistdout/', danangPath, '-dialect', 'sqlite', '-sql',
          "SELECT fid + 0 AS pid, ST_Area(geom) AS a FROM parcels WHERE MaXa = '20266' AND geom IS NOT NULL"],
        { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
      );
      const ref = new Map<number, number>();
      for (const line of csv.trim().split('\n').slice(1)) {
        const [id, a] = line.replace(/"/g, '').split(',');
        ref.set(Number(id), Number(a));
      }
      expect(ref.size).toBeGreaterThan(1000);
      const db = new Database(danangPath, { readonly: true, fileMustExist: true });
      try {
        const rows = db
          .prepare("SELECT fid, geom FROM parcels WHERE MaXa = '20266' AND geom IS NOT NULL")
          .all() as Array<{ fid: number; geom: Uint8Array }>;
        let compared = 0;
        for (const row of rows) {
          const g = decodeGpkgGeometry(row.geom).geometry;
          if (!g) continue;
          const expected = ref.get(row.fid)!;
          expect(Math.abs(geometryArea(g) - expected), `fid ${row.fid}`).toBeLessThan(1e-6);
          compared++;
        }
        expect(compared).toBe(ref.size);
      } finally {
        db.close();
      }
    });
  },
);
