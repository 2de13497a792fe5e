/**
 * Planar helpers over vertex ids into shared coordinate arrays (the generator's working form, which
 * avoids one object per vertex). Rings are not closed: the last id connects back to the first.
 */

export interface Coords {
  x: number[];
  y: number[];
}

/** Shoelace area, positive for counter-clockwise rings. */
export function signedArea(c: Coords, ring: readonly number[]): number {
  let s = 0;
  const n = ring.length;
  const x0 = c.x[ring[0]!]!;
  const y0 = c.y[ring[0]!]!;
  for (let i = 0; i < n; i++) {
    const a = ring[i]!;
    const b = ring[(i + 1) % n]!;
    s += (c.x[a]! - x0) * (c.y[b]! - y0) - (c.x[b]! - x0) * (c.y[a]! - y0);
  }
  return s / 2;
}

/** Shoelace area of a closed coordinate ring, positive for counter-clockwise. */
export function signedAreaXY(ring: ReadonlyArray<readonly [number, number] | number[]>): number {
  let s = 0;
  // Centre on the first vertex: VN-2000 coordinates are ~10^6, products would lose millimetres.
  const x0 = ring[0]![0]!;
  const y0 = ring[0]![1]!;
  for (let i = 0; i + 1 < ring.length; i++) {
    const ax = ring[i]![0]! - x0;
    const ay = ring[i]![1]! - y0;
    const bx = ring[i + 1]![0]! - x0;
    const by = ring[i + 1]![1]! - y0;
    s += ax * by - bx * ay;
  }
  return s / 2;
}

export function pointInRing(c: Coords, ring: readonly number[], px: number, py: number): boolean {
  let inside = false;
  const n = ring.length;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const xi = c.x[ring[i]!]!;
    const yi = c.y[ring[i]!]!;
    const xj = c.x[ring[j]!]!;
    const yj = c.y[ring[j]!]!;
    if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function distToSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  let t = len2 === 0 ? 0 : ((px - ax) * dx + (py - ay) * dy) / len2;
  t = Math.max(0, Math.min(1, t));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const v = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
  return v > 0 ? 1 : v < 0 ? -1 : 0;
}

/** True when closed segments ab and cd share at least one point. */
export function segmentsTouch(
  ax: number, ay: number, bx: number, by: number,
  cx: number, cy: number, dx: number, dy: number,
): boolean {
  const o1 = orient(ax, ay, bx, by, cx, cy);
  const o2 = orient(ax, ay, bx, by, dx, dy);
  const o3 = orient(cx, cy, dx, dy, ax, ay);
  const o4 = orient(cx, cy, dx, dy, bx, by);
  if (o1 !== o2 && o3 !== o4) return true;
  const on = (px: number, py: number, qx: number, qy: number, rx: number, ry: number): boolean =>
    Math.min(px, qx) <= rx && rx <= Math.max(px, qx) && Math.min(py, qy) <= ry && ry <= Math.max(py, qy);
  if (o1 === 0 && on(ax, ay, bx, by, cx, cy)) return true;
  if (o2 === 0 && on(ax, ay, bx, by, dx, dy)) return true;
  if (o3 === 0 && on(cx, cy, dx, dy, ax, ay)) return true;
  if (o4 === 0 && on(cx, cy, dx, dy, bx, by)) return true;
  return false;
}

/** Distance from a point to the nearest edge of a ring, skipping edges that start at `skipFrom` ids. */
export function distToRing(c: Coords, ring: readonly number[], px: number, py: number, skip?: ReadonlySet<number>): number {
  let d = Infinity;
  const n = ring.length;
  for (let i = 0; i < n; i++) {
    const a = ring[i]!;
    const b = ring[(i + 1) % n]!;
    if (skip && (skip.has(a) || skip.has(b))) continue;
    d = Math.min(d, distToSegment(px, py, c.x[a]!, c.y[a]!, c.x[b]!, c.y[b]!));
  }
  return d;
}

/** Millimetre rounding used for every generated coordinate. */
export function mm(value: number): number {
  return Math.round(value * 1000) / 1000;
}
