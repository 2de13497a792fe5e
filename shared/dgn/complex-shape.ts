/**
 * Rings of a complex shape (type 14) from its component lines and arcs.
 *
 * The components of a complex shape are meant to join end to start, but files in the wild have
 * reversed or slightly disjoint components. GDAL joins them greedily: from the first unused
 * component, repeatedly append the unused component whose start or end lies nearest the ring's
 * loose end (within a very generous tolerance), dropping the shared vertex, until the ring
 * closes; a ring that does not close is closed by repeating its first vertex. The ring with the
 * largest bounding box becomes the outer ring. Doing the same here keeps vertex counts and order
 * identical to what ogrinfo reports.
 */
import type { DgnPoint } from './types.js';

/** GDAL's join tolerance, in master units. */
const JOIN_TOLERANCE = 100000;

function same(a: DgnPoint, b: DgnPoint): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

function append(ring: DgnPoint[], edge: DgnPoint[], reverse: boolean): void {
  const n = edge.length;
  let i = reverse ? n - 1 : 0;
  const end = reverse ? -1 : n;
  const step = reverse ? -1 : 1;
  if (ring.length > 0 && same(ring[ring.length - 1]!, edge[i]!)) i += step;
  for (; i !== end; i += step) ring.push(edge[i]!);
}

/** Assemble rings from component vertex lists; outer ring first. Empty when no ring has area. */
export function ringsFromEdges(edges: DgnPoint[][]): DgnPoint[][] {
  const used = new Uint8Array(edges.length);
  let remaining = edges.length;
  const rings: DgnPoint[][] = [];
  while (remaining > 0) {
    let first = 0;
    while (used[first]) first++;
    used[first] = 1;
    remaining--;
    const start = edges[first]!;
    if (start.length < 2) continue;
    const ring: DgnPoint[] = [];
    append(ring, start, false);
    let progressed = true;
    while (!same(ring[0]!, ring[ring.length - 1]!) && remaining > 0 && progressed) {
      progressed = false;
      let best = JOIN_TOLERANCE;
      let bestEdge = -1;
      let reverse = false;
      const tail = ring[ring.length - 1]!;
      for (let e = 0; e < edges.length; e++) {
        if (used[e]) continue;
        const edge = edges[e]!;
        if (edge.length < 2) continue;
        const ds = closer(edge[0]!, tail, best);
        if (ds >= 0) {
          best = ds;
          bestEdge = e;
          reverse = false;
        }
        const de = closer(edge[edge.length - 1]!, tail, best);
        if (de >= 0) {
          best = de;
          bestEdge = e;
          reverse = true;
        }
      }
      if (bestEdge >= 0) {
        append(ring, edges[bestEdge]!, reverse);
        used[bestEdge] = 1;
        remaining--;
        progressed = true;
      }
    }
    if (!same(ring[0]!, ring[ring.length - 1]!)) ring.push(ring[0]!);
    rings.push(ring);
  }
  let outer = -1;
  let maxArea = 0;
  for (let r = 0; r < rings.length; r++) {
    const area = bboxArea(rings[r]!);
    if (area > maxArea) {
      maxArea = area;
      outer = r;
    }
  }
  if (outer < 0) return [];
  return [rings[outer]!, ...rings.filter((_, r) => r !== outer)];
}

/** Distance between a and b when it is below `best` (and within `best` on each axis), else -1. */
function closer(a: DgnPoint, b: DgnPoint, best: number): number {
  const dx = Math.abs(a[0] - b[0]);
  const dy = Math.abs(a[1] - b[1]);
  if (dx > best || dy > best) return -1;
  const dist = Math.sqrt(dx * dx + dy * dy);
  return dist < best ? dist : -1;
}

function bboxArea(ring: DgnPoint[]): number {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const p of ring) {
    if (p[0] < minX) minX = p[0];
    if (p[0] > maxX) maxX = p[0];
    if (p[1] < minY) minY = p[1];
    if (p[1] > maxY) maxY = p[1];
  }
  return (maxX - minX) * (maxY - minY);
}
