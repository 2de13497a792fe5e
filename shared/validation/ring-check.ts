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

/** Problems of polygon g of the set, in order of discovery. */
export function checkPolygonRings(set: ParcelSet, g: number, out: RingProblem[]): void {
  const c = set.coords;
  const r0 = set.polyRingStart[g], r1 = set.polyRingStart[g + 1];
  // Segment list over all rings: start vertex index, end vertex index, ring, position in ring.
  const segA: number[] = [], segB: number[] = [], segRing: number[] = [], segPos: number[] = [];
  const ringLen: number[] = [];
  for (let r = r0; r < r1; r++) {
    const s = set.ringStart[r], e = set.ringStart[r + 1];
    if (set.ringFlags[r] & RING_BAD_COORD) {
      out.push({ kind: 'bad-coordinate', x: NaN, y: NaN });
      ringLen.push(0);
      continue;
    }
    if (set.ringFlags[r] & RING_UNCLOSED && e > s) out.push({ kind: 'unclosed', x: c[2 * s], y: c[2 * s + 1] });
    const verts: number[] = [];
    for (let v = s; v < e; v++) {
      const last = verts[verts.length - 1];
      if (last !== undefined && c[2 * last] === c[2 * v] && c[2 * last + 1] === c[2 * v + 1]) continue;
      verts.push(v);
    }
    const m = verts.length - 1; // closed: last equals first
    if (m < 3) {
      out.push({ kind: 'too-few-points', x: e > s ? c[2 * s] : NaN, y: e > s ? c[2 * s + 1] : NaN });
      ringLen.push(0);
      continue;
    }
    ringLen.push(m);
    for (let i = 0; i < m; i++) {
      segA.push(verts[i]);
      segB.push(verts[i + 1]);
      segRing.push(r);
      segPos.push(i);
    }
  }
  const n = segA.length;
  const order = Array.from({ length: n }, (_, i) => i);
  const minX = (i: number): number => Math.min(c[2 * segA[i]], c[2 * segB[i]]);
  const maxX = (i: number): number => Math.max(c[2 * segA[i]], c[2 * segB[i]]);
  order.sort((p, q) => minX(p) - minX(q));
  for (let oi = 0; oi < n; oi++) {
    const i = order[oi];
    const iMax = maxX(i);
    const ax = c[2 * segA[i]], ay = c[2 * segA[i] + 1], bx = c[2 * segB[i]], by = c[2 * segB[i] + 1];
    for (let oj = oi + 1; oj < n; oj++) {
      const j = order[oj];
      if (minX(j) > iMax) break;
      const cx = c[2 * segA[j]], cy = c[2 * segA[j] + 1], dx = c[2 * segB[j]], dy = c[2 * segB[j] + 1];
      const meet = segmentsMeet(ax, ay, bx, by, cx, cy, dx, dy);
      if (meet === SegmentMeet.None) continue;
      if (segRing[i] === segRing[j]) {
        const m = ringLen[segRing[i] - r0];
        const pi = segPos[i], pj = segPos[j];
        const adjacent = Math.abs(pi - pj) === 1 || Math.abs(pi - pj) === m - 1;
        if (adjacent) {
          // Neighbours share one vertex; they are wrong only when they fold back over each other.
          if (meet !== SegmentMeet.Touch) continue;
          const first = pj === pi + 1 || (pi === m - 1 && pj === 0) ? i : j;
          const second = first === i ? j : i;
          const px = c[2 * segA[first]], py = c[2 * segA[first] + 1];
          const qx = c[2 * segB[second]], qy = c[2 * segB[second] + 1];
          const sx = c[2 * segB[first]], sy = c[2 * segB[first] + 1];
          if (onSegment(sx, sy, qx, qy, px, py) || onSegment(px, py, sx, sy, qx, qy)) {
            out.push({ kind: 'self-touch', x: sx, y: sy });
          }
          continue;
        }
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
  }
  // Holes must lie inside the shell: test a hole vertex that is not on the shell.
  if (r1 - r0 > 1 && ringLen[0] > 0) {
    const ss = set.ringStart[r0], se = set.ringStart[r0 + 1];
    for (let r = r0 + 1; r < r1; r++) {
      if (ringLen[r - r0] === 0) continue;
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
