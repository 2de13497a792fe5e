/**
 * The face walk over noded edges, shared by the planar graph of parcel boundaries (validation,
 * planar-graph.ts) and the faces of drawn linework (building parcels from a sheet, sheet/faces.ts).
 *
 * Half-edge h = 2e runs edgeA[e]→edgeB[e], h = 2e+1 the reverse. Around each node the outgoing
 * half-edges are sorted counter-clockwise; next(h) is, at h's end node, the first outgoing half-edge
 * clockwise from h's twin, so a cycle of next() keeps its face on the left: bounded faces are
 * counter-clockwise (positive area), the outside of each connected piece is clockwise.
 *
 * Every step is a function of its own with one loop: the walk runs once per validation or import,
 * and V8 then optimises each loop once instead of recompiling one big function for each of them.
 * `used` (one byte per edge, null = all) leaves edges out, as the linework faces do with dangles.
 */

/** Outgoing half-edges of each node (CSR): outHe[outStart[n] .. outStart[n + 1]). */
export interface OutgoingHalfEdges {
  outStart: Int32Array;
  outHe: Int32Array;
}

/** Face cycles of a half-edge structure. */
export interface FaceCycles {
  count: number;
  /** Cycle of each half-edge (-1 for half-edges of unused edges). */
  heCycle: Int32Array;
  /** Signed area of each cycle (counter-clockwise positive). */
  area: Float64Array;
  /** One half-edge of each cycle: the lowest, cycles numbered in the order of their lowest half-edge. */
  start: Int32Array;
}

/** next(h) of every half-edge (-1 for unused edges), outgoing half-edges sorted by angle. */
export function nextHalfEdges(
  nodeCount: number,
  edgeA: Int32Array,
  edgeB: Int32Array,
  nodeX: Float64Array,
  nodeY: Float64Array,
  E: number,
  used: Uint8Array | null,
): Int32Array {
  const out = outgoingHalfEdges(nodeCount, edgeA, edgeB, E, used);
  const posInNode = sortAroundNodes(out, nodeCount, edgeA, edgeB, nodeX, nodeY);
  return linkHalfEdges(out, posInNode, edgeA, edgeB, E, used);
}

/** Outgoing half-edges of each node, in edge order. */
export function outgoingHalfEdges(nodeCount: number, edgeA: Int32Array, edgeB: Int32Array, E: number, used: Uint8Array | null): OutgoingHalfEdges {
  const outStart = nodeDegreeStarts(nodeCount, edgeA, edgeB, E, used);
  const fill = outStart.slice(0, nodeCount);
  const outHe = new Int32Array(outStart[nodeCount]);
  for (let e = 0; e < E; e++) {
    if (used !== null && !used[e]) continue;
    outHe[fill[edgeA[e]]++] = 2 * e;
    outHe[fill[edgeB[e]]++] = 2 * e + 1;
  }
  return { outStart, outHe };
}

function nodeDegreeStarts(nodeCount: number, edgeA: Int32Array, edgeB: Int32Array, E: number, used: Uint8Array | null): Int32Array {
  const outStart = new Int32Array(nodeCount + 1);
  for (let e = 0; e < E; e++) {
    if (used !== null && !used[e]) continue;
    outStart[edgeA[e] + 1]++;
    outStart[edgeB[e] + 1]++;
  }
  for (let n = 0; n < nodeCount; n++) outStart[n + 1] += outStart[n];
  return outStart;
}

/**
 * Sorts each node's outgoing half-edges counter-clockwise by angle (stable); returns each
 * half-edge's place in outHe. Angles are computed only where the order matters: around a node of
 * degree ≤ 2 every order of its half-edges gives the same next(), and most nodes of a parcel map
 * are plain vertices of a shared boundary.
 */
export function sortAroundNodes(
  out: OutgoingHalfEdges,
  nodeCount: number,
  edgeA: Int32Array,
  edgeB: Int32Array,
  nodeX: Float64Array,
  nodeY: Float64Array,
): Int32Array {
  const { outStart, outHe } = out;
  const posInNode = new Int32Array(2 * edgeA.length);
  let ang = new Float64Array(8);
  for (let n = 0; n < nodeCount; n++) {
    const s = outStart[n], t = outStart[n + 1];
    if (t - s > 2) {
      if (t - s > ang.length) ang = new Float64Array(t - s);
      for (let i = s; i < t; i++) {
        const h = outHe[i], e = h >> 1;
        const a = edgeA[e], b = edgeB[e];
        const dx = nodeX[b] - nodeX[a], dy = nodeY[b] - nodeY[a];
        ang[i - s] = h & 1 ? Math.atan2(-dy, -dx) : Math.atan2(dy, dx);
      }
      // Insertion sort: nodes have few edges.
      for (let i = s + 1; i < t; i++) {
        const h = outHe[i];
        const a = ang[i - s];
        let j = i - 1;
        while (j >= s && ang[j - s] > a) {
          outHe[j + 1] = outHe[j];
          ang[j + 1 - s] = ang[j - s];
          j--;
        }
        outHe[j + 1] = h;
        ang[j + 1 - s] = a;
      }
    }
    for (let i = s; i < t; i++) posInNode[outHe[i]] = i;
  }
  return posInNode;
}

/** next(h): at h's end node, the first outgoing half-edge clockwise from h's twin; -1 for unused edges. */
export function linkHalfEdges(
  out: OutgoingHalfEdges,
  posInNode: Int32Array,
  edgeA: Int32Array,
  edgeB: Int32Array,
  E: number,
  used: Uint8Array | null,
): Int32Array {
  const { outStart, outHe } = out;
  const H = 2 * E;
  const heNext = new Int32Array(H);
  for (let h = 0; h < H; h++) {
    if (used !== null && !used[h >> 1]) {
      heNext[h] = -1;
      continue;
    }
    const v = h & 1 ? edgeA[h >> 1] : edgeB[h >> 1];
    const s = outStart[v], t = outStart[v + 1];
    const p = posInNode[h ^ 1];
    heNext[h] = outHe[p === s ? t - 1 : p - 1];
  }
  return heNext;
}

/**
 * Face cycles with signed area. A graph has fewer cycles than edges + pieces (Euler), so the
 * per-cycle arrays are sized up front (grown if ever needed) and trimmed.
 */
export function faceCycles(heNext: Int32Array, edgeA: Int32Array, edgeB: Int32Array, nodeX: Float64Array, nodeY: Float64Array): FaceCycles {
  const H = heNext.length;
  const heCycle = new Int32Array(H).fill(-1);
  let area: Float64Array = new Float64Array(H / 2 + 2);
  let start: Int32Array = new Int32Array(H / 2 + 2);
  let C = 0;
  for (let h0 = 0; h0 < H; h0++) {
    if (heNext[h0] === -1 || heCycle[h0] !== -1) continue;
    const c = C++;
    if (c === start.length) {
      start = growI32(start);
      area = growF64(area);
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
    start[c] = h0;
    area[c] = a / 2;
  }
  return { count: C, heCycle, area: area.slice(0, C), start: start.slice(0, C) };
}

/** Union-find root of every node over the (used) edges: nodes with the same root are one piece. */
export function nodeRoots(nodeCount: number, edgeA: Int32Array, edgeB: Int32Array, E: number, used: Uint8Array | null): Int32Array {
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
    if (used !== null && !used[e]) continue;
    const ra = find(edgeA[e]), rb = find(edgeB[e]);
    if (ra !== rb) parent[ra] = rb;
  }
  for (let n = 0; n < nodeCount; n++) parent[n] = find(n);
  return parent;
}

/** Winding number of point (px, py) about cycle c (0 = outside). */
export function cycleWinding(
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

/** [minX, minY, maxX, maxY] of the nodes of cycle c. */
export function cycleBox(
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
