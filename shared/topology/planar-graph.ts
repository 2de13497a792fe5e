/**
 * The planar graph of shared boundaries: noded edges (noding.ts) become half-edges sorted around
 * their nodes, half-edges link into face cycles, and every face learns which parcels cover it by
 * walking across edges from the outside (crossing a parcel's boundary adds or removes that
 * parcel). Overlaps are faces covered by two parcels or more, gaps are bounded faces covered by
 * none. The cost is linear in the number of edges plus a sort of each node's few edges.
 *
 * Half-edge h = 2e runs edgeA[e]→edgeB[e], h = 2e+1 the reverse; a face cycle keeps its face on the
 * left, so bounded faces are counter-clockwise (positive area) and the outside of each connected
 * piece of the graph is a clockwise cycle.
 */
import Flatbush from 'flatbush';
import { BoxGrid, ringBoxGrid } from './box-grid.js';
import { cycleBox, cycleWinding, faceCycles, nextHalfEdges, nodeRoots, type FaceCycles } from './half-edges.js';
import { nodeParcelSet, type NodedEdges } from './noding.js';
import { ringCount, type ParcelSet } from './parcel-set.js';

export interface PlanarGraphOptions {
  tolerance: number;
  /** Re-derive the coverage of every face from all its neighbours and count disagreements. */
  verify?: boolean;
  checkpoint?: (step: string) => void;
  /**
   * Parcels from this index on are constraints, not parcels (a commune boundary appended to the
   * set): their rings split faces and take part in coverage, but a face covered by one parcel and
   * a constraint still counts as covered by one parcel. Default: none.
   */
  constraintFrom?: number;
}

export interface PlanarGraph extends NodedEdges {
  /** Next half-edge around the face on the left. */
  heNext: Int32Array;
  /** Face cycle of each half-edge. */
  heCycle: Int32Array;
  cycleCount: number;
  /** Signed area of each cycle (counter-clockwise positive). */
  cycleArea: Float64Array;
  /** One half-edge of each cycle. */
  cycleStart: Int32Array;
  /** Connected piece of the graph each cycle belongs to. */
  cycleComponent: Int32Array;
  /** 1 when the cycle is the outside boundary of its connected piece. */
  cycleIsOuter: Uint8Array;
  /**
   * The bounded face a cycle belongs to: itself for inner cycles; for the outside cycle of a piece
   * nested inside another piece's face, that face's cycle (it is a hole of it); -1 = unbounded.
   */
  cycleFace: Int32Array;
  /** Coverage class of each cycle, an index into `coverages`. */
  cycleCoverage: Int32Array;
  /** Distinct coverages: sorted parcel indices covering a face. coverages[0] is empty. */
  coverages: Int32Array[];
  /** Cycles reached twice with different coverage (a sign of unresolved crossings; expect 0). */
  inconsistentCycles: number;
}

/**
 * Builds the planar graph of all parcel boundaries of the set. Each step is a function of its own:
 * the graph is built once per run, so its loops are optimised on the fly one at a time, and one big
 * function would be recompiled for every loop and fall back to the interpreter between them.
 */
export function buildPlanarGraph(set: ParcelSet, options: PlanarGraphOptions): PlanarGraph {
  const checkpoint = options.checkpoint ?? (() => undefined);
  const constraintFrom = options.constraintFrom ?? set.count;
  const noded = nodeParcelSet(set, options);
  const heNext = nextHalfEdges(noded.nodeCount, noded.edgeA, noded.edgeB, noded.nodeX, noded.nodeY, noded.edgeCount, null);
  checkpoint('half-edges');
  const cycles = faceCycles(heNext, noded.edgeA, noded.edgeB, noded.nodeX, noded.nodeY);
  checkpoint('faces');
  const pieces = graphPieces(noded, cycles);
  const coverage = walkCoverage(set, noded, heNext, cycles, pieces, options.verify === true);
  checkpoint('coverage');
  const cycleFace = nestPieces(noded, heNext, cycles, pieces, coverage, constraintFrom);
  return {
    ...noded,
    heNext,
    heCycle: cycles.heCycle,
    cycleCount: cycles.count,
    cycleArea: cycles.area,
    cycleStart: cycles.start,
    cycleComponent: pieces.cycleComponent,
    cycleIsOuter: pieces.cycleIsOuter,
    cycleFace,
    cycleCoverage: coverage.cycleCoverage,
    coverages: coverage.coverages,
    inconsistentCycles: coverage.inconsistent,
  };
}

/** Connected pieces of the graph and the outside cycle of each (its most negative cycle). */
interface GraphPieces {
  count: number;
  /** Piece of each node's union-find root (-1 for other nodes). */
  compOfRoot: Int32Array;
  /** Union-find parents over the nodes, fully compressed. */
  root: Int32Array;
  cycleComponent: Int32Array;
  compOuter: Int32Array;
  cycleIsOuter: Uint8Array;
}

function graphPieces(noded: NodedEdges, cycles: FaceCycles): GraphPieces {
  const { nodeCount, edgeA } = noded;
  const root = nodeRoots(nodeCount, edgeA, noded.edgeB, noded.edgeCount, null);
  const C = cycles.count, cycleStart = cycles.start, cycleArea = cycles.area;
  const compOfRoot = new Int32Array(nodeCount).fill(-1);
  let compCount = 0;
  const cycleComponent = new Int32Array(C);
  for (let c = 0; c < C; c++) {
    const r = root[edgeA[cycleStart[c] >> 1]];
    if (compOfRoot[r] === -1) compOfRoot[r] = compCount++;
    cycleComponent[c] = compOfRoot[r];
  }
  const compOuter = new Int32Array(compCount).fill(-1);
  for (let c = 0; c < C; c++) {
    const k = cycleComponent[c];
    const o = compOuter[k];
    if (o === -1 || cycleArea[c] < cycleArea[o]) compOuter[k] = c;
  }
  const cycleIsOuter = new Uint8Array(C);
  for (let k = 0; k < compCount; k++) cycleIsOuter[compOuter[k]] = 1;
  return { count: compCount, compOfRoot, root, cycleComponent, compOuter, cycleIsOuter };
}

/**
 * Winding numbers while walking: the (parcel, winding ≠ 0) pairs of each reached cycle, sorted by
 * parcel, in one pool; a face typically has one pair, so no per-face objects are allocated. `tmp`
 * holds the pairs being worked on.
 */
class WindingPool {
  pool: Int32Array;
  poolN = 0;
  readonly wStart: Int32Array;
  readonly wLen: Int32Array;
  tmp = new Int32Array(64);

  constructor(C: number) {
    this.pool = new Int32Array(Math.max(1024, 4 * C));
    this.wStart = new Int32Array(C);
    this.wLen = new Int32Array(C);
  }

  /** Keeps the n pairs in tmp as cycle c's. */
  store(c: number, n: number): void {
    if (this.poolN + 2 * n > this.pool.length) {
      const grown = new Int32Array(Math.max(this.pool.length * 2, this.poolN + 2 * n));
      grown.set(this.pool.subarray(0, this.poolN));
      this.pool = grown;
    }
    this.pool.set(this.tmp.subarray(0, 2 * n), this.poolN);
    this.wStart[c] = this.poolN;
    this.wLen[c] = n;
    this.poolN += 2 * n;
  }

  /** Copies cycle c's pairs into tmp; returns their count. */
  load(c: number): number {
    const s = this.wStart[c];
    const n = this.wLen[c];
    if (2 * n > this.tmp.length) this.tmp = new Int32Array(4 * n);
    const tmp = this.tmp, pool = this.pool;
    for (let i = 0; i < 2 * n; i++) tmp[i] = pool[s + i];
    return n;
  }

  /** Adds winding d of parcel p to the n pairs in tmp; returns the new count. */
  addWinding(n: number, p: number, d: number): number {
    let tmp = this.tmp;
    let i = 0;
    while (i < n && tmp[2 * i] < p) i++;
    if (i < n && tmp[2 * i] === p) {
      tmp[2 * i + 1] += d;
      return n;
    }
    if (2 * n + 2 > tmp.length) {
      const grown = new Int32Array(tmp.length * 2);
      grown.set(tmp);
      tmp = this.tmp = grown;
    }
    tmp.copyWithin(2 * i + 2, 2 * i, 2 * n);
    tmp[2 * i] = p;
    tmp[2 * i + 1] = d;
    return n + 1;
  }

  dropZeros(n: number): number {
    const tmp = this.tmp;
    let k = 0;
    for (let i = 0; i < n; i++) {
      if (tmp[2 * i + 1] === 0) continue;
      tmp[2 * k] = tmp[2 * i];
      tmp[2 * k + 1] = tmp[2 * i + 1];
      k++;
    }
    return k;
  }
}

/**
 * Coverage ids: one per parcel for the common single-parcel faces, a string key only for the few
 * faces covered by two parcels or more. coverages[0] is the empty coverage.
 */
class CoverageIds {
  readonly coverages: Int32Array[] = [new Int32Array(0)];
  private readonly singleId: Int32Array;
  private readonly multiIds = new Map<string, number>();

  constructor(parcels: number) {
    this.singleId = new Int32Array(parcels).fill(-1);
  }

  /** Id of the coverage made of the parcels in pairs buf[off], buf[off+2], … (sorted, n pairs). */
  intern(buf: Int32Array, off: number, n: number): number {
    if (n === 0) return 0;
    if (n === 1) {
      const p = buf[off];
      let id = this.singleId[p];
      if (id === -1) {
        id = this.singleId[p] = this.coverages.length;
        this.coverages.push(Int32Array.of(p));
      }
      return id;
    }
    let key = String(buf[off]);
    for (let i = 1; i < n; i++) key += ',' + buf[off + 2 * i];
    let id = this.multiIds.get(key);
    if (id === undefined) {
      id = this.coverages.length;
      const list = new Int32Array(n);
      for (let i = 0; i < n; i++) list[i] = buf[off + 2 * i];
      this.coverages.push(list);
      this.multiIds.set(key, id);
    }
    return id;
  }
}

interface CoverageWalk {
  cycleCoverage: Int32Array;
  coverages: Int32Array[];
  inconsistent: number;
}

/** Walks across edges from each piece's outside, carrying per-parcel winding numbers. */
function walkCoverage(set: ParcelSet, noded: NodedEdges, heNext: Int32Array, cycles: FaceCycles, pieces: GraphPieces, verify: boolean): CoverageWalk {
  const { useHead, useNext, useRing, useDir, ringParcel } = noded;
  const C = cycles.count, cycleStart = cycles.start, heCycle = cycles.heCycle;
  const ids = new CoverageIds(set.count);
  const w = new WindingPool(C);
  const cycleCoverage = new Int32Array(C).fill(-1);
  const seeds = new OutsideSeeds(set, noded, heNext, cycles, pieces);
  let inconsistent = 0;
  const queue = new Int32Array(C);
  for (let k = 0; k < pieces.count; k++) {
    const c0 = pieces.compOuter[k];
    const n0 = seeds.seed(k, w);
    w.store(c0, n0);
    cycleCoverage[c0] = ids.intern(w.tmp, 0, n0);
    let qh = 0, qt = 0;
    queue[qt++] = c0;
    while (qh < qt) {
      const c = queue[qh++];
      const h0 = cycleStart[c];
      let h = h0;
      do {
        const twinCycle = heCycle[h ^ 1];
        const todo = cycleCoverage[twinCycle] === -1;
        if (todo || (verify && twinCycle !== c)) {
          // Crossing h from its left face (c) to its right face: parcels whose interior is on the
          // left of h are left behind, those on the right are entered.
          const hs = h & 1 ? -1 : 1;
          let n = w.load(c);
          for (let u = useHead[h >> 1]; u !== -1; u = useNext[u]) n = w.addWinding(n, ringParcel[useRing[u]], -useDir[u] * hs);
          n = w.dropZeros(n);
          const id = ids.intern(w.tmp, 0, n);
          if (todo) {
            cycleCoverage[twinCycle] = id;
            w.store(twinCycle, n);
            queue[qt++] = twinCycle;
          } else if (cycleCoverage[twinCycle] !== id) inconsistent++;
        }
        h = heNext[h];
      } while (h !== h0);
    }
  }
  return { cycleCoverage, coverages: ids.coverages, inconsistent };
}

/** Where each piece's outside lies: the rings of other pieces around it (grid built when needed). */
class OutsideSeeds {
  private ringGrid: BoxGrid | null = null;
  private readonly ringComp: Int32Array;
  private readonly nRings: number;

  constructor(
    private readonly set: ParcelSet,
    private readonly noded: NodedEdges,
    private readonly heNext: Int32Array,
    private readonly cycles: FaceCycles,
    private readonly pieces: GraphPieces,
  ) {
    this.nRings = ringCount(set);
    this.ringComp = new Int32Array(this.nRings).fill(-1);
    const { compOfRoot, root } = pieces;
    for (let r = 0; r < this.nRings; r++) {
      const v = set.ringStart[r];
      if (set.ringStart[r + 1] > v) this.ringComp[r] = compOfRoot[root[noded.vertexNode[v]]];
    }
  }

  /** Winding pairs (into w.tmp) of the outside of piece k; returns their count. */
  seed(k: number, w: WindingPool): number {
    if (this.pieces.count === 1) return 0;
    const { set, noded, heNext, ringComp } = this;
    const { nodeX, nodeY, edgeA, edgeB, ringParcel, ringSign } = noded;
    this.ringGrid ??= ringBoxGrid(set, this.nRings);
    // Leftmost node of the piece's outside cycle: no edge of this piece lies to its left.
    const h0 = this.cycles.start[this.pieces.compOuter[k]];
    let h = h0, best = -1;
    do {
      const n = h & 1 ? edgeB[h >> 1] : edgeA[h >> 1];
      if (best === -1 || nodeX[n] < nodeX[best] || (nodeX[n] === nodeX[best] && nodeY[n] < nodeY[best])) best = n;
      h = heNext[h];
    } while (h !== h0);
    const px = nodeX[best], py = nodeY[best];
    let n = 0;
    this.ringGrid.visit(px, py, (r) => {
      if (ringComp[r] === k || ringComp[r] < 0) return;
      const wind = ringWinding(set.coords, set.ringStart[r], set.ringStart[r + 1], px, py);
      if (wind !== 0) n = w.addWinding(n, ringParcel[r], wind * ringSign[r]);
    });
    return w.dropZeros(n);
  }
}

/**
 * Nested pieces: the outside cycle of a piece lying inside a gap or overlap face is a hole of that
 * face (cycleFace). Only faces whose coverage is not a single parcel matter for findings.
 */
function nestPieces(noded: NodedEdges, heNext: Int32Array, cycles: FaceCycles, pieces: GraphPieces, coverage: CoverageWalk, constraintFrom: number): Int32Array {
  const { nodeX, nodeY, edgeA, edgeB } = noded;
  const C = cycles.count, cycleStart = cycles.start, cycleArea = cycles.area;
  const { cycleIsOuter, cycleComponent, compOuter } = pieces;
  const { cycleCoverage, coverages } = coverage;
  const cycleFace = new Int32Array(C);
  for (let c = 0; c < C; c++) cycleFace[c] = cycleIsOuter[c] ? -1 : c;
  if (pieces.count <= 1) return cycleFace;
  const candidates: number[] = [];
  for (let c = 0; c < C; c++) {
    if (cycleIsOuter[c] || cycleArea[c] <= 0) continue;
    if (parcelCount(coverages[cycleCoverage[c]], constraintFrom) !== 1) candidates.push(c);
  }
  if (candidates.length === 0) return cycleFace;
  const boxes = new Float64Array(candidates.length * 4);
  const index = new Flatbush(candidates.length);
  for (let i = 0; i < candidates.length; i++) {
    const b = cycleBox(candidates[i], cycleStart, heNext, edgeA, edgeB, nodeX, nodeY);
    boxes.set(b, 4 * i);
    index.add(b[0], b[1], b[2], b[3]);
  }
  index.finish();
  for (let k = 0; k < pieces.count; k++) {
    const c0 = compOuter[k];
    const cov = coverages[cycleCoverage[c0]];
    if (parcelCount(cov, constraintFrom) === 1) continue;
    const h = cycleStart[c0];
    const n = edgeA[h >> 1];
    const px = nodeX[n], py = nodeY[n];
    let best = -1;
    for (const i of index.search(px, py, px, py)) {
      const c = candidates[i];
      if (cycleComponent[c] === k || cycleCoverage[c] !== cycleCoverage[c0]) continue;
      if (cycleWinding(c, cycleStart, heNext, edgeA, edgeB, nodeX, nodeY, px, py) === 0) continue;
      if (best === -1 || cycleArea[c] < cycleArea[best]) best = c;
    }
    cycleFace[c0] = best;
  }
  return cycleFace;
}

/**
 * How many real parcels (indices below `constraintFrom`) a coverage lists. Coverages are sorted,
 * so the constraints come last.
 */
export function parcelCount(cov: Int32Array, constraintFrom: number): number {
  let n = cov.length;
  while (n > 0 && cov[n - 1] >= constraintFrom) n--;
  return n;
}

/** Winding number of point (px, py) about ring vertices [v0, v1) of a coordinate array. */
export function ringWinding(coords: Float64Array, v0: number, v1: number, px: number, py: number): number {
  let w = 0;
  for (let v = v0; v < v1 - 1; v++) {
    const x1 = coords[2 * v], y1 = coords[2 * v + 1], x2 = coords[2 * v + 2], y2 = coords[2 * v + 3];
    if (y1 <= py) {
      if (y2 > py && (x2 - x1) * (py - y1) - (px - x1) * (y2 - y1) > 0) w++;
    } else if (y2 <= py && (x2 - x1) * (py - y1) - (px - x1) * (y2 - y1) < 0) w--;
  }
  return w;
}

/** Start node of half-edge h. */
export function heOrigin(g: Pick<PlanarGraph, 'edgeA' | 'edgeB'>, h: number): number {
  return h & 1 ? g.edgeB[h >> 1] : g.edgeA[h >> 1];
}
