/**
 * Geometric predicates for the topology engine. Orientation is decided exactly (a floating-point
 * filter, then an exact expansion when the filter cannot decide) so that "is this vertex on that
 * boundary" gets the same answer as GEOS on millimetre survey coordinates; everything else is plain
 * double arithmetic.
 */

const EPS = 1.1102230246251565e-16; // 2^-53
const SPLITTER = 134217729; // 2^27 + 1, Veltkamp split for exact products
const ORIENT_BOUND = (3 + 16 * EPS) * EPS;

/** Expansion buffer for orientExact (at most 17 components); one per module, never reallocated. */
const expansion = new Float64Array(32);
let expansionLength = 0;

/** Adds b exactly to the expansion in place (Shewchuk's Grow-Expansion with zero elimination). */
function grow(b: number): void {
  const e = expansion;
  let q = b;
  let k = 0;
  for (let i = 0; i < expansionLength; i++) {
    const ei = e[i];
    const sum = q + ei;
    const bv = sum - q;
    const err = q - (sum - bv) + (ei - bv);
    if (err !== 0) e[k++] = err;
    q = sum;
  }
  if (q !== 0 || k === 0) e[k++] = q;
  expansionLength = k;
}

/** Adds the exact product a·b (two components) to the expansion, with the given sign. */
function growProduct(a: number, b: number, sign: number): void {
  const x = a * b;
  let c = SPLITTER * a;
  const ahi = c - (c - a);
  const alo = a - ahi;
  c = SPLITTER * b;
  const bhi = c - (c - b);
  const blo = b - bhi;
  const y = alo * blo - (x - ahi * bhi - alo * bhi - ahi * blo);
  grow(sign * y);
  grow(sign * x);
}

function orientExact(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  // a - c and b - c as exact two-component differences (value, rounding error).
  let x = ax - cx, bv = ax - x;
  const acx = x, acxt = ax - (x + bv) + (bv - cx);
  x = ay - cy;
  bv = ay - x;
  const acy = x, acyt = ay - (x + bv) + (bv - cy);
  x = bx - cx;
  bv = bx - x;
  const bcx = x, bcxt = bx - (x + bv) + (bv - cx);
  x = by - cy;
  bv = by - x;
  const bcy = x, bcyt = by - (x + bv) + (bv - cy);
  expansion[0] = 0;
  expansionLength = 1;
  growProduct(acx, bcy, 1);
  growProduct(acx, bcyt, 1);
  growProduct(acxt, bcy, 1);
  growProduct(acxt, bcyt, 1);
  growProduct(acy, bcx, -1);
  growProduct(acy, bcxt, -1);
  growProduct(acyt, bcx, -1);
  growProduct(acyt, bcxt, -1);
  for (let i = expansionLength - 1; i >= 0; i--) if (expansion[i] !== 0) return expansion[i];
  return 0;
}

/**
 * Twice the signed area of triangle abc: > 0 when c is left of a→b (counter-clockwise), < 0 right,
 * exactly 0 when collinear. The sign is exact; the magnitude is the double estimate.
 */
export function orient2d(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const l = (ax - cx) * (by - cy);
  const r = (ay - cy) * (bx - cx);
  const det = l - r;
  const bound = ORIENT_BOUND * (Math.abs(l) + Math.abs(r));
  if (det > bound || -det > bound) return det;
  if (l === 0 && r === 0) return 0;
  const exact = orientExact(ax, ay, bx, by, cx, cy);
  return exact === 0 ? 0 : exact > 0 ? Math.max(det, Number.MIN_VALUE) : Math.min(det, -Number.MIN_VALUE);
}

/** True when p lies on the closed segment a–b (exact collinearity, bounding-box inclusion). */
export function onSegment(ax: number, ay: number, bx: number, by: number, px: number, py: number): boolean {
  if (px < Math.min(ax, bx) || px > Math.max(ax, bx) || py < Math.min(ay, by) || py > Math.max(ay, by)) return false;
  return orient2d(ax, ay, bx, by, px, py) === 0;
}

/** Squared distance from p to segment a–b and the projection parameter t in [0,1]. */
export function pointSegmentDistance2(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  px: number,
  py: number,
): { d2: number; t: number } {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  let t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0;
  if (t < 0) t = 0;
  else if (t > 1) t = 1;
  const qx = ax + t * dx - px;
  const qy = ay + t * dy - py;
  return { d2: qx * qx + qy * qy, t };
}

/** How two closed segments meet. */
export const SegmentMeet = {
  None: 0,
  /** Interiors cross at a single point that is an endpoint of neither. */
  Proper: 1,
  /** They share at least one point, at an endpoint or along a collinear stretch. */
  Touch: 2,
} as const;
export type SegmentMeet = (typeof SegmentMeet)[keyof typeof SegmentMeet];

/** Exact classification of how segments a–b and c–d meet. */
export function segmentsMeet(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  cx: number,
  cy: number,
  dx: number,
  dy: number,
): SegmentMeet {
  if (Math.max(ax, bx) < Math.min(cx, dx) || Math.max(cx, dx) < Math.min(ax, bx)) return SegmentMeet.None;
  if (Math.max(ay, by) < Math.min(cy, dy) || Math.max(cy, dy) < Math.min(ay, by)) return SegmentMeet.None;
  const o1 = orient2d(ax, ay, bx, by, cx, cy);
  const o2 = orient2d(ax, ay, bx, by, dx, dy);
  if ((o1 > 0 && o2 > 0) || (o1 < 0 && o2 < 0)) return SegmentMeet.None;
  const o3 = orient2d(cx, cy, dx, dy, ax, ay);
  const o4 = orient2d(cx, cy, dx, dy, bx, by);
  if ((o3 > 0 && o4 > 0) || (o3 < 0 && o4 < 0)) return SegmentMeet.None;
  if (o1 !== 0 && o2 !== 0 && o3 !== 0 && o4 !== 0) return SegmentMeet.Proper;
  // Some endpoint is collinear with the other segment: they meet iff that endpoint lies on it
  // (or, all four collinear, iff the bounding boxes overlap, which was checked above).
  if (o1 === 0 && o2 === 0) return SegmentMeet.Touch;
  if (o1 === 0 && onSegment(ax, ay, bx, by, cx, cy)) return SegmentMeet.Touch;
  if (o2 === 0 && onSegment(ax, ay, bx, by, dx, dy)) return SegmentMeet.Touch;
  if (o3 === 0 && onSegment(cx, cy, dx, dy, ax, ay)) return SegmentMeet.Touch;
  if (o4 === 0 && onSegment(cx, cy, dx, dy, bx, by)) return SegmentMeet.Touch;
  return SegmentMeet.None;
}

/**
 * Crossing point of the lines through a–b and c–d (call only for a proper crossing). Computed
 * relative to a local origin to keep the digits that matter, then clamped into both boxes.
 */
export function crossingPoint(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  cx: number,
  cy: number,
  dx: number,
  dy: number,
): [number, number] {
  const ox = ax;
  const oy = ay;
  const x1 = 0, y1 = 0, x2 = bx - ox, y2 = by - oy, x3 = cx - ox, y3 = cy - oy, x4 = dx - ox, y4 = dy - oy;
  const den = (x1 - x2) * (y3 - y4) - (y1 - y2) * (x3 - x4);
  const t = ((x1 - x3) * (y3 - y4) - (y1 - y3) * (x3 - x4)) / den;
  let x = ox + t * x2;
  let y = oy + t * y2;
  const minx = Math.max(Math.min(ax, bx), Math.min(cx, dx));
  const maxx = Math.min(Math.max(ax, bx), Math.max(cx, dx));
  const miny = Math.max(Math.min(ay, by), Math.min(cy, dy));
  const maxy = Math.min(Math.max(ay, by), Math.max(cy, dy));
  if (x < minx) x = minx;
  else if (x > maxx) x = maxx;
  if (y < miny) y = miny;
  else if (y > maxy) y = maxy;
  return [x, y];
}
