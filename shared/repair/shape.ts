/**
 * Plain-coordinate helpers for repair planning: conversions between the project's geometry and a
 * list of polygons, measures, the tidy-up every repaired shape gets, and the per-parcel checks
 * (spikes, sliver width) that stop a repair from creating the warnings it is meant to remove.
 */
import type { AreaGeometry, Extent, PolygonCoords, Position, Ring } from '../geo/geometry.js';
import type { Polygons } from './jsts-ops.js';

export function polygonsOf(g: AreaGeometry | null): Polygons {
  if (!g) return [];
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

/** Back to a geometry: a MultiPolygon stays one (the store keeps multi), otherwise one part is a Polygon. */
export function geometryOf(polys: Polygons, like: AreaGeometry | null): AreaGeometry | null {
  if (polys.length === 0) return null;
  if (polys.length === 1 && like?.type !== 'MultiPolygon') return { type: 'Polygon', coordinates: polys[0] };
  return { type: 'MultiPolygon', coordinates: polys };
}

export function signedRingArea(ring: Ring): number {
  if (ring.length < 3) return 0;
  const [ox, oy] = ring[0];
  let a = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    a += (ring[i][0] - ox) * (ring[i + 1][1] - oy) - (ring[i + 1][0] - ox) * (ring[i][1] - oy);
  }
  return a / 2;
}

export function area(polys: Polygons): number {
  let a = 0;
  for (const poly of polys) {
    poly.forEach((ring, i) => {
      const r = Math.abs(signedRingArea(ring));
      a += i === 0 ? r : -r;
    });
  }
  return a;
}

export function perimeter(polys: Polygons): number {
  let len = 0;
  for (const poly of polys) {
    for (const ring of poly) for (let i = 0; i < ring.length - 1; i++) len += Math.hypot(ring[i + 1][0] - ring[i][0], ring[i + 1][1] - ring[i][1]);
  }
  return len;
}

export function extentOf(polys: Polygons): Extent | null {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const poly of polys) {
    for (const ring of poly) {
      for (const [x, y] of ring) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  return Number.isFinite(x0) ? [x0, y0, x1, y1] : null;
}

/** Drops consecutive repeated positions and closes the ring. */
export function dedupeRing(ring: Ring): Ring {
  const out: Ring = [];
  for (const p of ring) {
    const l = out[out.length - 1];
    if (l && l[0] === p[0] && l[1] === p[1]) continue;
    out.push([p[0], p[1]]);
  }
  while (out.length > 1 && out[0][0] === out[out.length - 1][0] && out[0][1] === out[out.length - 1][1]) out.pop();
  if (out.length > 0) out.push([out[0][0], out[0][1]]);
  return out;
}

/**
 * The form every repaired shape is stored in: no repeated vertices, closed rings, exterior rings
 * turning the same way as the parcel's original exterior (holes the other way), so a repair never
 * flips a parcel's orientation.
 */
export function tidy(polys: Polygons, exteriorCcw: boolean): Polygons {
  const out: Polygons = [];
  for (const poly of polys) {
    const rings: PolygonCoords = [];
    poly.forEach((ring, i) => {
      const r = dedupeRing(ring);
      const ccw = signedRingArea(r) > 0;
      const want = i === 0 ? exteriorCcw : !exteriorCcw;
      rings.push(ccw === want ? r : r.reverse());
    });
    out.push(rings);
  }
  return out;
}

/** Whether the first exterior ring is counter-clockwise (true for empty shapes). */
export function exteriorIsCcw(polys: Polygons): boolean {
  const r = polys[0]?.[0];
  return r ? signedRingArea(r) >= 0 : true;
}

/** Squared distance from p to segment ab, and the closest point's parameter t ∈ [0, 1]. */
export function segmentDistance2(px: number, py: number, ax: number, ay: number, bx: number, by: number): { d2: number; t: number } {
  const dx = bx - ax, dy = by - ay;
  const len2 = dx * dx + dy * dy;
  let t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0;
  if (t < 0) t = 0;
  else if (t > 1) t = 1;
  const qx = ax + t * dx - px, qy = ay + t * dy - py;
  return { d2: qx * qx + qy * qy, t };
}

/** Distance from a point to the nearest edge of a shape's rings. */
export function boundaryDistance(polys: Polygons, x: number, y: number): number {
  let best = Infinity;
  for (const poly of polys) {
    for (const ring of poly) {
      for (let i = 0; i < ring.length - 1; i++) {
        const { d2 } = segmentDistance2(x, y, ring[i][0], ring[i][1], ring[i + 1][0], ring[i + 1][1]);
        if (d2 < best) best = d2;
      }
    }
  }
  return Math.sqrt(best);
}

/**
 * Length of `region`'s boundary lying on `parcel`'s boundary (within eps): the "shared boundary"
 * of the choice rule. A boundary segment counts when both ends and its middle are on the parcel.
 */
export function contactLength(region: Polygons, parcel: Polygons, eps: number, exclude?: Polygons): number {
  let len = 0;
  for (const poly of region) {
    for (const ring of poly) {
      for (let i = 0; i < ring.length - 1; i++) {
        const [ax, ay] = ring[i], [bx, by] = ring[i + 1];
        const mx = (ax + bx) / 2, my = (ay + by) / 2;
        const on = (s: Polygons): boolean =>
          boundaryDistance(s, mx, my) <= eps && boundaryDistance(s, ax, ay) <= eps && boundaryDistance(s, bx, by) <= eps;
        if (!on(parcel)) continue;
        if (exclude && on(exclude)) continue;
        len += Math.hypot(bx - ax, by - ay);
      }
    }
  }
  return len;
}

/** Spike test of the `spike` rule (angle under `maxAngleDeg` with the shorter arm ≤ `maxArm`), per vertex. */
export function spikeVertices(ring: Ring, maxAngleDeg: number, maxArm: number): number[] {
  const r = dedupeRing(ring);
  const k = r.length - 1;
  const out: number[] = [];
  if (k < 3) return out;
  const maxAngle = (maxAngleDeg * Math.PI) / 180;
  for (let i = 0; i < k; i++) {
    const a = r[(i + k - 1) % k], v = r[i], b = r[(i + 1) % k];
    const ux = a[0] - v[0], uy = a[1] - v[1], wx = b[0] - v[0], wy = b[1] - v[1];
    const angle = Math.abs(Math.atan2(ux * wy - uy * wx, ux * wx + uy * wy));
    if (angle >= maxAngle) continue;
    if (Math.min(Math.hypot(ux, uy), Math.hypot(wx, wy)) > maxArm) continue;
    out.push(i);
  }
  return out;
}

export function spikeCount(polys: Polygons, maxAngleDeg: number, maxArm: number): number {
  let n = 0;
  for (const poly of polys) for (const ring of poly) n += spikeVertices(ring, maxAngleDeg, maxArm).length;
  return n;
}

/** Mean width 2·area/perimeter, the `sliver` measure. */
export function meanWidth(polys: Polygons): number {
  const p = perimeter(polys);
  return p > 0 ? (2 * Math.max(0, area(polys))) / p : 0;
}

export function pointInRing(ring: Ring, x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i], [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function pointInPolygons(polys: Polygons, x: number, y: number): boolean {
  for (const poly of polys) {
    if (!pointInRing(poly[0], x, y)) continue;
    if (poly.slice(1).some((h) => pointInRing(h, x, y))) continue;
    return true;
  }
  return false;
}

export function positionKey(p: Position): string {
  return `${p[0]},${p[1]}`;
}
