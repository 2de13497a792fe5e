/**
 * Snapping and noding: turns every parcel ring into shared boundary edges between nodes, so that
 * no two edges cross or overlap except at a common node. This is the first half of the planar
 * graph (see planar-graph.ts). Steps:
 *  1. vertices closer than the tolerance become one node (greedy clustering on a hash grid);
 *  2. ring segments become undirected edges; a boundary shared by two parcels is ONE edge with
 *     two "uses" (ring, direction), so the common case costs nothing further;
 *  3. edges are tested pairwise on a uniform grid: a node within the tolerance of another edge
 *     (or exactly on it at tolerance 0) splits that edge there, a proper crossing splits both at a
 *     new node; splitting repeats on the new pieces until nothing changes.
 * Every snap that moved a vertex of one parcel onto another parcel's vertex or edge is recorded as
 * a near-miss event (the cause of micro gaps and overlaps).
 */
import { onSegment, orient2d, pointSegmentDistance2, crossingPoint } from './predicates.js';
import { PointIndex } from './point-index.js';
import { ringParcels, ringIsExterior, ringSignedArea, ringCount, type ParcelSet } from './parcel-set.js';
import { GrowF64, GrowI32 } from './growable.js';

/** Below this distance (metres) a snap is numerical noise, not a near-miss. */
export const NUMERIC_EPS = 1e-9;
/** Crossing points of edges merge with existing nodes this close at tolerance 0. */
const CROSSING_MERGE = 1e-7;
const MAX_PASSES = 6;
/** Grid cell = this × the mean edge extent: small cells keep the candidate pairs per cell few. */
const CELL_FACTOR = 1;

export interface NodingOptions {
  /** Snapping tolerance in metres; 0 = exact. */
  tolerance: number;
  /** Called between steps; throw from it to cancel. */
  checkpoint?: (step: string) => void;
}

/** Snap events between two different parcels (for `near-miss`). */
export interface NearMissEvents {
  count: number;
  parcelA: Int32Array;
  parcelB: Int32Array;
  x: Float64Array;
  y: Float64Array;
  distance: Float64Array;
}

/** Noded boundary edges; edge e joins nodes edgeA[e] < edgeB[e]. */
export interface NodedEdges {
  nodeCount: number;
  nodeX: Float64Array;
  nodeY: Float64Array;
  /** Ring of the vertex that created each node (-1 for crossing nodes). */
  nodeRing: Int32Array;
  /** Node of every vertex of the parcel set. */
  vertexNode: Int32Array;
  edgeCount: number;
  edgeA: Int32Array;
  edgeB: Int32Array;
  /** Head of each edge's use list (index into use arrays, -1 none). */
  useHead: Int32Array;
  useNext: Int32Array;
  useRing: Int32Array;
  /** +1: the ring runs edgeA→edgeB with the parcel interior on its left; -1: the reverse. */
  useDir: Int8Array;
  useCount: number;
  ringParcel: Int32Array;
  /** +1 when the ring already has the parcel interior on its left (exterior CCW / hole CW). */
  ringSign: Int8Array;
  nearMiss: NearMissEvents;
  passes: number;
}


/**
 * Table of undirected edges keyed by their (a < b) node pair. `get` looks edges up in an
 * open-addressing hash (small tables that grow one edge at a time); a table filled with `push`
 * answers `find` from its edges grouped by first node instead, which keeps the lookups of
 * neighbouring edges in neighbouring memory (node ids follow the rings, so they are local).
 */
class EdgeTable {
  a: Int32Array;
  b: Int32Array;
  useHead: Int32Array;
  count = 0;
  private keys: Int32Array;
  private mask: number;
  /** False after push(): the hash is rebuilt on the next get(). */
  private indexed = true;
  /** Edges grouped by first node (adjStart[a]..adjStart[a + 1] in adjB / adjEdge), for find(). */
  private adjStart: Int32Array | null = null;
  private adjB: Int32Array = new Int32Array(0);
  private adjEdge: Int32Array = new Int32Array(0);
  constructor(capacity: number, withIndex = true) {
    this.a = new Int32Array(Math.max(16, capacity));
    this.b = new Int32Array(Math.max(16, capacity));
    this.useHead = new Int32Array(Math.max(16, capacity)).fill(-1);
    let size = 1024;
    while (size < capacity * 2) size *= 2;
    this.mask = size - 1;
    this.keys = withIndex ? new Int32Array(size).fill(-1) : new Int32Array(0);
    this.indexed = withIndex;
  }
  /** Appends edge (a, b), a < b, known not to exist yet, without hashing it. */
  push(a: number, b: number): number {
    if (this.count === this.a.length) this.growArrays();
    const e = this.count++;
    this.a[e] = a;
    this.b[e] = b;
    this.indexed = false;
    this.adjStart = null;
    return e;
  }
  /**
   * Takes edges grouped by first node as the lookup for find(): for node a, entries
   * start[a]..start[a + 1] of `bs` / `edges` list second nodes and edge ids (repeats allowed).
   */
  adoptAdjacency(start: Int32Array, bs: Int32Array, edges: Int32Array): void {
    this.adjStart = start;
    this.adjB = bs;
    this.adjEdge = edges;
  }
  /** Edge id of (a, b) with a < b, or -1. */
  find(a: number, b: number): number {
    if (!this.indexed) {
      if (this.adjStart === null) this.groupByFirstNode();
      const start = this.adjStart!;
      if (a + 1 >= start.length) return -1;
      for (let i = start[a]; i < start[a + 1]; i++) if (this.adjB[i] === b) return this.adjEdge[i];
      return -1;
    }
    let h = this.hash(a, b);
    for (;;) {
      const e = this.keys[h];
      if (e === -1) return -1;
      if (this.a[e] === a && this.b[e] === b) return e;
      h = (h + 1) & this.mask;
    }
  }
  private groupByFirstNode(): void {
    const E = this.count;
    let maxA = -1;
    for (let e = 0; e < E; e++) if (this.a[e] > maxA) maxA = this.a[e];
    const start = new Int32Array(maxA + 2);
    for (let e = 0; e < E; e++) start[this.a[e] + 1]++;
    for (let n = 0; n <= maxA; n++) start[n + 1] += start[n];
    const fill = start.slice(0, maxA + 1);
    const bs = new Int32Array(E), edges = new Int32Array(E);
    for (let e = 0; e < E; e++) {
      const k = fill[this.a[e]]++;
      bs[k] = this.b[e];
      edges[k] = e;
    }
    this.adoptAdjacency(start, bs, edges);
  }
  private reindex(): void {
    let size = 1024;
    while (size < this.a.length * 2) size *= 2;
    this.mask = size - 1;
    this.keys = new Int32Array(size).fill(-1);
    for (let e = 0; e < this.count; e++) {
      let h = this.hash(this.a[e], this.b[e]);
      while (this.keys[h] !== -1) h = (h + 1) & this.mask;
      this.keys[h] = e;
    }
    this.indexed = true;
  }
  private hash(a: number, b: number): number {
    const h = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77)) >>> 0;
    return (h ^ (h >>> 16)) & this.mask;
  }
  private growArrays(): void {
    const cap = this.a.length * 2;
    const na = new Int32Array(cap);
    na.set(this.a);
    this.a = na;
    const nb = new Int32Array(cap);
    nb.set(this.b);
    this.b = nb;
    const nu = new Int32Array(cap).fill(-1);
    nu.set(this.useHead);
    this.useHead = nu;
  }
  private rehash(): void {
    const size = this.keys.length * 2;
    this.keys = new Int32Array(size).fill(-1);
    this.mask = size - 1;
    for (let e = 0; e < this.count; e++) {
      let h = this.hash(this.a[e], this.b[e]);
      while (this.keys[h] !== -1) h = (h + 1) & this.mask;
      this.keys[h] = e;
    }
  }
  /** Edge id of (a, b) with a < b, created when new. */
  get(a: number, b: number): number {
    if (!this.indexed) this.reindex();
    let h = this.hash(a, b);
    for (;;) {
      const e = this.keys[h];
      if (e === -1) break;
      if (this.a[e] === a && this.b[e] === b) return e;
      h = (h + 1) & this.mask;
    }
    if (this.count === this.a.length) this.growArrays();
    if (this.count * 2 >= this.keys.length) {
      this.rehash();
      return this.get(a, b);
    }
    const e = this.count++;
    this.a[e] = a;
    this.b[e] = b;
    this.keys[h] = e;
    return e;
  }
}

/** Use lists (ring, direction) shared by all passes. */
class Uses {
  ring = new GrowI32();
  dir: Int8Array = new Int8Array(1024);
  next = new GrowI32();
  add(head: number, ring: number, dir: number): number {
    const id = this.ring.n;
    this.ring.push(ring);
    this.next.push(head);
    if (id >= this.dir.length) {
      const d = new Int8Array(this.dir.length * 2);
      d.set(this.dir);
      this.dir = d;
    }
    this.dir[id] = dir;
    return id;
  }
}

/** Snaps and nodes all rings of the set into planar edges. */
export function nodeParcelSet(set: ParcelSet, options: NodingOptions): NodedEdges {
  const tol = Math.max(0, options.tolerance || 0);
  const checkpoint = options.checkpoint ?? (() => undefined);
  const coords = set.coords;
  const nRings = ringCount(set);
  const ringParcel = ringParcels(set);
  const ringSign = ringSigns(set, nRings);

  const nm = { pa: new GrowI32(), pb: new GrowI32(), x: new GrowF64(), y: new GrowF64(), d: new GrowF64() };
  const addNearMiss = (pa: number, pb: number, x: number, y: number, d: number): void => {
    if (pa === pb || pa < 0 || pb < 0) return;
    nm.pa.push(Math.min(pa, pb));
    nm.pb.push(Math.max(pa, pb));
    nm.x.push(x);
    nm.y.push(y);
    nm.d.push(d);
  };

  // 1. Vertices -> nodes.
  const nVerts = coords.length / 2;
  const nodeRingG = new GrowI32(Math.max(1024, Math.ceil(nVerts * 0.6)));
  const vertexNode = new Int32Array(nVerts);
  const points = tol === 0 ? exactNodes(set, nRings, vertexNode, nodeRingG) : snappedNodes(set, nRings, tol, ringParcel, vertexNode, nodeRingG, addNearMiss);
  checkpoint('nodes');

  // 2. Segments -> undirected edges with uses, numbered in the order they are first met. The
  // segments are grouped by their lower node (a counting sort): an edge seen before is found among
  // the few earlier segments of the same node, no hashing of 1 M node pairs.
  const uses = new Uses();
  let table = segmentEdges(set, nRings, vertexNode, points.count, ringSign, uses);
  checkpoint('edges');

  // 3. Node the edges until stable.
  let dirty: Uint8Array = new Uint8Array(table.count).fill(1);
  let dirtyList: Int32Array | null = null;
  let passes = 0;
  const nodeRing = (): Int32Array => nodeRingG.a;
  const newNode = (x: number, y: number, radius: number): number => {
    const n = points.findOrAdd(x, y, radius);
    if (points.lastCreated) nodeRingG.push(-1);
    return n;
  };
  for (; passes < MAX_PASSES; passes++) {
    const splits = findSplits(table, dirty, dirtyList, points, tol, newNode, nodeRing, ringParcel, uses, addNearMiss);
    checkpoint('noding');
    if (splits.count === 0) break;
    const next = applySplits(table, splits, uses);
    table = next.table;
    dirty = next.dirty;
    dirtyList = next.dirtyList;
  }

  const E = table.count;
  return {
    nodeCount: points.count,
    nodeX: points.xs.subarray(0, points.count),
    nodeY: points.ys.subarray(0, points.count),
    nodeRing: nodeRingG.a.subarray(0, points.count),
    vertexNode,
    edgeCount: E,
    edgeA: table.a.subarray(0, E),
    edgeB: table.b.subarray(0, E),
    useHead: table.useHead.subarray(0, E),
    useNext: uses.next.a,
    useRing: uses.ring.a,
    useDir: uses.dir,
    useCount: uses.ring.n,
    ringParcel,
    ringSign,
    nearMiss: {
      count: nm.pa.n,
      parcelA: nm.pa.a.subarray(0, nm.pa.n),
      parcelB: nm.pb.a.subarray(0, nm.pb.n),
      x: nm.x.a.subarray(0, nm.x.n),
      y: nm.y.a.subarray(0, nm.y.n),
      distance: nm.d.a.subarray(0, nm.d.n),
    },
    passes,
  };
}

/** +1 for each ring that already has the parcel interior on its left (exterior CCW / hole CW). */
function ringSigns(set: ParcelSet, nRings: number): Int8Array {
  const exterior = ringIsExterior(set);
  const ringSign = new Int8Array(nRings);
  for (let r = 0; r < nRings; r++) {
    const a = ringSignedArea(set, r);
    ringSign[r] = (exterior[r] ? a >= 0 : a <= 0) ? 1 : -1;
  }
  return ringSign;
}

/** Nodes above tolerance 0: each vertex joins the nearest node within `tol`, met in ring order. */
function snappedNodes(
  set: ParcelSet,
  nRings: number,
  tol: number,
  ringParcel: Int32Array,
  vertexNode: Int32Array,
  nodeRing: GrowI32,
  addNearMiss: (pa: number, pb: number, x: number, y: number, d: number) => void,
): PointIndex {
  const coords = set.coords;
  const points = new PointIndex(Math.max(tol, EXACT_CELL), Math.max(1024, Math.ceil((coords.length / 2) * 0.6)));
  for (let r = 0; r < nRings; r++) {
    const p = ringParcel[r];
    for (let v = set.ringStart[r]; v < set.ringStart[r + 1]; v++) {
      const x = coords[2 * v], y = coords[2 * v + 1];
      const n = points.findOrAdd(x, y, tol);
      if (points.lastCreated) nodeRing.push(r);
      else if (points.lastDistance > NUMERIC_EPS) addNearMiss(p, ringParcel[nodeRing.a[n]], points.xs[n], points.ys[n], points.lastDistance);
      vertexNode[v] = n;
    }
  }
  return points;
}

/** Cell of the point index at tolerance 0 (crossing points merge with nodes within 1e-7 m). */
const EXACT_CELL = 0.25;

/**
 * Nodes at tolerance 0: only identical coordinates merge, so vertices are hashed on their exact
 * value (one table of node ids, compared against the node coordinates) instead of probing a grid
 * of cells; numbered in the order first met, as the grid would. The point index for the crossing
 * points of later steps is built from the nodes only when first needed.
 */
function exactNodes(set: ParcelSet, nRings: number, vertexNode: Int32Array, nodeRing: GrowI32): PointIndex {
  const coords = set.coords, ringStart = set.ringStart;
  let cap = Math.max(1024, Math.ceil((coords.length / 2) * 0.6));
  let xs = new Float64Array(cap), ys = new Float64Array(cap);
  let size = 1024;
  while (size < cap * 2) size *= 2;
  let mask = size - 1;
  let slots = new Int32Array(size).fill(-1);
  const bits = new Float64Array(2);
  const words = new Int32Array(bits.buffer);
  /** Slot of (x, y): holds its node, or -1 where it is to go. (+0 makes -0 hash like 0, as === compares.) */
  const slotOf = (x: number, y: number): number => {
    bits[0] = x + 0;
    bits[1] = y + 0;
    let h = Math.imul(words[0] ^ words[1], 0x9e3779b1) ^ Math.imul(words[2] ^ words[3], 0x85ebca77);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h = (h ^ (h >>> 12)) & mask;
    for (;;) {
      const n = slots[h];
      if (n === -1 || (xs[n] === x && ys[n] === y)) return h;
      h = (h + 1) & mask;
    }
  };
  let count = 0;
  for (let r = 0; r < nRings; r++) {
    for (let v = ringStart[r]; v < ringStart[r + 1]; v++) {
      const x = coords[2 * v], y = coords[2 * v + 1];
      const s = slotOf(x, y);
      let n = slots[s];
      if (n === -1) {
        n = count++;
        if (n === cap) {
          cap *= 2;
          const nx = new Float64Array(cap), ny = new Float64Array(cap);
          nx.set(xs);
          ny.set(ys);
          xs = nx;
          ys = ny;
        }
        xs[n] = x;
        ys[n] = y;
        slots[s] = n;
        nodeRing.push(r);
        if (count * 2 >= size) {
          size *= 2;
          mask = size - 1;
          slots = new Int32Array(size).fill(-1);
          for (let m = 0; m < count; m++) slots[slotOf(xs[m], ys[m])] = m;
        }
      }
      vertexNode[v] = n;
    }
  }
  return PointIndex.adopt(EXACT_CELL, xs, ys, count);
}

/** Ring segments as undirected edges (see nodeParcelSet step 2). */
function segmentEdges(set: ParcelSet, nRings: number, vertexNode: Int32Array, nodeCount: number, ringSign: Int8Array, uses: Uses): EdgeTable {
  const ringStart = set.ringStart;
  const start = new Int32Array(nodeCount + 1);
  let S = 0;
  for (let r = 0; r < nRings; r++) {
    for (let v = ringStart[r]; v < ringStart[r + 1] - 1; v++) {
      const a = vertexNode[v], b = vertexNode[v + 1];
      if (a === b) continue;
      start[(a < b ? a : b) + 1]++;
      S++;
    }
  }
  for (let n = 0; n < nodeCount; n++) start[n + 1] += start[n];
  const fill = start.slice(0, nodeCount);
  const segHi = new Int32Array(S), segEdge = new Int32Array(S);
  const table = new EdgeTable(Math.max(16, Math.ceil(S * 0.6)), false);
  for (let r = 0; r < nRings; r++) {
    const sign = ringSign[r];
    for (let v = ringStart[r]; v < ringStart[r + 1] - 1; v++) {
      const a = vertexNode[v], b = vertexNode[v + 1];
      if (a === b) continue;
      const lo = a < b ? a : b, hi = a < b ? b : a;
      const k = fill[lo]++;
      let e = -1;
      for (let i = start[lo]; i < k; i++) {
        if (segHi[i] === hi) {
          e = segEdge[i];
          break;
        }
      }
      if (e === -1) e = table.push(lo, hi);
      segHi[k] = hi;
      segEdge[k] = e;
      table.useHead[e] = uses.add(table.useHead[e], r, a < b ? sign : -sign);
    }
  }
  table.adoptAdjacency(start, segHi, segEdge);
  return table;
}

interface Splits {
  count: number;
  edge: Int32Array;
  node: Int32Array;
  t: Float64Array;
}

/**
 * The pair tests of one noding pass and the splits they record. A class rather than closures, and
 * every loop of a pass in a function of its own: the engine runs once per validation, so each hot
 * loop is optimised on the fly (on-stack replacement); one big function would be recompiled for
 * every loop in it and dropped back to the interpreter when the next loop starts.
 */
class PairTester {
  readonly sE = new GrowI32();
  readonly sN = new GrowI32();
  readonly sT = new GrowF64();
  private readonly ea: Int32Array;
  private readonly eb: Int32Array;
  private readonly tmpParcels: number[] = [];

  constructor(
    private readonly table: EdgeTable,
    /** Read through on every use: new crossing nodes may reallocate its arrays. */
    private readonly points: PointIndex,
    private readonly tol: number,
    private readonly newNode: (x: number, y: number, radius: number) => number,
    private readonly nodeRing: () => Int32Array,
    private readonly ringParcel: Int32Array,
    private readonly uses: Uses,
    private readonly addNearMiss: (pa: number, pb: number, x: number, y: number, d: number) => void,
  ) {
    this.ea = table.a;
    this.eb = table.b;
  }

  splits(): Splits {
    return { count: this.sE.n, edge: this.sE.a, node: this.sN.a, t: this.sT.a };
  }

  private record(e: number, n: number, t: number): void {
    this.sE.push(e);
    this.sN.push(n);
    this.sT.push(t);
  }

  /** Node n (not an endpoint of e) on or near edge e: split e there. Returns true when split. */
  private nodeOnEdge(n: number, e: number): boolean {
    const X = this.points.xs, Y = this.points.ys, tol = this.tol;
    const a = this.ea[e], b = this.eb[e];
    const ax = X[a], ay = Y[a], bx = X[b], by = Y[b], px = X[n], py = Y[n];
    if (tol === 0) {
      if (!onSegment(ax, ay, bx, by, px, py)) return false;
      const dx = bx - ax, dy = by - ay;
      this.record(e, n, Math.abs(dx) >= Math.abs(dy) ? (px - ax) / dx : (py - ay) / dy);
      return true;
    }
    if (px < Math.min(ax, bx) - tol || px > Math.max(ax, bx) + tol) return false;
    if (py < Math.min(ay, by) - tol || py > Math.max(ay, by) + tol) return false;
    const { d2, t } = pointSegmentDistance2(ax, ay, bx, by, px, py);
    if (d2 > tol * tol || t <= 0 || t >= 1) return false;
    this.record(e, n, t);
    const d = Math.sqrt(d2);
    if (d > NUMERIC_EPS) {
      const ring = this.nodeRing()[n];
      if (ring >= 0) {
        const out = this.tmpParcels;
        out.length = 0;
        for (let u = this.table.useHead[e]; u !== -1; u = this.uses.next.a[u]) out.push(this.ringParcel[this.uses.ring.a[u]]);
        for (const q of out) this.addNearMiss(this.ringParcel[ring], q, px, py, d);
      }
    }
    return true;
  }

  testPair(e: number, f: number): void {
    const ea = this.ea, eb = this.eb;
    const a = ea[e], b = eb[e], c = ea[f], d = eb[f];
    let touched = false;
    if (c !== a && c !== b && this.nodeOnEdge(c, e)) touched = true;
    if (d !== a && d !== b && this.nodeOnEdge(d, e)) touched = true;
    if (a !== c && a !== d && this.nodeOnEdge(a, f)) touched = true;
    if (b !== c && b !== d && this.nodeOnEdge(b, f)) touched = true;
    if (touched || a === c || a === d || b === c || b === d) return;
    const X = this.points.xs, Y = this.points.ys;
    const ax = X[a], ay = Y[a], bx = X[b], by = Y[b], cx = X[c], cy = Y[c], dx = X[d], dy = Y[d];
    const o1 = orient2d(ax, ay, bx, by, cx, cy);
    const o2 = orient2d(ax, ay, bx, by, dx, dy);
    if (o1 === 0 || o2 === 0 || (o1 > 0) === (o2 > 0)) return;
    const o3 = orient2d(cx, cy, dx, dy, ax, ay);
    const o4 = orient2d(cx, cy, dx, dy, bx, by);
    if (o3 === 0 || o4 === 0 || (o3 > 0) === (o4 > 0)) return;
    const [x, y] = crossingPoint(ax, ay, bx, by, cx, cy, dx, dy);
    const n = this.newNode(x, y, Math.max(this.tol, CROSSING_MERGE));
    const nx = this.points.xs[n], ny = this.points.ys[n];
    if (n !== a && n !== b) {
      const t = Math.abs(bx - ax) >= Math.abs(by - ay) ? (nx - ax) / (bx - ax) : (ny - ay) / (by - ay);
      this.record(e, n, Math.min(1, Math.max(0, t)));
    }
    if (n !== c && n !== d) {
      const t = Math.abs(dx - cx) >= Math.abs(dy - cy) ? (nx - cx) / (dx - cx) : (ny - cy) / (dy - cy);
      this.record(f, n, Math.min(1, Math.max(0, t)));
    }
  }
}

/** The uniform grid of one pass over the edge boxes (expanded by the tolerance). */
interface EdgeGrid {
  E: number;
  box: Float64Array;
  minX: number;
  minY: number;
  cell: number;
  inv: number;
  gw: number;
  gh: number;
  /** Distance from a cell centre to a long edge's line within which the edge may touch the cell. */
  half: number;
}

/** A box spanning more cells than this is a long edge, looked at cell by cell along its line. */
const LONG = 16;

/** Edge boxes and the grid over them; null when there are fewer than two edges. */
function edgeGrid(table: EdgeTable, points: PointIndex, tol: number): EdgeGrid | null {
  const E = table.count;
  const ea = table.a, eb = table.b;
  const X = points.xs, Y = points.ys;
  const box = new Float64Array(E * 4);
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity, lenSum = 0;
  for (let e = 0; e < E; e++) {
    const ax = X[ea[e]], ay = Y[ea[e]], bx = X[eb[e]], by = Y[eb[e]];
    const x0 = Math.min(ax, bx) - tol, x1 = Math.max(ax, bx) + tol;
    const y0 = Math.min(ay, by) - tol, y1 = Math.max(ay, by) + tol;
    box[4 * e] = x0;
    box[4 * e + 1] = y0;
    box[4 * e + 2] = x1;
    box[4 * e + 3] = y1;
    if (x0 < minX) minX = x0;
    if (y0 < minY) minY = y0;
    if (x1 > maxX) maxX = x1;
    if (y1 > maxY) maxY = y1;
    lenSum += Math.abs(bx - ax) + Math.abs(by - ay);
  }
  if (E < 2) return null;
  const W = Math.max(maxX - minX, 1e-9), H = Math.max(maxY - minY, 1e-9);
  let cell = Math.max((lenSum / E) * CELL_FACTOR, tol * 2, 1e-6);
  while ((W / cell + 1) * (H / cell + 1) > 4_000_000) cell *= 1.5;
  const gw = Math.floor(W / cell) + 1, gh = Math.floor(H / cell) + 1;
  return { E, box, minX, minY, cell, inv: 1 / cell, gw, gh, half: cell * Math.SQRT1_2 + tol };
}

/** Finds where edges must be split: nodes on (or within tol of) other edges, and crossings. */
function findSplits(
  table: EdgeTable,
  dirty: Uint8Array,
  /** The dirty edges, or null when every edge is dirty (first pass). */
  dirtyList: Int32Array | null,
  points: PointIndex,
  tol: number,
  newNode: (x: number, y: number, radius: number) => number,
  nodeRing: () => Int32Array,
  ringParcel: Int32Array,
  uses: Uses,
  addNearMiss: (pa: number, pb: number, x: number, y: number, d: number) => void,
): Splits {
  const tester = new PairTester(table, points, tol, newNode, nodeRing, ringParcel, uses, addNearMiss);
  const g = edgeGrid(table, points, tol);
  if (g === null) return tester.splits();
  if (dirtyList === null) {
    // First pass, every edge dirty: a CSR grid of the short edges, with a copy of each entry's box
    // in cell order so that the pair loop reads memory sequentially; long edges in their own list.
    const cells = shortEdgeCells(g);
    shortPairs(tester, g, cells);
    if (cells.longList.length > 0) longPairs(tester, table, points, g, cells);
  } else {
    // Later passes: only pairs with a dirty edge (a piece made by the previous pass) can meet in a
    // new way. Grid the few dirty edges, then look every edge up in it.
    laterPairs(tester, table, points, g, dirty, dirtyCells(table, points, g, dirtyList));
  }
  return tester.splits();
}

/** First pass: the short edges in a CSR grid (cell → edges, with their boxes), long edges apart. */
interface ShortEdgeCells {
  cellStart: Int32Array;
  cellEdges: Int32Array;
  cellBox: Float64Array;
  longList: number[];
}

function shortEdgeCells(g: EdgeGrid): ShortEdgeCells {
  const { gw, gh } = g;
  const longList: number[] = [];
  const span = new Int32Array(4 * g.E);
  const cellStart = countShortEdgeCells(g, span, longList);
  for (let i = 0; i < gw * gh; i++) cellStart[i + 1] += cellStart[i];
  const { cellEdges, cellBox } = fillShortEdgeCells(g, span, cellStart);
  return { cellStart, cellEdges, cellBox, longList };
}

function countShortEdgeCells(g: EdgeGrid, span: Int32Array, longList: number[]): Int32Array {
  const { E, box, minX, minY, inv, gw, gh } = g;
  const cellStart = new Int32Array(gw * gh + 1);
  for (let e = 0; e < E; e++) {
    const cx0 = Math.floor((box[4 * e] - minX) * inv), cy0 = Math.floor((box[4 * e + 1] - minY) * inv);
    const cx1 = Math.floor((box[4 * e + 2] - minX) * inv), cy1 = Math.floor((box[4 * e + 3] - minY) * inv);
    if ((cx1 - cx0 + 1) * (cy1 - cy0 + 1) > LONG) {
      span[4 * e] = -1;
      longList.push(e);
      continue;
    }
    span[4 * e] = cx0;
    span[4 * e + 1] = cy0;
    span[4 * e + 2] = cx1;
    span[4 * e + 3] = cy1;
    for (let cy = cy0; cy <= cy1; cy++) for (let cx = cx0; cx <= cx1; cx++) cellStart[cy * gw + cx + 1]++;
  }
  return cellStart;
}

function fillShortEdgeCells(g: EdgeGrid, span: Int32Array, cellStart: Int32Array): { cellEdges: Int32Array; cellBox: Float64Array } {
  const { E, box, gw, gh } = g;
  const fill = cellStart.slice(0, gw * gh);
  const cellEdges = new Int32Array(cellStart[gw * gh]);
  const cellBox = new Float64Array(4 * cellStart[gw * gh]);
  for (let e = 0; e < E; e++) {
    const cx0 = span[4 * e];
    if (cx0 < 0) continue;
    const cy0 = span[4 * e + 1], cx1 = span[4 * e + 2], cy1 = span[4 * e + 3];
    const b0 = box[4 * e], b1 = box[4 * e + 1], b2 = box[4 * e + 2], b3 = box[4 * e + 3];
    for (let cy = cy0; cy <= cy1; cy++) {
      for (let cx = cx0; cx <= cx1; cx++) {
        const k = fill[cy * gw + cx]++;
        cellEdges[k] = e;
        cellBox[4 * k] = b0;
        cellBox[4 * k + 1] = b1;
        cellBox[4 * k + 2] = b2;
        cellBox[4 * k + 3] = b3;
      }
    }
  }
  return { cellEdges, cellBox };
}

/**
 * Short-short pairs: each pair is tested once, in the cell holding the low corner of the
 * intersection of the two boxes.
 */
function shortPairs(tester: PairTester, g: EdgeGrid, cells: ShortEdgeCells): void {
  const { minX, minY, inv, gw, gh } = g;
  const { cellStart, cellEdges, cellBox } = cells;
  for (let cy = 0; cy < gh; cy++) {
    for (let cx = 0; cx < gw; cx++) {
      const c = cy * gw + cx;
      const s = cellStart[c], t = cellStart[c + 1];
      if (t - s < 2) continue;
      for (let i = s; i < t; i++) {
        const e0 = cellBox[4 * i], e1 = cellBox[4 * i + 1], e2 = cellBox[4 * i + 2], e3 = cellBox[4 * i + 3];
        for (let j = i + 1; j < t; j++) {
          const f0 = cellBox[4 * j], f1 = cellBox[4 * j + 1];
          if (f0 > e2 || cellBox[4 * j + 2] < e0 || f1 > e3 || cellBox[4 * j + 3] < e1) continue;
          const rx = Math.floor(((e0 > f0 ? e0 : f0) - minX) * inv);
          const ry = Math.floor(((e1 > f1 ? e1 : f1) - minY) * inv);
          if (rx !== cx || ry !== cy) continue;
          tester.testPair(cellEdges[i], cellEdges[j]);
        }
      }
    }
  }
}

/** Long edges against the short edges of the cells they pass near, and against each other. */
function longPairs(tester: PairTester, table: EdgeTable, points: PointIndex, g: EdgeGrid, cells: ShortEdgeCells): void {
  const { E, box, minX, minY, cell, inv, gw, half } = g;
  const { cellStart, cellEdges, longList } = cells;
  const ea = table.a, eb = table.b;
  const seen = new Int32Array(E).fill(-1);
  for (const e of longList) {
    const X = points.xs, Y = points.ys;
    const ax = X[ea[e]], ay = Y[ea[e]], bx = X[eb[e]], by = Y[eb[e]];
    const len = Math.hypot(bx - ax, by - ay) || 1;
    const cx0 = Math.floor((box[4 * e] - minX) * inv), cy0 = Math.floor((box[4 * e + 1] - minY) * inv);
    const cx1 = Math.floor((box[4 * e + 2] - minX) * inv), cy1 = Math.floor((box[4 * e + 3] - minY) * inv);
    for (let cy = cy0; cy <= cy1; cy++) {
      for (let cx = cx0; cx <= cx1; cx++) {
        const mx = minX + (cx + 0.5) * cell, my = minY + (cy + 0.5) * cell;
        const dist = Math.abs((bx - ax) * (my - ay) - (by - ay) * (mx - ax)) / len;
        if (dist > half) continue;
        const c = cy * gw + cx;
        for (let i = cellStart[c]; i < cellStart[c + 1]; i++) {
          const f = cellEdges[i];
          if (seen[f] === e) continue;
          seen[f] = e;
          if (box[4 * f] > box[4 * e + 2] || box[4 * f + 2] < box[4 * e] || box[4 * f + 1] > box[4 * e + 3] || box[4 * f + 3] < box[4 * e + 1]) continue;
          tester.testPair(e, f);
        }
      }
    }
  }
  longList.sort((p, q) => box[4 * p] - box[4 * q]);
  for (let i = 0; i < longList.length; i++) {
    const e = longList[i];
    for (let j = i + 1; j < longList.length; j++) {
      const f = longList[j];
      if (box[4 * f] > box[4 * e + 2]) break;
      if (box[4 * f + 1] > box[4 * e + 3] || box[4 * f + 3] < box[4 * e + 1]) continue;
      tester.testPair(e, f);
    }
  }
}

/** Calls visit(cell) for each grid cell edge e may touch: its box, or for a long edge the cells near its line. */
function eachCell(table: EdgeTable, points: PointIndex, g: EdgeGrid, e: number, visit: (c: number) => void): void {
  const { box, minX, minY, cell, inv, gw, half } = g;
  const cx0 = Math.floor((box[4 * e] - minX) * inv), cy0 = Math.floor((box[4 * e + 1] - minY) * inv);
  const cx1 = Math.floor((box[4 * e + 2] - minX) * inv), cy1 = Math.floor((box[4 * e + 3] - minY) * inv);
  const long = (cx1 - cx0 + 1) * (cy1 - cy0 + 1) > LONG;
  const X = points.xs, Y = points.ys;
  const ax = X[table.a[e]], ay = Y[table.a[e]], bx = X[table.b[e]], by = Y[table.b[e]];
  const len = Math.hypot(bx - ax, by - ay) || 1;
  for (let cy = cy0; cy <= cy1; cy++) {
    for (let cx = cx0; cx <= cx1; cx++) {
      if (long) {
        const mx = minX + (cx + 0.5) * cell, my = minY + (cy + 0.5) * cell;
        if (Math.abs((bx - ax) * (my - ay) - (by - ay) * (mx - ax)) / len > half) continue;
      }
      visit(cy * gw + cx);
    }
  }
}

/**
 * Later passes: the dirty edges' cells in a small hash table (cell → run of edges in dirty order)
 * instead of a dense grid: a later pass has few dirty edges, and a dense grid of millions of cells
 * would cost more to allocate and to miss in the cache than the whole lookup. One byte per grid
 * cell marks the cells holding a dirty edge: most edges are nowhere near one, and a byte read in a
 * ~1 MB array rejects them cheaper than a hash probe.
 */
interface DirtyCells {
  /** 1 for a cell holding a dirty edge (a row and a column to spare: a box edge on the grid's far border may round into the next cell). */
  mark: Uint8Array;
  hCell: Int32Array;
  hSlot: Int32Array;
  hmask: number;
  slotStart: Int32Array;
  cellEdges: Int32Array;
}

function dirtyCells(table: EdgeTable, points: PointIndex, g: EdgeGrid, dirtyList: Int32Array): DirtyCells {
  const pairCell = new GrowI32(), pairEdge = new GrowI32();
  const mark = new Uint8Array(g.gw * (g.gh + 2));
  for (let i = 0; i < dirtyList.length; i++) {
    const f = dirtyList[i];
    eachCell(table, points, g, f, (c) => {
      pairCell.push(c);
      pairEdge.push(f);
      mark[c] = 1;
    });
  }
  const P = pairCell.n;
  let hsize = 1024;
  while (hsize < 2 * P) hsize *= 2;
  const hmask = hsize - 1;
  const hCell = new Int32Array(hsize).fill(-1);
  const hSlot = new Int32Array(hsize);
  let slots = 0;
  const slotCount = new Int32Array(P + 1);
  const pairSlot = new Int32Array(P);
  for (let i = 0; i < P; i++) {
    const c = pairCell.a[i];
    let h = (Math.imul(c, 0x9e3779b1) >>> 15) & hmask;
    while (hCell[h] !== -1 && hCell[h] !== c) h = (h + 1) & hmask;
    if (hCell[h] === -1) {
      hCell[h] = c;
      hSlot[h] = slots++;
    }
    pairSlot[i] = hSlot[h];
    slotCount[hSlot[h] + 1]++;
  }
  const slotStart = slotCount;
  for (let i = 0; i < slots; i++) slotStart[i + 1] += slotStart[i];
  const fill = slotStart.slice(0, slots);
  const cellEdges = new Int32Array(P);
  for (let i = 0; i < P; i++) cellEdges[fill[pairSlot[i]]++] = pairEdge.a[i];
  return { mark, hCell, hSlot, hmask, slotStart, cellEdges };
}

function cellSlot(d: DirtyCells, c: number): number {
  let h = (Math.imul(c, 0x9e3779b1) >>> 15) & d.hmask;
  for (;;) {
    const k = d.hCell[h];
    if (k === -1) return -1;
    if (k === c) return d.hSlot[h];
    h = (h + 1) & d.hmask;
  }
}

/**
 * Every edge against the dirty edges of its cells (the cells eachCell visits, in the same order;
 * written out here because this loop runs for every edge of the set).
 */
function laterPairs(tester: PairTester, table: EdgeTable, points: PointIndex, g: EdgeGrid, dirty: Uint8Array, d: DirtyCells): void {
  const { E, box, minX, minY, cell, inv, gw, half } = g;
  const { mark, slotStart, cellEdges } = d;
  const ea = table.a, eb = table.b;
  const seen = new Int32Array(E).fill(-1);
  for (let e = 0; e < E; e++) {
    const e0 = box[4 * e], e1 = box[4 * e + 1], e2 = box[4 * e + 2], e3 = box[4 * e + 3];
    const cx0 = Math.floor((e0 - minX) * inv), cy0 = Math.floor((e1 - minY) * inv);
    const cx1 = Math.floor((e2 - minX) * inv), cy1 = Math.floor((e3 - minY) * inv);
    const long = (cx1 - cx0 + 1) * (cy1 - cy0 + 1) > LONG;
    if (!long) {
      // Short edge: a quick look whether any dirty edge is in its cells at all.
      let any = false;
      for (let cy = cy0; cy <= cy1 && !any; cy++) for (let cx = cx0; cx <= cx1 && !any; cx++) any = mark[cy * gw + cx] === 1;
      if (!any) continue;
    }
    const de = dirty[e] === 1;
    let ax = 0, ay = 0, bx = 0, by = 0, len = 1;
    if (long) {
      const X = points.xs, Y = points.ys;
      ax = X[ea[e]];
      ay = Y[ea[e]];
      bx = X[eb[e]];
      by = Y[eb[e]];
      len = Math.hypot(bx - ax, by - ay) || 1;
    }
    for (let cy = cy0; cy <= cy1; cy++) {
      for (let cx = cx0; cx <= cx1; cx++) {
        const c = cy * gw + cx;
        if (mark[c] === 0) continue;
        if (long) {
          const mx = minX + (cx + 0.5) * cell, my = minY + (cy + 0.5) * cell;
          if (Math.abs((bx - ax) * (my - ay) - (by - ay) * (mx - ax)) / len > half) continue;
        }
        const sl = cellSlot(d, c);
        if (sl === -1) continue;
        for (let i = slotStart[sl]; i < slotStart[sl + 1]; i++) {
          const f = cellEdges[i];
          // A pair of two dirty edges is tested from its lower edge only.
          if (f === e || seen[f] === e || (de && f < e)) continue;
          seen[f] = e;
          if (box[4 * f] > e2 || box[4 * f + 2] < e0 || box[4 * f + 1] > e3 || box[4 * f + 3] < e1) continue;
          if (e < f) tester.testPair(e, f);
          else tester.testPair(f, e);
        }
      }
    }
  }
}

/**
 * Replaces split edges by their pieces; pieces are the dirty edges of the next pass. Edge ids come
 * out in the same order as inserting every edge (pieces in place of their edge) into a new table,
 * but only the pieces are looked up: unsplit edges were distinct already and can only coincide
 * with a piece (a stretch shared by two parcels that one of them had as a single longer edge).
 */
/** Split records grouped by edge (counting sort): edge e's are order[start[e]..start[e + 1]). */
function splitsByEdge(splits: Splits, E: number): { start: Int32Array; order: Int32Array } {
  const start = new Int32Array(E + 1);
  for (let i = 0; i < splits.count; i++) start[splits.edge[i] + 1]++;
  for (let e = 0; e < E; e++) start[e + 1] += start[e];
  const pos = start.slice(0, E);
  const order = new Int32Array(splits.count);
  for (let i = 0; i < splits.count; i++) order[pos[splits.edge[i]]++] = i;
  return { start, order };
}

function applySplits(
  table: EdgeTable,
  splits: Splits,
  uses: Uses,
): { table: EdgeTable; dirty: Uint8Array; dirtyList: Int32Array } {
  const E = table.count;
  const { start, order } = splitsByEdge(splits, E);

  const next = new EdgeTable(E + splits.count, false);
  /** New id already given to an unsplit old edge by an earlier piece equal to it. */
  const claimed = new Int32Array(E).fill(-1);
  /** New id of each emitted old unsplit edge (for pieces equal to an earlier unsplit edge). */
  const newId = new Int32Array(E).fill(-1);
  const pieces = new EdgeTable(Math.max(16, 2 * splits.count));
  const pieceId = new Int32Array(Math.max(16, 2 * splits.count + 16));
  const dirtyList = new GrowI32();
  const relinkUses = (from: number, to: number): void => {
    let u = table.useHead[from];
    while (u !== -1) {
      const nx = uses.next.a[u];
      uses.next.a[u] = next.useHead[to];
      next.useHead[to] = u;
      u = nx;
    }
  };
  const group: number[] = [];
  for (let e = 0; e < E; e++) {
    const a = table.a[e], b = table.b[e];
    if (start[e] === start[e + 1]) {
      const id = claimed[e] !== -1 ? claimed[e] : next.push(a, b);
      newId[e] = id;
      relinkUses(e, id);
      continue;
    }
    group.length = 0;
    for (let k = start[e]; k < start[e + 1]; k++) group.push(order[k]);
    if (group.length > 1) group.sort((i, j) => splits.t[i] - splits.t[j]);
    let prev = a;
    const emit = (u: number, v: number): void => {
      if (u === v) return;
      const lo = u < v ? u : v, hi = u < v ? v : u;
      const before = pieces.count;
      const p = pieces.get(lo, hi);
      let id: number;
      if (p < before) id = pieceId[p];
      else {
        // A new piece: the same as an old unsplit edge? Then share that edge's new id.
        const o = table.find(lo, hi);
        if (o !== -1 && start[o] === start[o + 1]) {
          if (o < e) id = newId[o];
          else {
            id = next.push(lo, hi);
            claimed[o] = id;
          }
        } else id = next.push(lo, hi);
        if (p >= pieceId.length) throw new Error('noding: piece table overflow');
        pieceId[p] = id;
      }
      const flip = u > v;
      for (let w = table.useHead[e]; w !== -1; w = uses.next.a[w]) {
        next.useHead[id] = uses.add(next.useHead[id], uses.ring.a[w], flip ? -uses.dir[w] : uses.dir[w]);
      }
      dirtyList.push(id);
    };
    for (const i of group) {
      const n = splits.node[i];
      if (n === prev || n === b) continue;
      emit(prev, n);
      prev = n;
    }
    emit(prev, b);
  }
  return { table: next, ...dirtyEdges(next.count, dirtyList) };
}

/** The pieces of a pass as a flag per edge and an ascending list without repeats. */
function dirtyEdges(E: number, pieces: GrowI32): { dirty: Uint8Array; dirtyList: Int32Array } {
  const dirty = new Uint8Array(E);
  let d = 0;
  for (let i = 0; i < pieces.n; i++) {
    const id = pieces.a[i];
    if (dirty[id]) continue;
    dirty[id] = 1;
    pieces.a[d++] = id;
  }
  return { dirty, dirtyList: pieces.a.slice(0, d).sort() };
}
