/**
 * Deliberate, documented errors planted in an otherwise clean synthetic commune, so the validation
 * engine can be tested against a known answer and a new user sees real findings in the sample.
 *
 * Each planted error is kept away from every other (its parcels and their neighbours are "touched"
 * and not used again), so a correct validator reports exactly one finding per seed, with the rule ids
 * of docs/rules.md. Geometric seeds never move a vertex that another parcel still uses: they give one
 * parcel its own copy of the vertex (a private vertex) and move that copy.
 */
import type { FaceKind } from './layout.js';
import type { Random } from './random.js';
import { distToRing, mm, pointInRing, segmentsTouch, signedArea, type Coords } from './ring-math.js';

/** One planted error: the validator rule it must trigger and the parcels involved. */
export interface SeededError {
  rule:
    | 'overlap'
    | 'gap'
    | 'invalid-ring'
    | 'near-miss'
    | 'duplicate-number'
    | 'missing-number'
    | 'invalid-land-type'
    | 'sliver'
    | 'spike'
    | 'duplicate-vertex'
    | 'area-mismatch'
    | 'duplicate-parcel'
    | 'crosses-sheet';
  /** Indexes into the generated `parcels` array. */
  parcelIndexes: number[];
  note: string;
  /** Set for the numbering rules (the sheet concerned, and the missing or duplicated number). */
  sheetNo?: string;
  parcelNo?: string;
  /** 'boundary' for a gap open to the outside: a gap only when the commune boundary is loaded. */
  where?: 'boundary';
}

/** The generator's working state: shared coordinates and rings of vertex ids. */
export interface SeedWork extends Coords {
  rings: number[][];
  kinds: FaceKind[];
  /** Vertices owned by one parcel only because of a seed; noise leaves them alone. */
  privateVerts: Set<number>;
  touched: Set<number>;
  frame: { xmin: number; ymin: number; xmax: number; ymax: number };
  random: Random;
}

const KEY = 2 ** 26;
const MANY = KEY - 1;

/**
 * Which rings use each (undirected) edge: one map entry per edge holding up to two ring indexes
 * packed in one number (a clean partition never has more; a third user is recorded as "many").
 * Seeds only ever consult edges of untouched parcels, whose entries stay valid after other seeds,
 * so one index serves all geometric seeds.
 */
export class EdgeIndex {
  private readonly map = new Map<number, number>();

  constructor(rings: ReadonlyArray<readonly number[]>) {
    for (let f = 0; f < rings.length; f++) {
      const r = rings[f]!;
      for (let i = 0; i < r.length; i++) {
        const k = EdgeIndex.key(r[i]!, r[(i + 1) % r.length]!);
        const v = this.map.get(k);
        if (v === undefined) this.map.set(k, f * KEY);
        else {
          const f1 = Math.floor(v / KEY);
          const second = v % KEY;
          if (f1 === f || second - 1 === f) continue;
          this.map.set(k, f1 * KEY + (second === 0 ? f + 1 : MANY));
        }
      }
    }
  }

  static key(a: number, b: number): number {
    return a < b ? a * KEY + b : b * KEY + a;
  }

  /** Rings using the edge; length 3 stands for "three or more". */
  faces(a: number, b: number): readonly number[] {
    const v = this.map.get(EdgeIndex.key(a, b));
    if (v === undefined) return [];
    const f1 = Math.floor(v / KEY);
    const second = v % KEY;
    if (second === 0) return [f1];
    if (second === MANY) return [f1, -1, -1];
    return [f1, second - 1];
  }

  neighbours(rings: ReadonlyArray<readonly number[]>, f: number): Set<number> {
    const out = new Set<number>();
    const r = rings[f]!;
    for (let i = 0; i < r.length; i++) {
      for (const g of this.faces(r[i]!, r[(i + 1) % r.length]!)) if (g !== f && g >= 0) out.add(g);
    }
    return out;
  }
}

function addVertex(w: SeedWork, x: number, y: number, priv: boolean): number {
  w.x.push(mm(x));
  w.y.push(mm(y));
  const id = w.x.length - 1;
  if (priv) w.privateVerts.add(id);
  return id;
}

/** Put `id` between consecutive `a` and `b` (either direction) of a ring. */
function insertBetween(ring: number[], a: number, b: number, ids: number[]): boolean {
  const n = ring.length;
  for (let i = 0; i < n; i++) {
    const p = ring[i]!;
    const q = ring[(i + 1) % n]!;
    if (p === a && q === b) {
      ring.splice(i + 1, 0, ...ids);
      return true;
    }
    if (p === b && q === a) {
      ring.splice(i + 1, 0, ...ids.slice().reverse());
      return true;
    }
  }
  return false;
}

function touch(w: SeedWork, edges: EdgeIndex, f: number): void {
  w.touched.add(f);
  for (const g of edges.neighbours(w.rings, f)) w.touched.add(g);
}

function permutation(n: number, random: Random): number[] {
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    [p[i], p[j]] = [p[j]!, p[i]!];
  }
  return p;
}

const len = (w: Coords, a: number, b: number): number => Math.hypot(w.x[b]! - w.x[a]!, w.y[b]! - w.y[a]!);

/**
 * Cut a 0.3 m strip off the side of a house lot, as a new parcel (mean width 2·area/perimeter < 0.3 m).
 * The two new corners are inserted into every parcel along the cut edges, so the partition stays clean.
 * Returns the new parcels as [sliver index, parent index] pairs; the caller copies the parent's info.
 */
export function seedSlivers(w: SeedWork, count: number, onNew: (parent: number) => void): SeededError[] {
  const out: SeededError[] = [];
  if (count === 0) return out;
  const edges = new EdgeIndex(w.rings);
  for (const f of permutation(w.rings.length, w.random)) {
    if (out.length >= count) break;
    if (w.kinds[f] !== 'residential' || w.touched.has(f)) continue;
    const ring = w.rings[f]!;
    const n = ring.length;
    for (let i = 0; i < n; i++) {
      const pp = ring[(i - 1 + n) % n]!;
      const p = ring[i]!;
      const q = ring[(i + 1) % n]!;
      const qn = ring[(i + 2) % n]!;
      if (qn === pp) continue;
      const shared = edges.faces(p, q);
      if (shared.length !== 2) continue;
      const other = shared[0] === f ? shared[1]! : shared[0]!;
      if (w.kinds[other] !== 'residential' || w.touched.has(other)) continue;
      if (len(w, p, q) < 10 || len(w, pp, p) < 2 || len(w, q, qn) < 2) continue;
      const affected = [...edges.faces(pp, p), ...edges.faces(q, qn)];
      if (affected.some((g) => g !== f && w.touched.has(g))) continue;
      const lp = len(w, pp, p);
      const lq = len(w, q, qn);
      const p2 = addVertex(w, w.x[p]! + (0.3 * (w.x[pp]! - w.x[p]!)) / lp, w.y[p]! + (0.3 * (w.y[pp]! - w.y[p]!)) / lp, false);
      const q2 = addVertex(w, w.x[q]! + (0.3 * (w.x[qn]! - w.x[q]!)) / lq, w.y[q]! + (0.3 * (w.y[qn]! - w.y[q]!)) / lq, false);
      for (const g of edges.faces(pp, p)) insertBetween(w.rings[g]!, pp, p, [p2]);
      for (const g of edges.faces(q, qn)) insertBetween(w.rings[g]!, q, qn, [q2]);
      const at = ring.indexOf(p);
      // After the insertions the parent reads … pp, p2, p, q, q2, qn …: drop p and q from it.
      if (ring[(at + 1) % ring.length] !== q) throw new Error('sliver: ring changed unexpectedly');
      if (at === ring.length - 1) {
        ring.splice(at, 1);
        ring.splice(0, 1);
      } else ring.splice(at, 2);
      w.rings.push([p2, p, q, q2]);
      const s = w.rings.length - 1;
      w.kinds.push('residential');
      onNew(f);
      touch(w, edges, f);
      for (const g of affected) w.touched.add(g);
      w.touched.add(s);
      out.push({ rule: 'sliver', parcelIndexes: [s], note: `0.3 m strip cut off the side of parcel #${f} along a shared boundary` });
      break;
    }
  }
  return out;
}

/**
 * Bend a boundary between two parcels: a new vertex at the midpoint of their shared edge; the
 * neighbour keeps it on the line, the chosen parcel gets its own copy moved by δ. overlap: 0.5–2 m
 * into the neighbour; gap: 0.5–2 m into the parcel itself; near-miss: 2–4 cm either way
 * (narrower than the 5 cm snapping tolerance).
 */
export function seedBends(w: SeedWork, rule: 'overlap' | 'gap' | 'near-miss', count: number, edges: EdgeIndex): SeededError[] {
  const out: SeededError[] = [];
  if (count === 0) return out;
  for (const f of permutation(w.rings.length, w.random)) {
    if (out.length >= count) break;
    if (w.touched.has(f)) continue;
    const ring = w.rings[f]!;
    const orient = Math.sign(signedArea(w, ring));
    const n = ring.length;
    for (let i = 0; i < n; i++) {
      const p = ring[i]!;
      const q = ring[(i + 1) % n]!;
      const shared = edges.faces(p, q);
      if (shared.length !== 2) continue;
      const other = shared[0] === f ? shared[1]! : shared[0]!;
      if (w.touched.has(other)) continue;
      const l = len(w, p, q);
      if (l < (rule === 'near-miss' ? 2 : 6)) continue;
      const dx = (w.x[q]! - w.x[p]!) / l;
      const dy = (w.y[q]! - w.y[p]!) / l;
      // Outward normal of a counter-clockwise ring is on the right of the direction of travel.
      const ox = dy * orient;
      const oy = -dx * orient;
      const delta = rule === 'near-miss' ? w.random.range(0.02, 0.04) : Math.min(l / 4, w.random.range(0.5, 2));
      const sgn = rule === 'overlap' ? 1 : rule === 'gap' ? -1 : w.random.chance(0.5) ? 1 : -1;
      const mx = mm((w.x[p]! + w.x[q]!) / 2);
      const my = mm((w.y[p]! + w.y[q]!) / 2);
      const vx = mm(mx + sgn * delta * ox);
      const vy = mm(my + sgn * delta * oy);
      const host = sgn > 0 ? w.rings[other]! : ring;
      if (!pointInRing(w, host, vx, vy)) continue;
      const ends = new Set([p, q]);
      if (distToRing(w, host, vx, vy, ends) < 0.3) continue;
      let crosses = false;
      for (const r of [ring, w.rings[other]!]) {
        for (let k = 0; k < r.length && !crosses; k++) {
          const a = r[k]!;
          const b = r[(k + 1) % r.length]!;
          if (ends.has(a) || ends.has(b)) continue;
          const ax = w.x[a]!, ay = w.y[a]!, bx = w.x[b]!, by = w.y[b]!;
          if (
            segmentsTouch(w.x[p]!, w.y[p]!, vx, vy, ax, ay, bx, by) ||
            segmentsTouch(vx, vy, w.x[q]!, w.y[q]!, ax, ay, bx, by)
          ) crosses = true;
        }
      }
      if (crosses) continue;
      const mid = addVertex(w, mx, my, true);
      const moved = addVertex(w, vx, vy, true);
      insertBetween(w.rings[other]!, p, q, [mid]);
      insertBetween(ring, p, q, [moved]);
      touch(w, edges, f);
      touch(w, edges, other);
      const how =
        rule === 'overlap'
          ? `boundary vertex pushed ${delta.toFixed(2)} m into parcel #${other}`
          : rule === 'gap'
            ? `boundary vertex pulled ${delta.toFixed(2)} m back from parcel #${other}, leaving a gap`
            : `boundary vertex moved ${(delta * 100).toFixed(1)} cm off the boundary shared with parcel #${other}`;
      out.push({ rule, parcelIndexes: [f, other], note: how });
      break;
    }
  }
  return out;
}

/**
 * Errors drawn on an edge that lies on the outer frame, where no neighbour can be disturbed:
 * invalid-ring — a figure-of-eight loop 0.3 m across whose crossing point lies 2–4 cm inside the
 *   frame (a self-intersection, narrower than the snapping tolerance where it meets the frame);
 * spike — a 1–2 m needle into the parcel on a 4 mm base (tip angle < 0.25°).
 * Both keep their vertices on the millimetre grid and on the frame line exactly.
 */
export function seedFrameEdges(w: SeedWork, rule: 'invalid-ring' | 'spike', count: number, edges: EdgeIndex): SeededError[] {
  return seedOnOuterEdges(w, count, edges, rule === 'spike' ? 6 : 4, ({ f, ring, i, p, q, l, orient }) => {
    const dx = (w.x[q]! - w.x[p]!) / l;
    const dy = (w.y[q]! - w.y[p]!) / l;
    const nx = -dy * orient;
    const ny = dx * orient;
    const at = (t: number, off: number): [number, number] => [
      mm(mm(w.x[p]! + t * (w.x[q]! - w.x[p]!)) + off * nx),
      mm(mm(w.y[p]! + t * (w.y[q]! - w.y[p]!)) + off * ny),
    ];
    const ends = new Set([p, q]);
    let pts: Array<[number, number]>;
    let note: string;
    if (rule === 'invalid-ring') {
      // A small loop: out along the edge, up and back over itself, then on. The ring crosses
      // itself 2–4 cm inside the frame with no angle sharper than ~45° (so no spike finding).
      const off = mm(w.random.range(0.02, 0.04));
      const s = 0.3 / l;
      pts = [at(0.5 + s, off), at(0.5, off + 0.3), at(0.5 - s, off)];
      note = `self-intersection: a 0.3 m loop on the frame edge, crossing ${(off * 100).toFixed(1)} cm inside the frame`;
    } else {
      const len2 = mm(w.random.range(1, 2));
      const [cx, cy] = at(0.5, 0);
      pts = [
        [mm(cx - 0.002 * dx), mm(cy - 0.002 * dy)],
        [mm(cx + len2 * nx), mm(cy + len2 * ny)],
        [mm(cx + 0.002 * dx), mm(cy + 0.002 * dy)],
      ];
      note = `spike ${len2.toFixed(2)} m long on a 4 mm base, pointing into the parcel from the frame edge`;
    }
    if (!pts.every(([x, y]) => pointInRing(w, ring, x, y) || rule === 'spike')) return null;
    const probe = rule === 'spike' ? [pts[1]!] : pts;
    if (rule === 'spike' && !pointInRing(w, ring, probe[0]![0], probe[0]![1])) return null;
    if (probe.some(([x, y]) => distToRing(w, ring, x, y, ends) < 0.5)) return null;
    const ids = pts.map(([x, y]) => addVertex(w, x, y, true));
    ring.splice(i + 1, 0, ...ids);
    return { rule, parcelIndexes: [f], note };
  });
}

/** Repeat one vertex of a ring (same coordinates twice in a row). */
export function seedDuplicateVertices(w: SeedWork, count: number, edges: EdgeIndex): SeededError[] {
  const out: SeededError[] = [];
  if (count === 0) return out;
  for (const f of permutation(w.rings.length, w.random)) {
    if (out.length >= count) break;
    if (w.touched.has(f)) continue;
    const ring = w.rings[f]!;
    const i = Math.floor(w.random.next() * ring.length);
    ring.splice(i + 1, 0, ring[i]!);
    touch(w, edges, f);
    out.push({ rule: 'duplicate-vertex', parcelIndexes: [f], note: `vertex ${i + 1} of the ring repeated` });
  }
  return out;
}

/** Whether segment p→v→q of a new vertex v crosses any other edge of the given rings. */
function crossesRings(w: SeedWork, rings: ReadonlyArray<readonly number[]>, p: number, q: number, vx: number, vy: number): boolean {
  for (const r of rings) {
    for (let k = 0; k < r.length; k++) {
      const a = r[k]!;
      const b = r[(k + 1) % r.length]!;
      if (a === p || a === q || b === p || b === q) continue;
      const ax = w.x[a]!, ay = w.y[a]!, bx = w.x[b]!, by = w.y[b]!;
      if (segmentsTouch(w.x[p]!, w.y[p]!, vx, vy, ax, ay, bx, by) || segmentsTouch(vx, vy, w.x[q]!, w.y[q]!, ax, ay, bx, by)) return true;
    }
  }
  return false;
}

/**
 * A parcel drawn across its sheet line (crosses-sheet): on an edge that lies on an inner sheet line
 * between a field or house lot and its neighbour in the next sheet, a new vertex at the midpoint is
 * moved 1–2.5 m into the next sheet, in BOTH parcels. The partition stays clean (no overlap, no gap,
 * no near-miss: the vertex is shared and kept out of the noise); only the parcel now reaches beyond
 * its frame, and the neighbour, dented, stays inside its own.
 */
export function seedSheetCrossings(
  w: SeedWork,
  count: number,
  edges: EdgeIndex,
  sheetLines: { xs: ReadonlySet<number>; ys: ReadonlySet<number> },
): SeededError[] {
  const out: SeededError[] = [];
  if (count === 0) return out;
  const onSheetLine = (a: number, b: number): boolean =>
    (w.x[a] === w.x[b] && sheetLines.xs.has(w.x[a]!)) || (w.y[a] === w.y[b] && sheetLines.ys.has(w.y[a]!));
  for (const f of permutation(w.rings.length, w.random)) {
    if (out.length >= count) break;
    if (w.touched.has(f) || (w.kinds[f] !== 'field' && w.kinds[f] !== 'residential')) continue;
    const ring = w.rings[f]!;
    const orient = Math.sign(signedArea(w, ring));
    for (let i = 0; i < ring.length; i++) {
      const p = ring[i]!;
      const q = ring[(i + 1) % ring.length]!;
      if (!onSheetLine(p, q)) continue;
      const shared = edges.faces(p, q);
      if (shared.length !== 2) continue;
      const other = shared[0] === f ? shared[1]! : shared[0]!;
      if (w.touched.has(other)) continue;
      const l = len(w, p, q);
      if (l < 8) continue;
      const dx = (w.x[q]! - w.x[p]!) / l;
      const dy = (w.y[q]! - w.y[p]!) / l;
      const delta = Math.min(l / 4, w.random.range(1, 2.5));
      const vx = mm(mm((w.x[p]! + w.x[q]!) / 2) + delta * dy * orient);
      const vy = mm(mm((w.y[p]! + w.y[q]!) / 2) - delta * dx * orient);
      const host = w.rings[other]!;
      if (!pointInRing(w, host, vx, vy)) continue;
      if (distToRing(w, host, vx, vy, new Set([p, q])) < 0.5) continue;
      if (crossesRings(w, [ring, host], p, q, vx, vy)) continue;
      const id = addVertex(w, vx, vy, true);
      insertBetween(ring, p, q, [id]);
      insertBetween(host, p, q, [id]);
      touch(w, edges, f);
      touch(w, edges, other);
      out.push({
        rule: 'crosses-sheet',
        parcelIndexes: [f],
        note: `boundary with parcel #${other} drawn ${delta.toFixed(2)} m beyond the sheet line, into the next sheet`,
      });
      break;
    }
  }
  return out;
}

/**
 * A notch on the commune edge: on an edge of the outer frame (one parcel only), a new vertex at the
 * midpoint pulled 0.5–2 m into the parcel. The uncovered triangle is open to the outside, so it is a
 * gap only against the commune boundary (rule `gap`, `where: 'boundary'`).
 */
export function seedEdgeGaps(w: SeedWork, count: number, edges: EdgeIndex): SeededError[] {
  return seedOnOuterEdges(w, count, edges, 6, ({ f, ring, i, p, q, l, orient }) => {
    const dx = (w.x[q]! - w.x[p]!) / l;
    const dy = (w.y[q]! - w.y[p]!) / l;
    const delta = Math.min(l / 4, w.random.range(0.5, 2));
    // Inward normal of a counter-clockwise ring is on the left of the direction of travel.
    const vx = mm(mm((w.x[p]! + w.x[q]!) / 2) - delta * dy * orient);
    const vy = mm(mm((w.y[p]! + w.y[q]!) / 2) + delta * dx * orient);
    if (!pointInRing(w, ring, vx, vy)) return null;
    if (distToRing(w, ring, vx, vy, new Set([p, q])) < 0.3) return null;
    if (crossesRings(w, [ring], p, q, vx, vy)) return null;
    ring.splice(i + 1, 0, addVertex(w, vx, vy, true));
    return {
      rule: 'gap',
      where: 'boundary',
      parcelIndexes: [f],
      note: `boundary vertex on the commune edge pulled ${delta.toFixed(2)} m back, leaving a notch open to the outside inside the commune boundary`,
    };
  });
}

/** One edge of a parcel ring on the outer frame of the commune (no parcel on its other side). */
interface OuterEdge {
  f: number;
  ring: number[];
  /** Position of `p` in the ring; `q` follows it. */
  i: number;
  p: number;
  q: number;
  l: number;
  /** Sign of the ring's area: +1 counter-clockwise. */
  orient: number;
}

/**
 * Walks the parcels in random order and offers each outer-frame edge of at least `minLength`
 * metres to `seed`, which edits the ring and returns the error it planted, or null to try the next
 * edge. At most one error per parcel; stops after `count`.
 */
function seedOnOuterEdges(w: SeedWork, count: number, edges: EdgeIndex, minLength: number, seed: (e: OuterEdge) => SeededError | null): SeededError[] {
  const out: SeededError[] = [];
  if (count === 0) return out;
  const { xmin, xmax, ymin, ymax } = w.frame;
  const onFrame = (a: number, b: number): boolean =>
    (w.x[a] === w.x[b] && (w.x[a] === xmin || w.x[a] === xmax)) ||
    (w.y[a] === w.y[b] && (w.y[a] === ymin || w.y[a] === ymax));
  for (const f of permutation(w.rings.length, w.random)) {
    if (out.length >= count) break;
    if (w.touched.has(f)) continue;
    const ring = w.rings[f]!;
    const orient = Math.sign(signedArea(w, ring));
    for (let i = 0; i < ring.length; i++) {
      const p = ring[i]!;
      const q = ring[(i + 1) % ring.length]!;
      if (!onFrame(p, q) || edges.faces(p, q).length !== 1) continue;
      const l = len(w, p, q);
      if (l < minLength) continue;
      const planted = seed({ f, ring, i, p, q, l, orient });
      if (!planted) continue;
      touch(w, edges, f);
      out.push(planted);
      break;
    }
  }
  return out;
}
