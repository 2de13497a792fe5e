/**
 * Noding of open boundary linework (a drawn sheet), the first half of building parcels.
 *
 * The topology engine's noding (shared/topology/noding.ts) works on parcel rings and snaps every
 * vertex to every other within the tolerance. Drawn linework needs a different rule: only the
 * places a drafter gets wrong move — free line ends (undershoots and overshoots) and computed
 * crossing points — while interior vertices stay exactly where they were drawn, so a clean sheet
 * gives parcels with exactly the drawn areas. Steps:
 *  1. identical vertices become one node; segments become undirected edges, an edge drawn twice is
 *     kept once and reported as a duplicate;
 *  2. edges are tested pairwise on a grid: a node exactly on another edge splits it, a proper
 *     crossing splits both at a crossing node (an existing node within 1 mm is reused);
 *     repeated on the new pieces until nothing changes;
 *  3. free ends: an end that runs less than the tolerance past a junction is trimmed (overshoot);
 *     an end within the tolerance of another node or edge is moved onto it (undershoot); the free
 *     ends left are reported with the dangling chain.
 * Uses the engine's exact predicates and point index.
 */
import { crossingPoint, onSegment, orient2d, pointSegmentDistance2 } from '../topology/predicates.js';
import { PointIndex } from '../topology/point-index.js';
import { GrowF64, GrowI32 } from '../topology/growable.js';

/** Lines as flat arrays: line i owns vertices lineStart[i] .. lineStart[i+1]-1 of coords (x, y interleaved). */
export interface Linework {
  lineStart: Uint32Array;
  coords: Float64Array;
}

/** What happened at a free line end. */
export type FreeEndKind = 'overshoot' | 'undershoot' | 'free-end' | 'isolated-line';

export interface FreeEndEvent {
  kind: FreeEndKind;
  /** Line whose end it is. */
  line: number;
  /** The free end. */
  x: number;
  y: number;
  /** Gap closed (undershoot), length trimmed (overshoot) or length of the dangling chain, metres. */
  distance: number;
  /** The chain involved (trimmed piece, dangling chain) or the joining segment (undershoot). */
  path: Array<[number, number]>;
  /** For undershoots: the line it was joined to (-1 when unknown). */
  otherLine: number;
}

export interface DuplicateEvent {
  lineA: number;
  lineB: number;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface NodedLinework {
  nodeCount: number;
  nodeX: Float64Array;
  nodeY: Float64Array;
  edgeCount: number;
  edgeA: Int32Array;
  edgeB: Int32Array;
  /** Line that first drew each edge. */
  edgeLine: Int32Array;
  /** 0 for edges removed by splitting, snapping or trimming. */
  edgeAlive: Uint8Array;
  /** Degree of each node over alive edges. */
  degree: Int32Array;
  duplicates: DuplicateEvent[];
  freeEnds: FreeEndEvent[];
  passes: number;
}

export interface LineNodingOptions {
  /** Snapping tolerance in metres (0 = exact). */
  tolerance: number;
  /** Called between steps; throw to cancel. */
  checkpoint?: (step: string) => void;
}

const MAX_PASSES = 8;
/** Crossing points this close to an existing node reuse it at tolerance 0 (rounding noise). */
const CROSSING_MERGE = 1e-7;
/**
 * Crossing points this close to an existing node reuse it when snapping is on. Kept far below the
 * tolerance: a crossing must not jump to a nearby free end (an overshoot is trimmed afterwards).
 */
const CROSSING_SNAP = 0.001;
/** Node ids are packed into one number as edge keys: a * 2^26 + b. */
const KEY_MUL = 67108864;



/** Uniform grid over edges (CSR); long edges are entered only in the cells they pass near. */
class EdgeGrid {
  minX = 0;
  minY = 0;
  inv = 1;
  cell = 1;
  gw = 1;
  gh = 1;
  start: Int32Array = new Int32Array(2);
  items: Int32Array = new Int32Array(0);

  constructor(
    private xs: Float64Array,
    private ys: Float64Array,
    ea: Int32Array,
    eb: Int32Array,
    alive: Uint8Array,
    count: number,
    pad: number,
  ) {
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity, len = 0, n = 0;
    for (let e = 0; e < count; e++) {
      if (!alive[e]) continue;
      const ax = xs[ea[e]], ay = ys[ea[e]], bx = xs[eb[e]], by = ys[eb[e]];
      minX = Math.min(minX, ax, bx);
      minY = Math.min(minY, ay, by);
      maxX = Math.max(maxX, ax, bx);
      maxY = Math.max(maxY, ay, by);
      len += Math.abs(bx - ax) + Math.abs(by - ay);
      n++;
    }
    if (n === 0) return;
    minX -= pad;
    minY -= pad;
    maxX += pad;
    maxY += pad;
    const W = Math.max(maxX - minX, 1e-9), H = Math.max(maxY - minY, 1e-9);
    let cell = Math.max(len / n, pad * 2, 1e-6);
    while ((W / cell + 1) * (H / cell + 1) > 4_000_000) cell *= 1.5;
    this.cell = cell;
    this.inv = 1 / cell;
    this.minX = minX;
    this.minY = minY;
    this.gw = Math.floor(W / cell) + 1;
    this.gh = Math.floor(H / cell) + 1;
    const cells = this.gw * this.gh;
    const start = new Int32Array(cells + 1);
    for (let e = 0; e < count; e++) if (alive[e]) this.visit(ea[e], eb[e], pad, (c) => start[c + 1]++);
    for (let c = 0; c < cells; c++) start[c + 1] += start[c];
    const fill = start.slice(0, cells);
    const items = new Int32Array(start[cells]);
    for (let e = 0; e < count; e++) if (alive[e]) this.visit(ea[e], eb[e], pad, (c) => (items[fill[c]++] = e));
    this.start = start;
    this.items = items;
  }

  /** Calls fn for every cell the segment a–b (grown by pad) may touch. */
  visit(a: number, b: number, pad: number, fn: (cell: number) => void): void {
    const ax = this.xs[a], ay = this.ys[a], bx = this.xs[b], by = this.ys[b];
    this.visitBox(ax, ay, bx, by, pad, fn);
  }

  visitBox(ax: number, ay: number, bx: number, by: number, pad: number, fn: (cell: number) => void): void {
    const inv = this.inv;
    const cx0 = Math.max(0, Math.floor((Math.min(ax, bx) - pad - this.minX) * inv));
    const cy0 = Math.max(0, Math.floor((Math.min(ay, by) - pad - this.minY) * inv));
    const cx1 = Math.min(this.gw - 1, Math.floor((Math.max(ax, bx) + pad - this.minX) * inv));
    const cy1 = Math.min(this.gh - 1, Math.floor((Math.max(ay, by) + pad - this.minY) * inv));
    const long = (cx1 - cx0 + 1) * (cy1 - cy0 + 1) > 9;
    const len = Math.hypot(bx - ax, by - ay) || 1;
    const near = this.cell * Math.SQRT1_2 + pad;
    for (let cy = cy0; cy <= cy1; cy++) {
      for (let cx = cx0; cx <= cx1; cx++) {
        if (long) {
          const mx = this.minX + (cx + 0.5) * this.cell, my = this.minY + (cy + 0.5) * this.cell;
          if (Math.abs((bx - ax) * (my - ay) - (by - ay) * (mx - ax)) / len > near) continue;
        }
        fn(cy * this.gw + cx);
      }
    }
  }
}

/**
 * Nodes the linework. The result's alive edges meet only at nodes; free ends are trimmed, joined
 * or reported as described in the file comment.
 */
export function nodeLinework(lines: Linework, options: LineNodingOptions): NodedLinework {
  const tol = Math.max(0, Number.isFinite(options.tolerance) ? options.tolerance : 0);
  const checkpoint = options.checkpoint ?? (() => undefined);
  const { lineStart, coords } = lines;
  const lineCount = lineStart.length - 1;
  const nVerts = coords.length / 2;
  const points = new PointIndex(Math.max(tol, 0.01), Math.max(1024, nVerts));

  // Edge store with a key map so that an edge drawn twice exists once.
  const ea = new GrowI32(nVerts), eb = new GrowI32(nVerts), eLine = new GrowI32(nVerts);
  let alive = new Uint8Array(Math.max(1024, nVerts));
  const keyOf = new Map<number, number>();
  const duplicates: DuplicateEvent[] = [];
  /** True when the last addEdge made a new edge (false: degenerate or already drawn). */
  let created = false;
  const addEdge = (u: number, v: number, line: number, reportDuplicate = true): number => {
    created = false;
    if (u === v) return -1;
    const a = u < v ? u : v, b = u < v ? v : u;
    const key = a * KEY_MUL + b;
    const found = keyOf.get(key);
    if (found !== undefined) {
      if (reportDuplicate) duplicates.push({ lineA: eLine.a[found], lineB: line, x1: points.xs[a], y1: points.ys[a], x2: points.xs[b], y2: points.ys[b] });
      return found;
    }
    const e = ea.n;
    ea.push(a);
    eb.push(b);
    eLine.push(line);
    if (e >= alive.length) {
      const na = new Uint8Array(alive.length * 2);
      na.set(alive);
      alive = na;
    }
    alive[e] = 1;
    keyOf.set(key, e);
    created = true;
    return e;
  };
  const killEdge = (e: number): void => {
    if (!alive[e]) return;
    alive[e] = 0;
    keyOf.delete(ea.a[e] * KEY_MUL + eb.a[e]);
  };

  // 1. Identical vertices -> nodes; segments -> edges.
  for (let l = 0; l < lineCount; l++) {
    let prev = -1;
    for (let v = lineStart[l]; v < lineStart[l + 1]; v++) {
      const x = coords[2 * v], y = coords[2 * v + 1];
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      const n = points.findOrAdd(x, y, 0);
      if (prev !== -1) addEdge(prev, n, l);
      prev = n;
    }
  }
  checkpoint('edges');

  // 2. Split at nodes on edges and at crossings until stable.
  let dirty = new Uint8Array(ea.n).fill(1);
  let passes = 0;
  const crossMerge = tol > 0 ? Math.min(tol, CROSSING_SNAP) : CROSSING_MERGE;
  for (; passes < MAX_PASSES; passes++) {
    const E = ea.n;
    const xs = points.xs, ys = points.ys;
    const grid = new EdgeGrid(xs, ys, ea.a, eb.a, alive, E, 0);
    const sE = new GrowI32(), sN = new GrowI32(), sT = new GrowF64();
    const param = (e: number, n: number): number => {
      const X = points.xs, Y = points.ys;
      const ax = X[ea.a[e]], ay = Y[ea.a[e]], bx = X[eb.a[e]], by = Y[eb.a[e]];
      const dx = bx - ax, dy = by - ay;
      const t = Math.abs(dx) >= Math.abs(dy) ? (X[n] - ax) / dx : (Y[n] - ay) / dy;
      return Math.min(1, Math.max(0, t));
    };
    const split = (e: number, n: number): void => {
      sE.push(e);
      sN.push(n);
      sT.push(param(e, n));
    };
    const seen = new Int32Array(E).fill(-1);
    const testPair = (e: number, f: number): void => {
      const X = points.xs, Y = points.ys;
      const a = ea.a[e], b = eb.a[e], c = ea.a[f], d = eb.a[f];
      const ax = X[a], ay = Y[a], bx = X[b], by = Y[b], cx = X[c], cy = Y[c], dx = X[d], dy = Y[d];
      if (Math.max(ax, bx) < Math.min(cx, dx) || Math.max(cx, dx) < Math.min(ax, bx)) return;
      if (Math.max(ay, by) < Math.min(cy, dy) || Math.max(cy, dy) < Math.min(ay, by)) return;
      let touched = false;
      if (c !== a && c !== b && onSegment(ax, ay, bx, by, cx, cy)) (split(e, c), (touched = true));
      if (d !== a && d !== b && onSegment(ax, ay, bx, by, dx, dy)) (split(e, d), (touched = true));
      if (a !== c && a !== d && onSegment(cx, cy, dx, dy, ax, ay)) (split(f, a), (touched = true));
      if (b !== c && b !== d && onSegment(cx, cy, dx, dy, bx, by)) (split(f, b), (touched = true));
      if (touched || a === c || a === d || b === c || b === d) return;
      const o1 = orient2d(ax, ay, bx, by, cx, cy), o2 = orient2d(ax, ay, bx, by, dx, dy);
      if (o1 === 0 || o2 === 0 || o1 > 0 === o2 > 0) return;
      const o3 = orient2d(cx, cy, dx, dy, ax, ay), o4 = orient2d(cx, cy, dx, dy, bx, by);
      if (o3 === 0 || o4 === 0 || o3 > 0 === o4 > 0) return;
      const [x, y] = crossingPoint(ax, ay, bx, by, cx, cy, dx, dy);
      const n = points.findOrAdd(x, y, crossMerge);
      if (n !== a && n !== b) split(e, n);
      if (n !== c && n !== d) split(f, n);
    };
    for (let e = 0; e < E; e++) {
      if (!alive[e] || !dirty[e]) continue;
      grid.visit(ea.a[e], eb.a[e], 0, (cell) => {
        for (let i = grid.start[cell]; i < grid.start[cell + 1]; i++) {
          const f = grid.items[i];
          if (f === e || seen[f] === e) continue;
          seen[f] = e;
          // A pair of dirty edges is tested from the lower id only.
          if (dirty[f] && f < e) continue;
          testPair(e, f);
        }
      });
    }
    checkpoint('noding');
    if (sE.n === 0) break;

    // Replace split edges by their pieces (ordered along the edge); pieces are the next pass's dirty set.
    const order = Array.from({ length: sE.n }, (_, i) => i).sort((i, j) => sE.a[i] - sE.a[j] || sT.a[i] - sT.a[j]);
    const nextDirty: number[] = [];
    for (let k = 0; k < order.length; ) {
      const e = sE.a[order[k]];
      let end = k;
      while (end < order.length && sE.a[order[end]] === e) end++;
      if (alive[e]) {
        const a = ea.a[e], b = eb.a[e], line = eLine.a[e];
        killEdge(e);
        let prev = a;
        for (let i = k; i < end; i++) {
          const n = sN.a[order[i]];
          if (n === prev || n === b) continue;
          const p = addEdge(prev, n, line);
          if (p >= 0) nextDirty.push(p);
          prev = n;
        }
        const p = addEdge(prev, b, line);
        if (p >= 0) nextDirty.push(p);
      }
      k = end;
    }
    dirty = new Uint8Array(ea.n);
    for (const p of nextDirty) dirty[p] = 1;
  }

  // 3. Free ends.
  const freeEnds: FreeEndEvent[] = [];
  let degree = new Int32Array(points.count);
  for (let e = 0; e < ea.n; e++) {
    if (!alive[e]) continue;
    degree[ea.a[e]]++;
    degree[eb.a[e]]++;
  }
  // Incident edges per node, kept as linked lists so that snapping can add edges.
  let incHead = new Int32Array(points.count).fill(-1);
  const incNext = new GrowI32(ea.n * 2), incEdge = new GrowI32(ea.n * 2);
  const link = (n: number, e: number): void => {
    if (n >= incHead.length) {
      const h = new Int32Array(Math.max(n + 1, incHead.length * 2)).fill(-1);
      h.set(incHead);
      incHead = h;
    }
    incEdge.push(e);
    incNext.push(incHead[n]);
    incHead[n] = incEdge.n - 1;
  };
  for (let e = 0; e < ea.n; e++) {
    if (!alive[e]) continue;
    link(ea.a[e], e);
    link(eb.a[e], e);
  }
  const otherEdge = (n: number, not: number): number => {
    for (let i = incHead[n]; i !== -1; i = incNext.a[i]) {
      const e = incEdge.a[i];
      if (alive[e] && e !== not) return e;
    }
    return -1;
  };
  const other = (e: number, n: number): number => (ea.a[e] === n ? eb.a[e] : ea.a[e]);
  /** Walks from free end n along degree-2 nodes; returns the chain's nodes, edges and length. */
  const walk = (n: number): { nodes: number[]; edges: number[]; length: number } => {
    const nodes = [n];
    const edges: number[] = [];
    let length = 0;
    let cur = n, prevE = -1;
    for (let guard = 0; guard <= ea.n; guard++) {
      const e = otherEdge(cur, prevE);
      if (e === -1) break;
      const nx = other(e, cur);
      length += Math.hypot(points.xs[nx] - points.xs[cur], points.ys[nx] - points.ys[cur]);
      edges.push(e);
      nodes.push(nx);
      prevE = e;
      cur = nx;
      if (degree[cur] !== 2 || cur === n) break;
    }
    return { nodes, edges, length };
  };
  const pathOf = (nodes: number[]): Array<[number, number]> => nodes.map((k) => [points.xs[k], points.ys[k]]);
  const nodeCount0 = points.count;

  if (tol > 0) {
    // Overshoots: a short chain from a free end to a junction is cut off.
    for (let n = 0; n < nodeCount0; n++) {
      if (degree[n] !== 1) continue;
      const chain = walk(n);
      const end = chain.nodes[chain.nodes.length - 1];
      if (chain.length >= tol || degree[end] < 3) continue;
      for (const e of chain.edges) {
        killEdge(e);
        degree[ea.a[e]]--;
        degree[eb.a[e]]--;
      }
      freeEnds.push({ kind: 'overshoot', line: eLine.a[chain.edges[0]], x: points.xs[n], y: points.ys[n], distance: chain.length, path: pathOf(chain.nodes), otherLine: -1 });
    }
    checkpoint('overshoots');

    // Undershoots: a free end within the tolerance of another node or edge is joined to it.
    const grid = new EdgeGrid(points.xs, points.ys, ea.a, eb.a, alive, ea.n, tol);
    const stamp = new Int32Array(ea.n).fill(-1);
    const own = new Set<number>();
    for (let n = 0; n < nodeCount0; n++) {
      if (degree[n] !== 1) continue;
      const chain = walk(n);
      own.clear();
      for (const k of chain.nodes) own.add(k);
      const ownEdges = new Set(chain.edges);
      const px = points.xs[n], py = points.ys[n];
      let bestD2 = tol * tol, bestNode = -1, bestEdge = -1;
      grid.visitBox(px, py, px, py, tol, (cell) => {
        for (let i = grid.start[cell]; i < grid.start[cell + 1]; i++) {
          const f = grid.items[i];
          if (stamp[f] === n || !alive[f]) continue;
          stamp[f] = n;
          for (const m of [ea.a[f], eb.a[f]]) {
            if (own.has(m)) continue;
            const d2 = (points.xs[m] - px) ** 2 + (points.ys[m] - py) ** 2;
            if (d2 <= bestD2 && (bestNode === -1 || d2 < bestD2 || m < bestNode)) {
              bestD2 = d2;
              bestNode = m;
              bestEdge = -1;
            }
          }
          if (ownEdges.has(f)) continue;
          const A = ea.a[f], B = eb.a[f];
          const r = pointSegmentDistance2(points.xs[A], points.ys[A], points.xs[B], points.ys[B], px, py);
          if (r.t > 0 && r.t < 1 && r.d2 < bestD2) {
            bestD2 = r.d2;
            bestEdge = f;
            bestNode = -1;
          }
        }
      });
      if (bestNode === -1 && bestEdge === -1) continue;
      const e0 = chain.edges[0];
      const line = eLine.a[e0];
      const d = Math.sqrt(bestD2);
      if (bestNode !== -1) {
        // Move the free end onto the node: its one edge now ends there.
        const x = other(e0, n);
        killEdge(e0);
        degree[n]--;
        degree[x]--;
        const e = addEdge(bestNode, x, line, false);
        if (created) {
          degree[bestNode]++;
          degree[x]++;
          link(bestNode, e);
          link(x, e);
        }
        freeEnds.push({ kind: 'undershoot', line, x: px, y: py, distance: d, path: [[px, py], [points.xs[bestNode], points.ys[bestNode]]], otherLine: -1 });
      } else {
        // Move the free end onto the near edge: a new node there splits the edge, which stays straight.
        const A = ea.a[bestEdge], B = eb.a[bestEdge], otherL = eLine.a[bestEdge];
        const r = pointSegmentDistance2(points.xs[A], points.ys[A], points.xs[B], points.ys[B], px, py);
        const q = points.add(points.xs[A] + r.t * (points.xs[B] - points.xs[A]), points.ys[A] + r.t * (points.ys[B] - points.ys[A]));
        const x = other(e0, n);
        killEdge(bestEdge);
        killEdge(e0);
        degree[A]--;
        degree[B]--;
        degree[n]--;
        degree[x]--;
        const grown = new Int32Array(points.count);
        grown.set(degree.subarray(0, Math.min(degree.length, points.count)));
        degree = grown;
        for (const [u, v, l] of [[A, q, otherL], [q, B, otherL], [x, q, line]] as const) {
          const e = addEdge(u, v, l, false);
          if (created) {
            degree[u]++;
            degree[v]++;
            link(u, e);
            link(v, e);
          }
        }
        freeEnds.push({ kind: 'undershoot', line, x: px, y: py, distance: d, path: [[px, py], [points.xs[q], points.ys[q]]], otherLine: otherL });
      }
    }
    checkpoint('undershoots');
  }

  // Free ends left: dangling chains (or lines touching nothing at all, reported once).
  for (let n = 0; n < points.count; n++) {
    if (degree[n] !== 1) continue;
    const chain = walk(n);
    if (chain.edges.length === 0) continue;
    const end = chain.nodes[chain.nodes.length - 1];
    const isolated = degree[end] === 1;
    if (isolated && end < n) continue;
    freeEnds.push({
      kind: isolated ? 'isolated-line' : 'free-end',
      line: eLine.a[chain.edges[0]],
      x: points.xs[n],
      y: points.ys[n],
      distance: chain.length,
      path: pathOf(chain.nodes),
      otherLine: -1,
    });
  }

  const E = ea.n;
  const finalDegree = new Int32Array(points.count);
  for (let e = 0; e < E; e++) {
    if (!alive[e]) continue;
    finalDegree[ea.a[e]]++;
    finalDegree[eb.a[e]]++;
  }
  return {
    nodeCount: points.count,
    nodeX: points.xs.subarray(0, points.count),
    nodeY: points.ys.subarray(0, points.count),
    edgeCount: E,
    edgeA: ea.a.subarray(0, E),
    edgeB: eb.a.subarray(0, E),
    edgeLine: eLine.a.subarray(0, E),
    edgeAlive: alive.subarray(0, E),
    degree: finalDegree,
    duplicates,
    freeEnds,
    passes,
  };
}
