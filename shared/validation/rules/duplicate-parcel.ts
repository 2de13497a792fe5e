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
    // Cheap key first (bounding box, hashed from its bits into a typed table); the exact
    // canonical comparison runs only for parcels sharing a box with another one.
    const n = set.count;
    const c = set.coords;
    let size = 1024;
    while (size < 2 * n) size *= 2;
    const mask = size - 1;
    const head = new Int32Array(size).fill(-1);
    const next = new Int32Array(n);
    const boxes = new Float64Array(4 * n);
    const firstOf = new Int32Array(n).fill(-1);
    const bits = new Uint32Array(boxes.buffer);
    const shared = new Uint8Array(n);
    let anyShared = false;
    for (let p = 0; p < n; p++) {
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
      // + 0 turns -0 into 0 so that equal numbers have equal bits.
      boxes[4 * p] = x0 + 0;
      boxes[4 * p + 1] = y0 + 0;
      boxes[4 * p + 2] = x1 + 0;
      boxes[4 * p + 3] = y1 + 0;
      let h = 0x811c9dc5;
      for (let k = 8 * p; k < 8 * p + 8; k++) h = Math.imul(h ^ bits[k], 0x01000193);
      h = (h ^ (h >>> 15)) & mask;
      let q = head[h];
      for (; q !== -1; q = next[q]) {
        if (boxes[4 * q] === boxes[4 * p] && boxes[4 * q + 1] === boxes[4 * p + 1] && boxes[4 * q + 2] === boxes[4 * p + 2] && boxes[4 * q + 3] === boxes[4 * p + 3]) break;
      }
      if (q === -1) {
        next[p] = head[h];
        head[h] = p;
        firstOf[p] = p;
      } else {
        shared[q] = 1;
        anyShared = true;
        firstOf[p] = q;
      }
    }
    const groups = new Map<string, number[]>();
    if (anyShared) {
      for (let p = 0; p < n; p++) {
        if (firstOf[p] < 0 || !shared[firstOf[p]]) continue;
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
