/** Per-parcel measures shared by the rules: area, perimeter and a point inside each parcel. */
import { ringCount, ringIsExterior, ringLength, ringSignedArea, type ParcelSet } from '../topology/parcel-set.js';
import type { ParcelMetrics } from './rule.js';

export function computeMetrics(set: ParcelSet): ParcelMetrics {
  const n = set.count;
  const area = new Float64Array(n);
  const perimeter = new Float64Array(n);
  const x = new Float64Array(n).fill(NaN);
  const y = new Float64Array(n).fill(NaN);
  const exterior = ringIsExterior(set);
  const ringAreas = new Float64Array(ringCount(set));
  for (let p = 0; p < n; p++) {
    let bestPoly = -1, bestArea = -Infinity;
    for (let g = set.parcelPolyStart[p]; g < set.parcelPolyStart[p + 1]; g++) {
      let polyArea = 0;
      for (let r = set.polyRingStart[g]; r < set.polyRingStart[g + 1]; r++) {
        const a = Math.abs(ringSignedArea(set, r));
        ringAreas[r] = a;
        polyArea += exterior[r] ? a : -a;
        perimeter[p] += ringLength(set, r);
      }
      area[p] += polyArea;
      if (polyArea > bestArea) {
        bestArea = polyArea;
        bestPoly = g;
      }
    }
    if (bestPoly >= 0) {
      const pt = polygonInteriorPoint(set, bestPoly);
      x[p] = pt[0];
      y[p] = pt[1];
    }
  }
  return { area, perimeter, x, y };
}

/** Middle of the widest interval cut by a horizontal line through the middle of the shell. */
export function polygonInteriorPoint(set: ParcelSet, g: number): [number, number] {
  const c = set.coords;
  const r0 = set.polyRingStart[g], r1 = set.polyRingStart[g + 1];
  const s = set.ringStart[r0], e = set.ringStart[r0 + 1];
  if (e <= s) return [NaN, NaN];
  let y0 = Infinity, y1 = -Infinity;
  for (let v = s; v < e; v++) {
    if (c[2 * v + 1] < y0) y0 = c[2 * v + 1];
    if (c[2 * v + 1] > y1) y1 = c[2 * v + 1];
  }
  const mid = (y0 + y1) / 2;
  let below = y0, above = y1;
  for (let v = set.ringStart[r0]; v < set.ringStart[r1]; v++) {
    const yy = c[2 * v + 1];
    if (yy <= mid && yy > below) below = yy;
    if (yy > mid && yy < above) above = yy;
  }
  const yl = below === above ? mid : (below + above) / 2;
  const xs: number[] = [];
  for (let r = r0; r < r1; r++) {
    for (let v = set.ringStart[r]; v < set.ringStart[r + 1] - 1; v++) {
      const ax = c[2 * v], ay = c[2 * v + 1], bx = c[2 * v + 2], by = c[2 * v + 3];
      if ((ay <= yl && by > yl) || (by <= yl && ay > yl)) xs.push(ax + ((yl - ay) / (by - ay)) * (bx - ax));
    }
  }
  xs.sort((a, b) => a - b);
  let best = -1, bx = c[2 * s];
  for (let i = 0; i + 1 < xs.length; i += 2) {
    if (xs[i + 1] - xs[i] > best) {
      best = xs[i + 1] - xs[i];
      bx = (xs[i] + xs[i + 1]) / 2;
    }
  }
  return best < 0 ? [c[2 * s], c[2 * s + 1]] : [bx, yl];
}
