/**
 * Planar measures in the dataset's CRS (square metres and metres for VN-2000 TM-3).
 *
 * VN-2000 coordinates have 6–7 digits before the decimal point, so a naive shoelace multiplies
 * numbers around 10^12 and loses the centimetres that decide whether a computed area matches the
 * legal one. Every ring is therefore shifted to its first vertex and summed with Neumaier's
 * compensated summation; a 100 m² parcel keeps ~1e-9 m² of precision.
 */
import type { Extent, Geometry, Position, PolygonCoords } from './geometry.js';

/** A ring as GeoJSON positions or as a flat [x0, y0, x1, y1, …] array. */
export type RingInput = readonly Position[] | Float64Array | readonly number[];

function isFlat(ring: RingInput): ring is Float64Array | readonly number[] {
  return ring instanceof Float64Array || (ring.length > 0 && typeof ring[0] === 'number');
}

/** Number of vertices and an accessor, so both ring shapes share one loop. */
function accessor(ring: RingInput): { n: number; x(i: number): number; y(i: number): number } {
  if (isFlat(ring)) {
    const f = ring;
    if (f.length % 2 !== 0) throw new RangeError(`flat coordinate array has odd length ${f.length}`);
    return { n: f.length / 2, x: (i) => f[2 * i]!, y: (i) => f[2 * i + 1]! };
  }
  const r = ring as readonly Position[];
  return { n: r.length, x: (i) => r[i]![0], y: (i) => r[i]![1] };
}

/** Neumaier-compensated running sum. */
class Sum {
  private s = 0;
  private c = 0;
  add(v: number): void {
    const t = this.s + v;
    this.c += Math.abs(this.s) >= Math.abs(v) ? this.s - t + v : v - t + this.s;
    this.s = t;
  }
  get value(): number {
    return this.s + this.c;
  }
}

/**
 * Signed area of a ring by the shoelace formula: positive when counter-clockwise (Y up).
 * Works whether or not the ring repeats its first vertex at the end.
 */
export function ringArea(ring: RingInput): number {
  const a = accessor(ring);
  if (a.n < 3) return 0;
  const x0 = a.x(0);
  const y0 = a.y(0);
  const sum = new Sum();
  let px = 0;
  let py = 0;
  for (let i = 1; i < a.n; i++) {
    const cx = a.x(i) - x0;
    const cy = a.y(i) - y0;
    sum.add(px * cy - cx * py);
    px = cx;
    py = cy;
  }
  // The closing edge back to the first vertex, which sits at the origin after the shift, adds 0.
  return sum.value / 2;
}

/** Area of a polygon: exterior minus holes, whatever the rings' orientation. */
export function polygonArea(coords: PolygonCoords): number {
  if (coords.length === 0) return 0;
  let area = Math.abs(ringArea(coords[0]!));
  for (let i = 1; i < coords.length; i++) area -= Math.abs(ringArea(coords[i]!));
  return area;
}

/** Area of a Polygon or MultiPolygon (holes subtracted); 0 for points and lines. */
export function geometryArea(geom: Geometry): number {
  switch (geom.type) {
    case 'Polygon':
      return polygonArea(geom.coordinates);
    case 'MultiPolygon': {
      const sum = new Sum();
      for (const poly of geom.coordinates) sum.add(polygonArea(poly));
      return sum.value;
    }
    default:
      return 0;
  }
}

/** Length of an open path (for a closed ring it includes the closing edge only if repeated). */
export function pathLength(path: RingInput): number {
  const a = accessor(path);
  const sum = new Sum();
  for (let i = 1; i < a.n; i++) sum.add(Math.hypot(a.x(i) - a.x(i - 1), a.y(i) - a.y(i - 1)));
  return sum.value;
}

/** Length of a ring including the closing edge, whether or not the ring repeats its first vertex. */
export function ringPerimeter(ring: RingInput): number {
  const a = accessor(ring);
  if (a.n < 2) return 0;
  return pathLength(ring) + Math.hypot(a.x(0) - a.x(a.n - 1), a.y(0) - a.y(a.n - 1));
}

/** Perimeter of areas (all rings, holes included) or length of lines; 0 for points. */
export function perimeter(geom: Geometry): number {
  const sum = new Sum();
  switch (geom.type) {
    case 'Polygon':
      for (const r of geom.coordinates) sum.add(ringPerimeter(r));
      break;
    case 'MultiPolygon':
      for (const poly of geom.coordinates) for (const r of poly) sum.add(ringPerimeter(r));
      break;
    case 'LineString':
      sum.add(pathLength(geom.coordinates));
      break;
    case 'MultiLineString':
      for (const l of geom.coordinates) sum.add(pathLength(l));
      break;
    case 'Point':
      break;
  }
  return sum.value;
}

/** True when the ring's last vertex equals its first (within `tolerance`, default exact). */
export function ringIsClosed(ring: RingInput, tolerance = 0): boolean {
  const a = accessor(ring);
  if (a.n < 2) return false;
  return (
    Math.abs(a.x(0) - a.x(a.n - 1)) <= tolerance && Math.abs(a.y(0) - a.y(a.n - 1)) <= tolerance
  );
}

/** An extent containing nothing; extending it with anything gives that thing's extent. */
export function emptyExtent(): Extent {
  return [Infinity, Infinity, -Infinity, -Infinity];
}

export function extentIsEmpty(e: Extent): boolean {
  return !(e[0] <= e[2] && e[1] <= e[3]);
}

/**
 * Grows `target` in place to cover a position or another extent, and returns it.
 * Non-finite positions are ignored so one broken vertex cannot blow the extent up to infinity.
 */
export function extendExtent(target: Extent, by: Position | Extent): Extent {
  if (by.length === 2) {
    const [x, y] = by;
    if (!Number.isFinite(x) || !Number.isFinite(y)) return target;
    if (x < target[0]) target[0] = x;
    if (y < target[1]) target[1] = y;
    if (x > target[2]) target[2] = x;
    if (y > target[3]) target[3] = y;
    return target;
  }
  if (extentIsEmpty(by)) return target;
  if (by[0] < target[0]) target[0] = by[0];
  if (by[1] < target[1]) target[1] = by[1];
  if (by[2] > target[2]) target[2] = by[2];
  if (by[3] > target[3]) target[3] = by[3];
  return target;
}

/** Bounding box of a geometry; emptyExtent() when it has no finite position. */
export function geometryExtent(geom: Geometry): Extent {
  const e = emptyExtent();
  const line = (ps: readonly Position[]) => {
    for (const q of ps) extendExtent(e, q);
  };
  switch (geom.type) {
    case 'Point':
      extendExtent(e, geom.coordinates);
      break;
    case 'LineString':
      line(geom.coordinates);
      break;
    case 'MultiLineString':
    case 'Polygon':
      for (const l of geom.coordinates) line(l);
      break;
    case 'MultiPolygon':
      for (const poly of geom.coordinates) for (const r of poly) line(r);
      break;
  }
  return e;
}
