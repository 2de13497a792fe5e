/**
 * Turns the flat ring list of a shapefile polygon record into Polygon / MultiPolygon.
 *
 * A shapefile polygon is just a list of rings; the ESRI specification says outer rings run
 * clockwise and holes counter-clockwise, and leaves it to the reader to find which outer ring
 * each hole belongs to. Vertex order is kept exactly as stored (outer rings stay clockwise) so the
 * result compares one-to-one with GDAL and with the file.
 */
import type { MultiPolygonGeometry, PolygonGeometry, Position, Ring } from '../../../../shared/geo/geometry.js';

/** Twice the signed area (shoelace): negative for clockwise rings in a y-up CRS. */
export function signedArea2(ring: Ring): number {
  let sum = 0;
  for (let i = 0, n = ring.length; i < n - 1; i++) {
    const a = ring[i]!;
    const b = ring[i + 1]!;
    sum += a[0] * b[1] - b[0] * a[1];
  }
  return sum;
}

/** 1 inside, -1 outside, 0 on the boundary (even-odd rule). */
export function pointInRing(p: Position, ring: Ring): 1 | 0 | -1 {
  const [x, y] = p;
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    // On-segment test first: a hole touching its outer ring at a vertex must not decide anything.
    const cross = (xj - xi) * (y - yi) - (yj - yi) * (x - xi);
    if (cross === 0 && x >= Math.min(xi, xj) && x <= Math.max(xi, xj) && y >= Math.min(yi, yj) && y <= Math.max(yi, yj)) {
      return 0;
    }
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside ? 1 : -1;
}

interface RingInfo {
  ring: Ring;
  area2: number;
  bbox: [number, number, number, number];
}

function info(ring: Ring): RingInfo {
  let minx = Infinity;
  let miny = Infinity;
  let maxx = -Infinity;
  let maxy = -Infinity;
  for (const [x, y] of ring) {
    if (x < minx) minx = x;
    if (y < miny) miny = y;
    if (x > maxx) maxx = x;
    if (y > maxy) maxy = y;
  }
  return { ring, area2: signedArea2(ring), bbox: [minx, miny, maxx, maxy] };
}

/** Whether `inner` lies inside `outer`: the first vertex of `inner` not on `outer`'s boundary decides. */
function ringInside(inner: RingInfo, outer: RingInfo): boolean {
  const [a, b, c, d] = inner.bbox;
  const [e, f, g, h] = outer.bbox;
  if (a < e || b < f || c > g || d > h) return false;
  for (const p of inner.ring) {
    const where = pointInRing(p, outer.ring);
    if (where !== 0) return where === 1;
  }
  // Every vertex on the boundary (a hole equal to its outer): call it inside.
  return true;
}

function close(ring: Ring): Ring {
  const first = ring[0]!;
  const last = ring[ring.length - 1]!;
  return first[0] === last[0] && first[1] === last[1] ? ring : [...ring, [first[0], first[1]]];
}

/**
 * Groups rings into polygons. Clockwise rings (and degenerate zero-area ones) are outers; each
 * counter-clockwise ring becomes a hole of the smallest outer that contains it, or an outer of its
 * own when none does (the same repair GDAL makes). A file whose rings are all counter-clockwise
 * (a writer that ignored the specification) is read by nesting instead: rings inside an even
 * number of others are outers.
 */
export function assemblePolygon(rawRings: Ring[]): PolygonGeometry | MultiPolygonGeometry | null {
  const rings = rawRings.filter((r) => r.length > 0).map((r) => info(close(r)));
  if (rings.length === 0) return null;
  // `!(a > 0)` also makes rings with NaN coordinates outers, so no ring is ever dropped silently.
  let outers: RingInfo[] = rings.filter((r) => !(r.area2 > 0));
  let holes: RingInfo[] = rings.filter((r) => r.area2 > 0);
  if (outers.length === 0) {
    // No clockwise ring: decide by nesting depth.
    outers = [];
    holes = [];
    for (const r of rings) {
      const depth = rings.filter((o) => o !== r && Math.abs(o.area2) > Math.abs(r.area2) && ringInside(r, o)).length;
      (depth % 2 === 0 ? outers : holes).push(r);
    }
  }
  const polygons = outers.map((o) => ({ outer: o, holes: [] as RingInfo[] }));
  for (const hole of holes) {
    let owner: (typeof polygons)[number] | null = null;
    for (const p of polygons) {
      if (Math.abs(p.outer.area2) < Math.abs(hole.area2)) continue;
      if (!ringInside(hole, p.outer)) continue;
      if (!owner || Math.abs(p.outer.area2) < Math.abs(owner.outer.area2)) owner = p;
    }
    if (owner) owner.holes.push(hole);
    else polygons.push({ outer: hole, holes: [] });
  }
  const coords = polygons.map((p) => [p.outer.ring, ...p.holes.map((h) => h.ring)]);
  return coords.length === 1
    ? { type: 'Polygon', coordinates: coords[0]! }
    : { type: 'MultiPolygon', coordinates: coords };
}
