/**
 * Independent geometry checks for the synthetic-commune tests, written on plain coordinates so they
 * do not reuse the generator's own helpers.
 */
import type { Position } from '../../../shared/geo/geometry.js';

export function ringArea(ring: Position[]): number {
  let s = 0;
  const [x0, y0] = ring[0]!;
  for (let i = 0; i + 1 < ring.length; i++) {
    s += (ring[i]![0] - x0) * (ring[i + 1]![1] - y0) - (ring[i + 1]![0] - x0) * (ring[i]![1] - y0);
  }
  return s / 2;
}

export function perimeter(ring: Position[]): number {
  let s = 0;
  for (let i = 0; i + 1 < ring.length; i++) s += Math.hypot(ring[i + 1]![0] - ring[i]![0], ring[i + 1]![1] - ring[i]![1]);
  return s;
}

export function pointInRing(ring: Position[], [px, py]: Position): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 2; i < ring.length - 1; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function distToRing(ring: Position[], [px, py]: Position): number {
  let d = Infinity;
  for (let i = 0; i + 1 < ring.length; i++) {
    const [ax, ay] = ring[i]!;
    const [bx, by] = ring[i + 1]!;
    const dx = bx - ax;
    const dy = by - ay;
    const l2 = dx * dx + dy * dy;
    const t = l2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / l2));
    d = Math.min(d, Math.hypot(px - ax - t * dx, py - ay - t * dy));
  }
  return d;
}

function cross(o: Position, a: Position, b: Position): number {
  return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
}

/** True when two non-adjacent edges of the ring cross or touch (the ring is not simple). */
export function selfIntersects(ring: Position[]): boolean {
  const pts = ring.slice(0, -1).filter((p, i, arr) => i === 0 || p[0] !== arr[i - 1]![0] || p[1] !== arr[i - 1]![1]);
  const n = pts.length;
  for (let i = 0; i < n; i++) {
    const a = pts[i]!;
    const b = pts[(i + 1) % n]!;
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue;
      const c = pts[j]!;
      const d = pts[(j + 1) % n]!;
      const d1 = cross(a, b, c);
      const d2 = cross(a, b, d);
      const d3 = cross(c, d, a);
      const d4 = cross(c, d, b);
      if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
      const onSeg = (p: Position, q: Position, r: Position): boolean =>
        cross(p, q, r) === 0 &&
        Math.min(p[0], q[0]) <= r[0] && r[0] <= Math.max(p[0], q[0]) &&
        Math.min(p[1], q[1]) <= r[1] && r[1] <= Math.max(p[1], q[1]);
      if (onSeg(a, b, c) || onSeg(a, b, d) || onSeg(c, d, a) || onSeg(c, d, b)) return true;
    }
  }
  return false;
}

/** Smallest vertex angle in degrees, ignoring repeated vertices. */
export function minAngle(ring: Position[]): number {
  const pts = ring.slice(0, -1).filter((p, i, arr) => i === 0 || p[0] !== arr[i - 1]![0] || p[1] !== arr[i - 1]![1]);
  let m = 180;
  const n = pts.length;
  for (let i = 0; i < n; i++) {
    const p = pts[(i - 1 + n) % n]!;
    const v = pts[i]!;
    const q = pts[(i + 1) % n]!;
    const a1 = Math.atan2(p[1] - v[1], p[0] - v[0]);
    const a2 = Math.atan2(q[1] - v[1], q[0] - v[0]);
    let d = Math.abs(a1 - a2) * (180 / Math.PI);
    if (d > 180) d = 360 - d;
    m = Math.min(m, d);
  }
  return m;
}

export function hasRepeatedVertex(ring: Position[]): boolean {
  for (let i = 0; i + 1 < ring.length; i++) {
    if (ring[i]![0] === ring[i + 1]![0] && ring[i]![1] === ring[i + 1]![1]) return true;
  }
  return false;
}

/**
 * Undirected edge use across all rings. Returns the parcels with an edge that is neither shared
 * (in opposite directions) with exactly one other parcel nor lying on the outer frame.
 */
export function unpairedEdgeParcels(
  rings: Position[][],
  frame: { xmin: number; ymin: number; xmax: number; ymax: number },
): { bad: Set<number>; maxUse: number; interiorEdges: number } {
  const key = (p: Position): string => `${p[0]},${p[1]}`;
  const uses = new Map<string, Array<{ parcel: number; forward: boolean }>>();
  rings.forEach((ring, parcel) => {
    for (let i = 0; i + 1 < ring.length; i++) {
      const a = key(ring[i]!);
      const b = key(ring[i + 1]!);
      if (a === b) continue;
      const k = a < b ? `${a}|${b}` : `${b}|${a}`;
      const list = uses.get(k) ?? [];
      list.push({ parcel, forward: a < b });
      uses.set(k, list);
    }
  });
  const onFrame = (k: string): boolean => {
    const [a, b] = k.split('|').map((s) => s.split(',').map(Number)) as [number[], number[]];
    return (
      (a[0] === b[0] && (a[0] === frame.xmin || a[0] === frame.xmax)) ||
      (a[1] === b[1] && (a[1] === frame.ymin || a[1] === frame.ymax))
    );
  };
  const bad = new Set<number>();
  let maxUse = 0;
  let interiorEdges = 0;
  for (const [k, list] of uses) {
    maxUse = Math.max(maxUse, list.length);
    if (list.length === 2 && list[0]!.forward !== list[1]!.forward && list[0]!.parcel !== list[1]!.parcel) {
      interiorEdges++;
      continue;
    }
    if (list.length === 1 && onFrame(k)) continue;
    for (const u of list) bad.add(u.parcel);
  }
  return { bad, maxUse, interiorEdges };
}
