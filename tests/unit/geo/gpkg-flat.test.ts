import { describe, expect, it } from 'vitest';
import { decodeGpkgGeometry, encodeGpkgGeometry } from '../../../shared/geo/gpkg-geometry.js';
import { readGpkgPolygonsFlat, type FlatPolygonSink } from '../../../shared/geo/gpkg-flat.js';
import type { Geometry, PolygonCoords } from '../../../shared/geo/geometry.js';

/** Collects what the reader writes, in GeoJSON nesting, to compare with the general decoder. */
function collect(): FlatPolygonSink & { polygons: PolygonCoords[] } {
  const polygons: PolygonCoords[] = [];
  let ring: [number, number][] = [];
  return {
    polygons,
    beginPolygon: () => void polygons.push([]),
    vertex: (x, y) => void ring.push([x, y]),
    endRing: () => {
      polygons[polygons.length - 1].push(ring);
      ring = [];
    },
  };
}

const ring = (x: number, y: number, s: number): [number, number][] => [[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]];

/** A GeoPackage blob by hand: header with an XY envelope, then WKB in the given byte order (optionally with Z). */
function blob(wkb: (w: Writer) => void, opts: { empty?: boolean } = {}): Uint8Array {
  const w = new Writer();
  w.bytes([0x47, 0x50, 0, 0x01 | 0x02 | (opts.empty ? 0x10 : 0)]);
  w.i32(5899, true);
  for (const v of [0, 1, 0, 1]) w.f64(v, true);
  wkb(w);
  return w.done();
}
class Writer {
  private out: number[] = [];
  bytes(b: number[]) {
    this.out.push(...b);
  }
  i32(v: number, le: boolean) {
    const d = new DataView(new ArrayBuffer(4));
    d.setUint32(0, v, le);
    this.bytes([...new Uint8Array(d.buffer)]);
  }
  f64(v: number, le: boolean) {
    const d = new DataView(new ArrayBuffer(8));
    d.setFloat64(0, v, le);
    this.bytes([...new Uint8Array(d.buffer)]);
  }
  polygon(rings: [number, number][][], le: boolean, z = false) {
    this.bytes([le ? 1 : 0]);
    this.i32(z ? 1003 : 3, le);
    this.i32(rings.length, le);
    for (const r of rings) {
      this.i32(r.length, le);
      for (const [x, y] of r) {
        this.f64(x, le);
        this.f64(y, le);
        if (z) this.f64(7.5, le);
      }
    }
  }
  done() {
    return Uint8Array.from(this.out);
  }
}

function polygonsOf(g: Geometry | null): PolygonCoords[] {
  if (!g) return [];
  if (g.type === 'Polygon') return [g.coordinates];
  if (g.type === 'MultiPolygon') return g.coordinates;
  throw new Error(`not an area: ${g.type}`);
}

describe('GeoPackage polygons read flat', () => {
  const X = 548000.123;
  const Y = 1774000.456;

  it('reads what ParcelDesk writes exactly as the general decoder does', () => {
    const geometries: Geometry[] = [
      { type: 'Polygon', coordinates: [ring(X, Y, 10), ring(X + 2, Y + 2, 1).reverse()] },
      { type: 'MultiPolygon', coordinates: [[ring(X, Y, 10)], [ring(X + 20, Y, 5), ring(X + 21, Y + 1, 1)]] },
    ];
    for (const g of geometries) {
      const b = encodeGpkgGeometry(g, 5899);
      const sink = collect();
      expect(readGpkgPolygonsFlat(b, sink)).toBe(true);
      expect(sink.polygons).toEqual(polygonsOf(decodeGpkgGeometry(b).geometry));
    }
  });

  it('reads big-endian WKB and drops Z, like the general decoder', () => {
    for (const [le, z] of [[false, false], [true, true], [false, true]] as const) {
      const b = blob((w) => w.polygon([ring(X, Y, 3)], le, z));
      const sink = collect();
      expect(readGpkgPolygonsFlat(b, sink)).toBe(true);
      expect(sink.polygons).toEqual([[ring(X, Y, 3)]]);
      expect(sink.polygons).toEqual(polygonsOf(decodeGpkgGeometry(b).geometry));
    }
  });

  it('writes nothing for an empty geometry or a polygon without rings', () => {
    const sink = collect();
    expect(readGpkgPolygonsFlat(encodeGpkgGeometry(null, 5899), sink)).toBe(true);
    expect(readGpkgPolygonsFlat(blob((w) => w.polygon([], true)), sink)).toBe(true);
    expect(sink.polygons).toEqual([]);
  });

  it('declines other geometry types, so the caller uses the general decoder', () => {
    const collection = blob((w) => {
      w.bytes([1]);
      w.i32(7, true);
      w.i32(1, true);
      w.polygon([ring(X, Y, 3)], true);
    });
    expect(readGpkgPolygonsFlat(collection, collect())).toBe(false);
    expect(readGpkgPolygonsFlat(encodeGpkgGeometry({ type: 'LineString', coordinates: ring(X, Y, 1) }, 5899), collect())).toBe(false);
  });

  it('declines damaged blobs instead of reading past them', () => {
    const good = encodeGpkgGeometry({ type: 'Polygon', coordinates: [ring(X, Y, 10)] }, 5899);
    for (const cut of [3, 10, 45, 53, good.length - 1]) {
      expect(readGpkgPolygonsFlat(good.subarray(0, cut), collect()), `cut at ${cut}`).toBe(false);
      expect(() => decodeGpkgGeometry(good.subarray(0, cut))).toThrow();
    }
    const huge = good.slice();
    new DataView(huge.buffer).setUint32(40 + 9, 0x7fffffff, true);
    expect(readGpkgPolygonsFlat(huge, collect())).toBe(false);
    expect(readGpkgPolygonsFlat(Uint8Array.from([0x50, 0x47, 0, 1, 0, 0, 0, 0, 1]), collect())).toBe(false);
  });
});
