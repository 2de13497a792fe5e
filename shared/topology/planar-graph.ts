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

/** Builds the planar graph of all parcel boundaries of the set. */
export function buildPlanarGraph(set: ParcelSet, options: PlanarGraphOptions): PlanarGraph {
  const checkpoint = options.checkpoint ?? (() => undefined);
  const constraintFrom = options.constraintFrom ?? set.count;
  const verify = options.verify === true;
  const noded = nodeParcelSet(set, options);
  const { nodeCount, nodeX, nodeY, edgeCount: E, edgeA, edgeB } = noded;
  const H = 2 * E;

  // Outgoing half-edges per node, sorted counter-clockwise by angle.
  const outStart = new Int32Array(nodeCount + 1);
  for (let e = 0; e < E; e++) {
    outStart[edgeA[e] + 1]++;
    outStart[edgeB[e] + 1]++;
  }
  for (let n = 0; n < nodeCount; n++) outStart[n + 1] += outStart[n];
  const fill = outStart.slice(0, nodeCount);
  const outHe = new Int32Array(H);
  // Angles only where the order matters: around a node of degree ≤ 2 every order of its half-edges
  // is the same cycle, and most nodes of a parcel map are plain vertices on a shared boundary.
  const angle = new Float64Array(H);
  for (let e = 0; e < E; e++) {
    const a = edgeA[e], b = edgeB[e];
    const sortA = outStart[a + 1] - outStart[a] > 2, sortB = outStart[b + 1] - outStart[b] > 2;
    if (sortA || sortB) {
      const dx = nodeX[b] - nodeX[a], dy = nodeY[b] - nodeY[a];
      if (sortA) angle[2 * e] = Math.atan2(dy, dx);
      if (sortB) angle[2 * e + 1] = Math.atan2(-dy, -dx);
    }
    outHe[fill[a]++] = 2 * e;
    outHe[fill[b]++] = 2 * e + 1;
  }
  const posInNode = new Int32Array(H);
  for (let n = 0; n < nodeCount; n++) {
    const s = outStart[n], t = outStart[n + 1];
    // Insertion sort: nodes have few edges.
    if (t - s > 2) {
      for (let i = s + 1; i < t; i++) {
        const h = outHe[i];
        const a = angle[h];
        let j = i - 1;
        while (j >= s && angle[outHe[j]] > a) {
          outHe[j + 1] = outHe[j];
          j--;
        }
        outHe[j + 1] = h;
      }
    }
    for (let i = s; i < t; i++) posInNode[outHe[i]] = i;
  }
  // next(h): at h's end node, the first outgoing half-edge clockwise from h's twin.
  const heNext = new Int32Array(H);
  for (let h = 0; h < H; h++) {
    const twin = h ^ 1;
    const e = h >> 1;
    const v = h & 1 ? edgeA[e] : edgeB[e];
    const s = outStart[v], t = outStart[v + 1];
    const p = posInNode[twin];
    heNext[h] = outHe[p === s ? t - 1 : p - 1];
  }
  checkpoint('half-edges');

  // Face cycles with signed area. A graph has fewer cycles than edges + pieces (Euler), so the
  // per-cycle arrays are sized up front and trimmed, with no growing lists to collect.
  const heCycle = new Int32Array(H).fill(-1);
  let cycleArea: Float64Array = new Float64Array(E + 2);
  let cycleStart: Int32Array = new Int32Array(E + 2);
  let C = 0;
  for (let h0 = 0; h0 < H; h0++) {
    if (heCycle[h0] !== -1) continue;
    const c = C++;
    if (c === cycleStart.length) {
      cycleStart = growI32(cycleStart);
      cycleArea = growF64(cycleArea);
    }
    const n0 = h0 & 1 ? edgeB[h0 >> 1] : edgeA[h0 >> 1];
    const ox = nodeX[n0], oy = nodeY[n0];
    let a = 0;
    let h = h0;
    do {
      heCycle[h] = c;
      const e = h >> 1;
      const u = h & 1 ? edgeB[e] : edgeA[e];
      const v = h & 1 ? edgeA[e] : edgeB[e];
      const x1 = nodeX[u] - ox, y1 = nodeY[u] - oy, x2 = nodeX[v] - ox, y2 = nodeY[v] - oy;
      a += x1 * y2 - x2 * y1;
      h = heNext[h];
    } while (h !== h0);
    cycleStart[c] = h0;
    cycleArea[c] = a / 2;
  }
  cycleArea = cycleArea.slice(0, C);
  cycleStart = cycleStart.slice(0, C);
  checkpoint('faces');

  // Connected pieces (union-find on nodes), and the outside cycle of each: the most negative one.
  const parent = new Int32Array(nodeCount);
  for (let n = 0; n < nodeCount; n++) parent[n] = n;
  const find = (n: number): number => {
    while (parent[n] !== n) {
      parent[n] = parent[parent[n]];
      n = parent[n];
    }
    return n;
  };
  for (let e = 0; e < E; e++) {
    const ra = find(edgeA[e]), rb = find(edgeB[e]);
    if (ra !== rb) parent[ra] = rb;
  }
  const compOfRoot = new Int32Array(nodeCount).fill(-1);
  let compCount = 0;
  const cycleComponent = new Int32Array(C);
  for (let c = 0; c < C; c++) {
    const h = cycleStart[c];
    const root = find(edgeA[h >> 1]);
    if (compOfRoot[root] === -1) compOfRoot[root] = compCount++;
    cycleComponent[c] = compOfRoot[root];
  }
  const compOuter = new Int32Array(compCount).fill(-1);
  for (let c = 0; c < C; c++) {
    const k = cycleComponent[c];
    const o = compOuter[k];
    if (o === -1 || cycleArea[c] < cycleArea[o]) compOuter[k] = c;
  }
  const cycleIsOuter = new Uint8Array(C);
  for (let k = 0; k < compCount; k++) cycleIsOuter[compOuter[k]] = 1;

  // Coverage of each piece's outside: the parcels whose rings (in other pieces) contain it.
  const { useHead, useNext, useRing, useDir, ringParcel, ringSign } = noded;
  const nRings = ringCount(set);
  const coverages: Int32Array[] = [new Int32Array(0)];
  // Coverage ids: one per parcel for the common single-parcel faces, a string key only for the
  // few faces covered by two parcels or more.
  const singleId = new Int32Array(set.count).fill(-1);
  const multiIds = new Map<string, number>();
  /** Id of the coverage made of the parcels in pairs buf[off], buf[off+2], … (sorted, n pairs). */
  const intern = (buf: Int32Array, off: number, n: number): number => {
    if (n === 0) return 0;
    if (n === 1) {
      const p = buf[off];
      let id = singleId[p];
      if (id === -1) {
        id = singleId[p] = coverages.length;
        coverages.push(Int32Array.of(p));
      }
      return id;
    }
    let key = String(buf[off]);
    for (let i = 1; i < n; i++) key += ',' + buf[off + 2 * i];
    let id = multiIds.get(key);
    if (id === undefined) {
      id = coverages.length;
      const list = new Int32Array(n);
      for (let i = 0; i < n; i++) list[i] = buf[off + 2 * i];
      coverages.push(list);
      multiIds.set(key, id);
    }
    return id;
  };
  const cycleCoverage = new Int32Array(C).fill(-1);
  const ringComp = new Int32Array(nRings).fill(-1);
  for (let r = 0; r < nRings; r++) {
    const v = set.ringStart[r];
    if (set.ringStart[r + 1] > v) ringComp[r] = compOfRoot[find(noded.vertexNode[v])];
  }
  let ringGrid: BoxGrid | null = null;

  // Winding state of each reached cycle: (parcel, winding ≠ 0) pairs sorted by parcel, stored in
  // one pool; a face typically has one pair, so no per-face objects are allocated.
  let pool = new Int32Array(Math.max(1024, 4 * C));
  let poolN = 0;
  const wStart = new Int32Array(C);
  const wLen = new Int32Array(C);
  let tmp = new Int32Array(64);
  const store = (c: number, n: number): void => {
    if (poolN + 2 * n > pool.length) {
      const grown = new Int32Array(Math.max(pool.length * 2, poolN + 2 * n));
      grown.set(pool.subarray(0, poolN));
      pool = grown;
    }
    pool.set(tmp.subarray(0, 2 * n), poolN);
    wStart[c] = poolN;
    wLen[c] = n;
    poolN += 2 * n;
  };
  /** Adds winding d of parcel p to the n pairs in tmp; returns the new count. */
  const addWinding = (n: number, p: number, d: number): number => {
    let i = 0;
    while (i < n && tmp[2 * i] < p) i++;
    if (i < n && tmp[2 * i] === p) {
      tmp[2 * i + 1] += d;
      return n;
    }
    if (2 * n + 2 > tmp.length) {
      const grown = new Int32Array(tmp.length * 2);
      grown.set(tmp);
      tmp = grown;
    }
    tmp.copyWithin(2 * i + 2, 2 * i, 2 * n);
    tmp[2 * i] = p;
    tmp[2 * i + 1] = d;
    return n + 1;
  };
  const dropZeros = (n: number): number => {
    let k = 0;
    for (let i = 0; i < n; i++) {
      if (tmp[2 * i + 1] === 0) continue;
      tmp[2 * k] = tmp[2 * i];
      tmp[2 * k + 1] = tmp[2 * i + 1];
      k++;
    }
    return k;
  };
  /** Winding pairs (into tmp) of the outside of piece k: rings of other pieces around it. */
  const outerSeed = (k: number): number => {
    if (compCount === 1) return 0;
    ringGrid ??= ringBoxGrid(set, nRings);
    // Leftmost node of the piece's outside cycle: no edge of this piece lies to its left.
    const h0 = cycleStart[compOuter[k]];
    let h = h0, best = -1;
    do {
      const n = h & 1 ? edgeB[h >> 1] : edgeA[h >> 1];
      if (best === -1 || nodeX[n] < nodeX[best] || (nodeX[n] === nodeX[best] && nodeY[n] < nodeY[best])) best = n;
      h = heNext[h];
    } while (h !== h0);
    const px = nodeX[best], py = nodeY[best];
    let n = 0;
    ringGrid.visit(px, py, (r) => {
      if (ringComp[r] === k || ringComp[r] < 0) return;
      const w = ringWinding(set.coords, set.ringStart[r], set.ringStart[r + 1], px, py);
      if (w !== 0) n = addWinding(n, ringParcel[r], w * ringSign[r]);
    });
    return dropZeros(n);
  };

  // Walk across edges from each piece's outside, carrying per-parcel winding numbers.
  let inconsistent = 0;
  const queue = new Int32Array(C);
  for (let k = 0; k < compCount; k++) {
    const c0 = compOuter[k];
    const n0 = outerSeed(k);
    store(c0, n0);
    cycleCoverage[c0] = intern(tmp, 0, n0);
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
          const s = wStart[c];
          let n = wLen[c];
          if (2 * n > tmp.length) tmp = new Int32Array(4 * n);
          for (let i = 0; i < 2 * n; i++) tmp[i] = pool[s + i];
          for (let u = useHead[h >> 1]; u !== -1; u = useNext[u]) n = addWinding(n, ringParcel[useRing[u]], -useDir[u] * hs);
          n = dropZeros(n);
          const id = intern(tmp, 0, n);
          if (todo) {
            cycleCoverage[twinCycle] = id;
            store(twinCycle, n);
            queue[qt++] = twinCycle;
          } else if (cycleCoverage[twinCycle] !== id) inconsistent++;
        }
        h = heNext[h];
      } while (h !== h0);
    }
  }
  checkpoint('coverage');

  // Nested pieces: the outside cycle of a piece lying inside a gap or overlap face is a hole of
  // that face. Only faces whose coverage is not a single parcel matter for findings.
  const cycleFace = new Int32Array(C);
  for (let c = 0; c < C; c++) cycleFace[c] = cycleIsOuter[c] ? -1 : c;
  if (compCount > 1) {
    const candidates: number[] = [];
    for (let c = 0; c < C; c++) {
      if (cycleIsOuter[c] || cycleArea[c] <= 0) continue;
      if (parcelCount(coverages[cycleCoverage[c]], constraintFrom) !== 1) candidates.push(c);
    }
    if (candidates.length > 0) {
      const boxes = new Float64Array(candidates.length * 4);
      const index = new Flatbush(candidates.length);
      for (let i = 0; i < candidates.length; i++) {
        const b = cycleBox(candidates[i], cycleStart, heNext, edgeA, edgeB, nodeX, nodeY);
        boxes.set(b, 4 * i);
        index.add(b[0], b[1], b[2], b[3]);
      }
      index.finish();
      for (let k = 0; k < compCount; k++) {
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
    }
  }

  return {
    ...noded,
    heNext,
    heCycle,
    cycleCount: C,
    cycleArea,
    cycleStart,
    cycleComponent,
    cycleIsOuter,
    cycleFace,
    cycleCoverage,
    coverages,
    inconsistentCycles: inconsistent,
  };
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

function cycleWinding(
  c: number,
  cycleStart: Int32Array,
  heNext: Int32Array,
  edgeA: Int32Array,
  edgeB: Int32Array,
  nodeX: Float64Array,
  nodeY: Float64Array,
  px: number,
  py: number,
): number {
  let w = 0;
  const h0 = cycleStart[c];
  let h = h0;
  do {
    const e = h >> 1;
    const u = h & 1 ? edgeB[e] : edgeA[e];
    const v = h & 1 ? edgeA[e] : edgeB[e];
    const x1 = nodeX[u], y1 = nodeY[u], x2 = nodeX[v], y2 = nodeY[v];
    if (y1 <= py) {
      if (y2 > py && (x2 - x1) * (py - y1) - (px - x1) * (y2 - y1) > 0) w++;
    } else if (y2 <= py && (x2 - x1) * (py - y1) - (px - x1) * (y2 - y1) < 0) w--;
    h = heNext[h];
  } while (h !== h0);
  return w;
}

function cycleBox(
  c: number,
  cycleStart: Int32Array,
  heNext: Int32Array,
  edgeA: Int32Array,
  edgeB: Int32Array,
  nodeX: Float64Array,
  nodeY: Float64Array,
): [number, number, number, number] {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  const h0 = cycleStart[c];
  let h = h0;
  do {
    const n = h & 1 ? edgeB[h >> 1] : edgeA[h >> 1];
    const x = nodeX[n], y = nodeY[n];
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
    h = heNext[h];
  } while (h !== h0);
  return [x0, y0, x1, y1];
}

function growI32(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

function growF64(a: Float64Array): Float64Array {
  const b = new Float64Array(a.length * 2);
  b.set(a);
  return b;
}

/** Start node of half-edge h. */
export function heOrigin(g: Pick<PlanarGraph, 'edgeA' | 'edgeB'>, h: number): number {
  return h & 1 ? g.edgeB[h >> 1] : g.edgeA[h >> 1];
}
