/**
 * The `invalid-ring` repair: a parcel whose ring touches or crosses itself is rewritten as a valid
 * shape covering the same land. Only the two kinds real survey files carry in numbers are handled;
 * anything else stays for the technician:
 *  - a ring touching itself at a vertex (a pinch, GEOS "Ring Self-intersection"), or with a vertex
 *    on one of its own edges: the ring is split there into its loops. A loop turning against the
 *    ring is land the ring cuts out (it becomes a hole; in a hole ring, an island), loops side by
 *    side become parts of a multipolygon touching at the pinch. No vertex moves, the area is the same;
 *  - a ring crossing itself in a tiny bow-tie: the crossing point is inserted into both edges (it is
 *    then a pinch) and the twisted loop, which lies outside the rest and is counted "minus once", is
 *    dropped when its area is at most `maxDroppedArea`. That is the only change of land. A tiny loop
 *    folded back into the parcel (counted twice) is dropped too; the land under it stays covered.
 * Parts of a multipolygon are untangled one by one; rings of one polygon crossing each other or a
 * ring running back over itself along an edge are not handled.
 */
import type { Position, Ring } from '../geo/geometry.js';
import { difference, invalidReason, type Polygons } from './jsts-ops.js';
import { area, dedupeRing, pointInRing, positionKey, signedRingArea } from './shape.js';

export type UntangleFailure = 'overlapping-edges' | 'nested-loops' | 'large-twist';

export interface Untangled {
  shape: Polygons;
  /** Loops the rings were split into (rings of the result plus dropped loops). */
  loops: number;
  /** Twisted loops dropped, and their total area (m²). */
  dropped: number;
  droppedArea: number;
  /** Crossing points inserted. */
  crossings: number;
}

interface Loop {
  ring: Ring;
  /** |area| of the loop. */
  area: number;
  /** True when the loop adds land (turns like a shell), false when it cuts land out. */
  adds: boolean;
  keys: Set<string>;
}

function orient(a: Position, b: Position, c: Position): number {
  return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
}

/** Parameter of p along segment ab (0 at a, 1 at b). */
function along(a: Position, b: Position, p: Position): number {
  const dx = b[0] - a[0], dy = b[1] - a[1];
  return ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy);
}

/**
 * The ring (open vertex list) with every crossing of two of its edges and every vertex lying inside
 * one of its edges inserted as a vertex, so that all its self-contacts are repeated positions.
 */
function nodeRing(open: Position[]): { open: Position[]; crossings: number } | 'overlapping-edges' {
  const n = open.length;
  const splits: Array<Array<{ t: number; p: Position }>> = Array.from({ length: n }, () => []);
  let crossings = 0;
  const box = (i: number): [number, number, number, number] => {
    const a = open[i], b = open[(i + 1) % n];
    return [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1])];
  };
  const boxes = Array.from({ length: n }, (_, i) => box(i));
  for (let i = 0; i < n; i++) {
    const a = open[i], b = open[(i + 1) % n];
    const bi = boxes[i];
    for (let j = i + 1; j < n; j++) {
      const bj = boxes[j];
      if (bj[0] > bi[2] || bj[2] < bi[0] || bj[1] > bi[3] || bj[3] < bi[1]) continue;
      const c = open[j], d = open[(j + 1) % n];
      const adjacent = j === i + 1 || (i === 0 && j === n - 1);
      const o1 = orient(a, b, c), o2 = orient(a, b, d), o3 = orient(c, d, a), o4 = orient(c, d, b);
      if (o1 === 0 && o2 === 0) {
        // Collinear: only a shared end is harmless; any common stretch is the ring running back on itself.
        const t0 = along(a, b, c), t1 = along(a, b, d);
        if (Math.min(Math.max(t0, t1), 1) - Math.max(Math.min(t0, t1), 0) > 0) return 'overlapping-edges';
        continue;
      }
      if (adjacent) continue;
      if (((o1 > 0 && o2 < 0) || (o1 < 0 && o2 > 0)) && ((o3 > 0 && o4 < 0) || (o3 < 0 && o4 > 0))) {
        const u = o1 / (o1 - o2);
        const p: Position = [c[0] + u * (d[0] - c[0]), c[1] + u * (d[1] - c[1])];
        splits[i].push({ t: along(a, b, p), p });
        splits[j].push({ t: u, p });
        crossings++;
        continue;
      }
      // A vertex of one edge inside the other edge (a touch that is not at a vertex of both).
      const inside = (s: Position, e: Position, q: Position): number => {
        const t = along(s, e, q);
        return t > 0 && t < 1 ? t : -1;
      };
      if (o1 === 0 && inside(a, b, c) > 0) splits[i].push({ t: inside(a, b, c), p: c });
      if (o2 === 0 && inside(a, b, d) > 0) splits[i].push({ t: inside(a, b, d), p: d });
      if (o3 === 0 && inside(c, d, a) > 0) splits[j].push({ t: inside(c, d, a), p: a });
      if (o4 === 0 && inside(c, d, b) > 0) splits[j].push({ t: inside(c, d, b), p: b });
    }
  }
  const out: Position[] = [];
  for (let i = 0; i < n; i++) {
    out.push(open[i]);
    for (const s of splits[i].sort((x, y) => x.t - y.t)) out.push(s.p);
  }
  return { open: out, crossings };
}

/** Splits a ring whose only self-contacts are repeated positions into simple loops (closed rings). */
function splitLoops(open: Position[]): Ring[] {
  const loops: Ring[] = [];
  const stack: Position[] = [];
  const at = new Map<string, number>();
  for (const p of open) {
    const key = positionKey(p);
    const k = at.get(key);
    if (k === undefined) {
      at.set(key, stack.length);
      stack.push(p);
      continue;
    }
    const loop = stack.splice(k + 1);
    for (const q of loop) at.delete(positionKey(q));
    loops.push([stack[k], ...loop, stack[k]]);
  }
  loops.push([...stack, stack[0]]);
  return loops;
}

/** A point of `loop` to test against `other`: a vertex of it that is not on `other`, else an edge middle. */
function probe(loop: Loop, other: Loop): Position {
  for (const p of loop.ring) if (!other.keys.has(positionKey(p))) return p;
  const [a, b] = loop.ring;
  return [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
}

function contains(outer: Loop, inner: Loop): boolean {
  const [x, y] = probe(inner, outer);
  return pointInRing(outer.ring, x, y);
}

/**
 * The valid shape of `polys` (see the module comment), or why it cannot be made without changing
 * land. The result's rings are closed; orientation is left to the caller's tidy-up.
 */
export function untangle(polys: Polygons, maxDroppedArea: number): Untangled | { failure: UntangleFailure } {
  const shape: Polygons = [];
  let loopCount = 0, dropped = 0, droppedArea = 0, crossings = 0;
  for (const poly of polys) {
    const loops: Loop[] = [];
    for (const [ri, ring] of poly.entries()) {
      const closed = dedupeRing(ring);
      if (closed.length < 4) continue;
      const noded = nodeRing(closed.slice(0, -1));
      if (noded === 'overlapping-edges') return { failure: noded };
      crossings += noded.crossings;
      // The ring's role comes from its own net turning (files do not all orient holes the same way):
      // loops turning with it have its role, loops turning against it the other one.
      const net = signedRingArea(closed);
      for (const r of splitLoops(noded.open)) {
        const a = signedRingArea(r);
        loopCount++;
        if (r.length < 4 || a === 0) continue; // a zero-width back-and-forth: no land
        const withRing = a > 0 === net > 0;
        loops.push({ ring: r, area: Math.abs(a), adds: ri === 0 ? withRing : !withRing, keys: new Set(r.map(positionKey)) });
      }
    }
    const holes = loops.filter((l) => !l.adds);
    // Every piece of land must be covered exactly once: a shell inside another shell and not inside
    // one of its holes is land counted twice. A tiny one (a fold of the ring back into the parcel)
    // is dropped: the land it covers stays covered by the loop around it.
    const shells: Loop[] = [];
    for (const s of loops) {
      if (!s.adds) continue;
      const depth = loops.filter((o) => o.adds && o !== s && o.area > s.area && contains(o, s)).length - holes.filter((h) => h.area > s.area && contains(h, s)).length;
      if (depth === 0) shells.push(s);
      else if (depth === 1 && s.area <= maxDroppedArea) {
        dropped++;
        droppedArea += s.area;
      } else return { failure: 'nested-loops' };
    }
    const owned = new Map<Loop, Loop[]>(shells.map((s) => [s, []]));
    for (const h of holes) {
      let owner: Loop | undefined;
      for (const s of shells) if (s.area > h.area && contains(s, h) && (!owner || s.area < owner.area)) owner = s;
      if (owner) {
        owned.get(owner)!.push(h);
        continue;
      }
      // Outside every shell: the twisted loop of a bow-tie, land counted "minus once".
      if (h.area > maxDroppedArea) return { failure: 'large-twist' };
      dropped++;
      droppedArea += h.area;
    }
    for (const s of [...shells].sort((x, y) => y.area - x.area)) shape.push([s.ring, ...owned.get(s)!.map((h) => h.ring)]);
  }
  return { shape, loops: loopCount, dropped, droppedArea, crossings };
}

/**
 * An untangled polygon whose hole touches its shell at two or more points (an inverted loop of the
 * original ring meeting the outline twice) has a disconnected interior: the land was already two or
 * more pieces meeting only at those points. Each such polygon is rewritten as its separate pieces
 * (shell minus holes, parts of the parcel's multipolygon), the same land with no vertex moved.
 * Returns null when the pieces are not valid or their area differs from the shape's.
 */
export function separateAtTouches(shape: Polygons): Polygons | null {
  const out: Polygons = [];
  for (const poly of shape) {
    if (poly.length < 2 || !invalidReason([poly])) {
      out.push(poly);
      continue;
    }
    let pieces: Polygons = [[poly[0]]];
    for (const hole of poly.slice(1)) pieces = difference(pieces, [[hole]]);
    out.push(...pieces);
  }
  const before = area(shape);
  if (invalidReason(out) || Math.abs(area(out) - before) > 1e-9 * Math.max(1, before)) return null;
  return out;
}
