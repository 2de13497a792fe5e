/**
 * Ring validity of one polygon, in the OGC/GEOS sense: closed rings of at least 3 distinct
 * vertices that neither cross nor touch themselves, holes that do not cross the shell or each
 * other and lie inside the shell. Consecutive repeated vertices are ignored, as GEOS does.
 */
import { onSegment, orient2d, segmentsMeet, SegmentMeet, crossingPoint } from '../topology/predicates.js';
import { RING_BAD_COORD, RING_UNCLOSED, type ParcelSet } from '../topology/parcel-set.js';
import { ringWinding } from '../topology/planar-graph.js';

export type RingProblemKind =
  | 'bad-coordinate'
  | 'unclosed'
  | 'too-few-points'
  | 'self-intersection'
  | 'self-touch'
  | 'ring-crossing'
  | 'hole-outside-shell'
  | 'polygons-cross';

export interface RingProblem {
  kind: RingProblemKind;
  x: number;
  y: number;
}

/**
 * Scratch buffers reused by every call: checking 100 000 parcels must not allocate per parcel.
 * Segment i runs from vertex segA[i] to segB[i], is number segPos[i] of ring segRing[i].
 */
class Scratch {
  segA = new Int32Array(256);
  segB = new Int32Array(256);
  segRing = new Int32Array(256);
  segPos = new Int32Array(256);
  minX = new Float64Array(256);
  maxX = new Float64Array(256);
  order = new Int32Array(256);
  verts = new Int32Array(256);
  ringLen = new Int32Array(16);
  /** Makes room for n segments (and n ring vertices) and `rings` rings. */
  reserve(n: number, rings: number): void {
    if (n > this.segA.length) {
      const cap = Math.max(n, this.segA.length * 2);
      this.segA = new Int32Array(cap);
      this.segB = new Int32Array(cap);
      this.segRing = new Int32Array(cap);
      this.segPos = new Int32Array(cap);
      this.minX = new Float64Array(cap);
      this.maxX = new Float64Array(cap);
      this.order = new Int32Array(cap);
      this.verts = new Int32Array(cap);
    }
    if (rings > this.ringLen.length) this.ringLen = new Int32Array(Math.max(rings, this.ringLen.length * 2));
  }
}
const scratch = new Scratch();

/**
 * Problems of polygon g of the set, in order of discovery. Split into small functions with the
 * rare outcomes (a problem found) apart from the loops: the rules run once per validation, and a
 * loop whose rare branches had never run would be recompiled each time one is first taken.
 */
export function checkPolygonRings(set: ParcelSet, g: number, out: RingProblem[]): void {
  const r0 = set.polyRingStart[g], r1 = set.polyRingStart[g + 1];
  scratch.reserve(set.ringStart[r1] - set.ringStart[r0] + 1, r1 - r0);
  const n = collectSegments(set, r0, r1, out);
  sortByMinX(scratch.order, scratch.minX, n);
  findRingMeets(set, r0, n, out);
  // Holes must lie inside the shell: test a hole vertex that is not on the shell.
  if (r1 - r0 > 1 && scratch.ringLen[0] > 0) checkHolesInside(set, r0, r1, out);
}

/** Segment list over all rings of the polygon into the scratch buffers; returns its length. */
function collectSegments(set: ParcelSet, r0: number, r1: number, out: RingProblem[]): number {
  const c = set.coords;
  const { segA, segB, segRing, segPos, minX, maxX, verts, ringLen } = scratch;
  // Segment list over all rings: start vertex index, end vertex index, ring, position in ring.
  let n = 0;
  for (let r = r0; r < r1; r++) {
    const s = set.ringStart[r], e = set.ringStart[r + 1];
    if (set.ringFlags[r] & RING_BAD_COORD) {
      out.push({ kind: 'bad-coordinate', x: NaN, y: NaN });
      ringLen[r - r0] = 0;
      continue;
    }
    if (set.ringFlags[r] & RING_UNCLOSED && e > s) out.push({ kind: 'unclosed', x: c[2 * s], y: c[2 * s + 1] });
    let k = 0;
    for (let v = s; v < e; v++) {
      if (k > 0) {
        const last = verts[k - 1];
        if (c[2 * last] === c[2 * v] && c[2 * last + 1] === c[2 * v + 1]) continue;
      }
      verts[k++] = v;
    }
    const m = k - 1; // closed: last equals first
    if (m < 3) {
      out.push({ kind: 'too-few-points', x: e > s ? c[2 * s] : NaN, y: e > s ? c[2 * s + 1] : NaN });
      ringLen[r - r0] = 0;
      continue;
    }
    ringLen[r - r0] = m;
    for (let i = 0; i < m; i++) {
      const a = verts[i], b = verts[i + 1];
      segA[n] = a;
      segB[n] = b;
      segRing[n] = r;
      segPos[n] = i;
      minX[n] = Math.min(c[2 * a], c[2 * b]);
      maxX[n] = Math.max(c[2 * a], c[2 * b]);
      n++;
    }
  }
  return n;
}

/** Every pair of segments whose x ranges overlap (sweep over minX order), checked for meeting. */
function findRingMeets(set: ParcelSet, r0: number, n: number, out: RingProblem[]): void {
  const c = set.coords;
  const { segA, segB, segRing, segPos, minX, maxX, order, ringLen } = scratch;
  for (let oi = 0; oi < n; oi++) {
    const i = order[oi];
    const iMax = maxX[i];
    const ax = c[2 * segA[i]], ay = c[2 * segA[i] + 1], bx = c[2 * segB[i]], by = c[2 * segB[i] + 1];
    const iMinY = Math.min(ay, by), iMaxY = Math.max(ay, by);
    for (let oj = oi + 1; oj < n; oj++) {
      const j = order[oj];
      if (minX[j] > iMax) break;
      const cx = c[2 * segA[j]], cy = c[2 * segA[j] + 1], dx = c[2 * segB[j]], dy = c[2 * segB[j] + 1];
      // Boxes apart in y: segmentsMeet would say None.
      if (Math.max(cy, dy) < iMinY || iMaxY < Math.min(cy, dy)) continue;
      const meet = segmentsMeet(ax, ay, bx, by, cx, cy, dx, dy);
      if (meet === SegmentMeet.None) continue;
      if (segRing[i] === segRing[j]) {
        const m = ringLen[segRing[i] - r0];
        const pi = segPos[i], pj = segPos[j];
        // Neighbours share one vertex; they are wrong only when they fold back over each other.
        if (Math.abs(pi - pj) === 1 || Math.abs(pi - pj) === m - 1) {
          if (meet === SegmentMeet.Touch) checkFoldBack(c, i, j, pi, pj, m, out);
          continue;
        }
      }
      reportMeet(segRing[i] === segRing[j], meet, ax, ay, bx, by, cx, cy, dx, dy, out);
    }
  }
}

/** Two neighbouring segments i, j of a ring (positions pi, pj of m) folding back over each other. */
function checkFoldBack(c: Float64Array, i: number, j: number, pi: number, pj: number, m: number, out: RingProblem[]): void {
  const { segA, segB } = scratch;
  const first = pj === pi + 1 || (pi === m - 1 && pj === 0) ? i : j;
  const second = first === i ? j : i;
  const px = c[2 * segA[first]], py = c[2 * segA[first] + 1];
  const qx = c[2 * segB[second]], qy = c[2 * segB[second] + 1];
  const sx = c[2 * segB[first]], sy = c[2 * segB[first] + 1];
  if (onSegment(sx, sy, qx, qy, px, py) || onSegment(px, py, sx, sy, qx, qy)) {
    out.push({ kind: 'self-touch', x: sx, y: sy });
  }
}

/** Two segments that meet and are not neighbours: of one ring, or of two rings of the polygon. */
function reportMeet(
  sameRing: boolean,
  meet: SegmentMeet,
  ax: number,
  ay: number,
  bx: number,
  by: number,
  cx: number,
  cy: number,
  dx: number,
  dy: number,
  out: RingProblem[],
): void {
  if (sameRing) {
    if (meet === SegmentMeet.Proper) {
      const [x, y] = crossingPoint(ax, ay, bx, by, cx, cy, dx, dy);
      out.push({ kind: 'self-intersection', x, y });
    } else out.push({ kind: 'self-touch', ...touchPoint(ax, ay, bx, by, cx, cy, dx, dy) });
  } else if (meet === SegmentMeet.Proper) {
    const [x, y] = crossingPoint(ax, ay, bx, by, cx, cy, dx, dy);
    out.push({ kind: 'ring-crossing', x, y });
  } else if (orient2d(ax, ay, bx, by, cx, cy) === 0 && orient2d(ax, ay, bx, by, dx, dy) === 0) {
    // Collinear: a shared stretch of boundary (not just a point) between shell and hole.
    const lo = Math.max(Math.min(ax, bx), Math.min(cx, dx)), hi = Math.min(Math.max(ax, bx), Math.max(cx, dx));
    const loy = Math.max(Math.min(ay, by), Math.min(cy, dy)), hiy = Math.min(Math.max(ay, by), Math.max(cy, dy));
    if (hi > lo || hiy > loy) out.push({ kind: 'ring-crossing', x: (lo + hi) / 2, y: (loy + hiy) / 2 });
  }
}

function checkHolesInside(set: ParcelSet, r0: number, r1: number, out: RingProblem[]): void {
  const c = set.coords;
  const ss = set.ringStart[r0], se = set.ringStart[r0 + 1];
  for (let r = r0 + 1; r < r1; r++) {
    if (scratch.ringLen[r - r0] === 0) continue;
    for (let v = set.ringStart[r]; v < set.ringStart[r + 1] - 1; v++) {
      const px = c[2 * v], py = c[2 * v + 1];
      let onShell = false;
      for (let k = ss; k < se - 1 && !onShell; k++) onShell = onSegment(c[2 * k], c[2 * k + 1], c[2 * k + 2], c[2 * k + 3], px, py);
      if (onShell) continue;
      if (ringWinding(c, ss, se, px, py) === 0) out.push({ kind: 'hole-outside-shell', x: px, y: py });
      break;
    }
  }
}

/**
 * order[0..n) = 0..n-1 sorted by key, ties in index order (the same permutation as a stable
 * Array.prototype.sort, so problems are found in the same order whatever the ring size).
 */
function sortByMinX(order: Int32Array, key: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) order[i] = i;
  if (n <= 48) {
    for (let i = 1; i < n; i++) {
      const o = order[i], k = key[o];
      let j = i - 1;
      while (j >= 0 && key[order[j]] > k) {
        order[j + 1] = order[j];
        j--;
      }
      order[j + 1] = o;
    }
    return;
  }
  const tmp = Array.from(order.subarray(0, n));
  tmp.sort((p, q) => key[p] - key[q]);
  for (let i = 0; i < n; i++) order[i] = tmp[i];
}

function touchPoint(ax: number, ay: number, bx: number, by: number, cx: number, cy: number, dx: number, dy: number): { x: number; y: number } {
  if (onSegment(ax, ay, bx, by, cx, cy)) return { x: cx, y: cy };
  if (onSegment(ax, ay, bx, by, dx, dy)) return { x: dx, y: dy };
  if (onSegment(cx, cy, dx, dy, ax, ay)) return { x: ax, y: ay };
  return { x: bx, y: by };
}

/** Parts of a multipolygon parcel whose boundaries cross or share a stretch (GEOS: self-intersection). */
export function checkPartsCross(set: ParcelSet, p: number, out: RingProblem[]): void {
  const g0 = set.parcelPolyStart[p], g1 = set.parcelPolyStart[p + 1];
  if (g1 - g0 < 2) return;
  const c = set.coords;
  const segs: { a: number; b: number; g: number; minX: number; maxX: number }[] = [];
  for (let g = g0; g < g1; g++) {
    for (let r = set.polyRingStart[g]; r < set.polyRingStart[g + 1]; r++) {
      for (let v = set.ringStart[r]; v < set.ringStart[r + 1] - 1; v++) {
        segs.push({ a: v, b: v + 1, g, minX: Math.min(c[2 * v], c[2 * v + 2]), maxX: Math.max(c[2 * v], c[2 * v + 2]) });
      }
    }
  }
  segs.sort((s1, s2) => s1.minX - s2.minX);
  for (let i = 0; i < segs.length; i++) {
    const si = segs[i];
    const ax = c[2 * si.a], ay = c[2 * si.a + 1], bx = c[2 * si.b], by = c[2 * si.b + 1];
    for (let j = i + 1; j < segs.length && segs[j].minX <= si.maxX; j++) {
      const sj = segs[j];
      if (sj.g === si.g) continue;
      const cx = c[2 * sj.a], cy = c[2 * sj.a + 1], dx = c[2 * sj.b], dy = c[2 * sj.b + 1];
      const meet = segmentsMeet(ax, ay, bx, by, cx, cy, dx, dy);
      if (meet === SegmentMeet.Proper) {
        const [x, y] = crossingPoint(ax, ay, bx, by, cx, cy, dx, dy);
        out.push({ kind: 'polygons-cross', x, y });
        return;
      }
      if (meet === SegmentMeet.Touch && orient2d(ax, ay, bx, by, cx, cy) === 0 && orient2d(ax, ay, bx, by, dx, dy) === 0) {
        const lo = Math.max(Math.min(ax, bx), Math.min(cx, dx)), hi = Math.min(Math.max(ax, bx), Math.max(cx, dx));
        const loy = Math.max(Math.min(ay, by), Math.min(cy, dy)), hiy = Math.min(Math.max(ay, by), Math.max(cy, dy));
        if (hi > lo || hiy > loy) {
          out.push({ kind: 'polygons-cross', x: (lo + hi) / 2, y: (loy + hiy) / 2 });
          return;
        }
      }
    }
  }
}
