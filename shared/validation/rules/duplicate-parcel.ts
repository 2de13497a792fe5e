import type { Rule } from '../rule.js';
import type { ParcelSet } from '../../topology/parcel-set.js';

/**
 * Canonical vertex sequence of a parcel: consecutive repeats dropped, every ring turned
 * counter-clockwise and started at its lowest (x, then y) vertex, rings ordered by that vertex.
 * Two parcels with the same sequence have the same geometry whatever order they were digitised in.
 */
function canonical(set: ParcelSet, p: number): number[] {
  const c = set.coords;
  const rings: number[][] = [];
  for (let g = set.parcelPolyStart[p]; g < set.parcelPolyStart[p + 1]; g++) {
    for (let r = set.polyRingStart[g]; r < set.polyRingStart[g + 1]; r++) {
      const pts: number[] = [];
      for (let v = set.ringStart[r]; v < set.ringStart[r + 1] - 1; v++) {
        const n = pts.length;
        if (n >= 2 && pts[n - 2] === c[2 * v] && pts[n - 1] === c[2 * v + 1]) continue;
        pts.push(c[2 * v], c[2 * v + 1]);
      }
      const k = pts.length / 2;
      if (k === 0) continue;
      let area = 0;
      for (let i = 0; i < k; i++) {
        const j = (i + 1) % k;
        area += pts[2 * i] * pts[2 * j + 1] - pts[2 * j] * pts[2 * i + 1];
      }
      const seq: number[] = [];
      for (let i = 0; i < k; i++) {
        const idx = area < 0 ? (k - i) % k : i;
        seq.push(pts[2 * idx], pts[2 * idx + 1]);
      }
      let best = 0;
      for (let i = 1; i < k; i++) {
        if (seq[2 * i] < seq[2 * best] || (seq[2 * i] === seq[2 * best] && seq[2 * i + 1] < seq[2 * best + 1])) best = i;
      }
      rings.push([...seq.slice(2 * best), ...seq.slice(0, 2 * best)]);
    }
  }
  rings.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a.length - b.length);
  const out: number[] = [];
  for (const r of rings) out.push(r.length, ...r);
  return out;
}

/** `duplicate-parcel`: two or more parcels with exactly the same geometry. One finding per group. */
export const duplicateParcel: Rule = {
  id: 'duplicate-parcel',
  severity: 'error',
  kind: 'geometry',
  visit(ctx, report) {
    const { set } = ctx;
    // Cheap key first (vertex count and bounding box); exact comparison only inside a bucket.
    const buckets = new Map<string, number[]>();
    const c = set.coords;
    for (let p = 0; p < set.count; p++) {
      const v0 = set.ringStart[set.polyRingStart[set.parcelPolyStart[p]]];
      const v1 = set.ringStart[set.polyRingStart[set.parcelPolyStart[p + 1]]];
      if (v1 <= v0) continue;
      let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
      for (let v = v0; v < v1; v++) {
        const x = c[2 * v], y = c[2 * v + 1];
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
      const key = `${x0},${y0},${x1},${y1}`;
      const b = buckets.get(key);
      if (b) b.push(p);
      else buckets.set(key, [p]);
    }
    const groups = new Map<string, number[]>();
    for (const bucket of buckets.values()) {
      if (bucket.length < 2) continue;
      for (const p of bucket) {
        const key = canonical(set, p).join(',');
        const g = groups.get(key);
        if (g) g.push(p);
        else groups.set(key, [p]);
      }
    }
    for (const members of groups.values()) {
      if (members.length < 2 || !members.some((p) => ctx.inScope(p))) continue;
      const v = set.ringStart[set.polyRingStart[set.parcelPolyStart[members[0]]]];
      const x = set.coords[2 * v], y = set.coords[2 * v + 1];
      report(ctx.finding(duplicateParcel, members, x, y, { area: ctx.metrics().area[members[0]] }));
    }
  },
};
