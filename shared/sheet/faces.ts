/**
 * Faces of noded linework (the second half of building parcels): every bounded region enclosed by
 * the edges, with the pieces nested inside it as holes. Dangling chains and bridges (edges with
 * the same face on both sides) bound nothing and are left out, so each face is a proper polygon.
 *
 * Half-edge h = 2e runs edgeA[e]→edgeB[e], h = 2e+1 the reverse; a cycle keeps its face on the left,
 * so bounded faces are counter-clockwise and the outside of each connected piece is clockwise.
 */
import Flatbush from 'flatbush';
import type { PolygonCoords, Position } from '../geo/geometry.js';
import type { NodedLinework } from './line-noding.js';

export interface LineFaces {
  /** Bounded faces: the counter-clockwise cycles. */
  faceCount: number;
  /** Cycle of each face. */
  faceCycle: Int32Array;
  /** Area of each face without its holes (m²). */
  faceArea: Float64Array;
  /** [minX, minY, maxX, maxY] per face. */
  faceBox: Float64Array;
  /** Holes of each face: outside cycles of the pieces nested directly in it. */
  faceHoles: number[][];
  cycleCount: number;
  cycleStart: Int32Array;
  cycleArea: Float64Array;
  heNext: Int32Array;
  /** Edges that bound faces (alive, not dangling, not a bridge). */
  edgeUsed: Uint8Array;
  /** Edges left out as bridges between pieces (not dangles). */
  bridges: number[];
  noded: NodedLinework;
}

/** Polygonises the alive edges of the noded linework. */
export function buildFaces(noded: NodedLinework): LineFaces {
  const { nodeCount, nodeX, nodeY, edgeCount: E, edgeA, edgeB, edgeAlive } = noded;
  const used = new Uint8Array(E);
  const degree = new Int32Array(nodeCount);
  for (let e = 0; e < E; e++) {
    if (!edgeAlive[e]) continue;
    used[e] = 1;
    degree[edgeA[e]]++;
    degree[edgeB[e]]++;
  }
  const bridges: number[] = [];
  const H = 2 * E;
  const heNext = new Int32Array(H).fill(-1);
  const heCycle = new Int32Array(H);
  const angle = new Float64Array(H);
  for (let e = 0; e < E; e++) {
    const dx = nodeX[edgeB[e]] - nodeX[edgeA[e]], dy = nodeY[edgeB[e]] - nodeY[edgeA[e]];
    angle[2 * e] = Math.atan2(dy, dx);
    angle[2 * e + 1] = Math.atan2(-dy, -dx);
  }
  let starts: number[] = [];
  let areas: number[] = [];

  // Bridges only show after the cycles are walked; removing them can expose new dangles, so
  // prune → walk → drop bridges repeats until no bridge is left (each round removes edges).
  for (let round = 0; round <= E; round++) {
    pruneDangles(edgeA, edgeB, used, degree, nodeCount);
    const { outStart, outHe } = sortAround(nodeCount, edgeA, edgeB, used, angle, E);
    const posInNode = new Int32Array(H);
    for (let i = 0; i < outHe.length; i++) posInNode[outHe[i]] = i;
    // next(h): at h's end node, the first outgoing half-edge clockwise from h's twin.
    for (let h = 0; h < H; h++) {
      if (!used[h >> 1]) {
        heNext[h] = -1;
        continue;
      }
      const v = h & 1 ? edgeA[h >> 1] : edgeB[h >> 1];
      const s = outStart[v], t = outStart[v + 1];
      const p = posInNode[h ^ 1];
      heNext[h] = outHe[p === s ? t - 1 : p - 1];
    }
    heCycle.fill(-1);
    starts = [];
    areas = [];
    for (let h0 = 0; h0 < H; h0++) {
      if (heNext[h0] === -1 || heCycle[h0] !== -1) continue;
      const c = starts.length;
      const n0 = h0 & 1 ? edgeB[h0 >> 1] : edgeA[h0 >> 1];
      const ox = nodeX[n0], oy = nodeY[n0];
      let a = 0;
      let h = h0;
      do {
        heCycle[h] = c;
        const e = h >> 1;
        const u = h & 1 ? edgeB[e] : edgeA[e], v = h & 1 ? edgeA[e] : edgeB[e];
        a += (nodeX[u] - ox) * (nodeY[v] - oy) - (nodeX[v] - ox) * (nodeY[u] - oy);
        h = heNext[h];
      } while (h !== h0);
      starts.push(h0);
      areas.push(a / 2);
    }
    let removed = 0;
    for (let e = 0; e < E; e++) {
      if (used[e] && heCycle[2 * e] === heCycle[2 * e + 1]) {
        used[e] = 0;
        degree[edgeA[e]]--;
        degree[edgeB[e]]--;
        bridges.push(e);
        removed++;
      }
    }
    if (removed === 0) break;
  }

  const C = starts.length;
  const cycleStart = Int32Array.from(starts);
  const cycleArea = Float64Array.from(areas);
  const cycleBox = new Float64Array(C * 4);
  for (let c = 0; c < C; c++) {
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
    cycleBox[4 * c] = x0;
    cycleBox[4 * c + 1] = y0;
    cycleBox[4 * c + 2] = x1;
    cycleBox[4 * c + 3] = y1;
  }

  // Once bridges are gone every connected piece has exactly one clockwise cycle: its outside.
  const faceOfCycle = new Int32Array(C).fill(-1);
  const faceCycleList: number[] = [];
  const outsides: number[] = [];
  for (let c = 0; c < C; c++) {
    if (cycleArea[c] > 0) {
      faceOfCycle[c] = faceCycleList.length;
      faceCycleList.push(c);
    } else outsides.push(c);
  }
  const F = faceCycleList.length;
  const faceCycle = Int32Array.from(faceCycleList);
  const faceBox = new Float64Array(F * 4);
  for (let f = 0; f < F; f++) faceBox.set(cycleBox.subarray(4 * faceCycle[f], 4 * faceCycle[f] + 4), 4 * f);
  const faceHoles: number[][] = Array.from({ length: F }, () => []);
  const faceArea = new Float64Array(F);
  for (let f = 0; f < F; f++) faceArea[f] = cycleArea[faceCycle[f]];

  // A piece nested in a face: its outside is a hole of the smallest face around one of its nodes
  // (a node of another piece never lies on this face's edges, or the two would be one piece).
  if (F > 0 && outsides.length > 1) {
    const index = new Flatbush(F);
    for (let f = 0; f < F; f++) index.add(faceBox[4 * f], faceBox[4 * f + 1], faceBox[4 * f + 2], faceBox[4 * f + 3]);
    index.finish();
    const heComp = componentsOf(nodeCount, edgeA, edgeB, used);
    for (const c of outsides) {
      const h = cycleStart[c];
      const n = edgeA[h >> 1];
      const comp = heComp[n];
      const px = nodeX[n], py = nodeY[n];
      let best = -1;
      for (const f of index.search(px, py, px, py)) {
        const fc = faceCycle[f];
        if (heComp[edgeA[cycleStart[fc] >> 1]] === comp) continue;
        if (best !== -1 && cycleArea[fc] >= cycleArea[faceCycle[best]]) continue;
        if (cycleWinding(fc, cycleStart, heNext, edgeA, edgeB, nodeX, nodeY, px, py) !== 0) best = f;
      }
      if (best !== -1) {
        faceHoles[best].push(c);
        faceArea[best] += cycleArea[c];
      }
    }
  }

  return { faceCount: F, faceCycle, faceArea, faceBox, faceHoles, cycleCount: C, cycleStart, cycleArea, heNext, edgeUsed: used, bridges, noded };
}

/** The polygon of a face: its cycle, then its holes, each ring closed. */
export function facePolygon(faces: LineFaces, f: number): PolygonCoords {
  const rings: PolygonCoords = [cycleRing(faces, faces.faceCycle[f])];
  for (const c of faces.faceHoles[f]) rings.push(cycleRing(faces, c));
  return rings;
}

/** The closed ring of a cycle, in cycle order (faces counter-clockwise, holes clockwise). */
export function cycleRing(faces: LineFaces, c: number): Position[] {
  const { edgeA, edgeB, nodeX, nodeY } = faces.noded;
  const ring: Position[] = [];
  const h0 = faces.cycleStart[c];
  let h = h0;
  do {
    const n = h & 1 ? edgeB[h >> 1] : edgeA[h >> 1];
    ring.push([nodeX[n], nodeY[n]]);
    h = faces.heNext[h];
  } while (h !== h0);
  ring.push([ring[0][0], ring[0][1]]);
  return ring;
}

/** Winding number of a point about a face's cycle (0 = outside). */
export function faceWinding(faces: LineFaces, f: number, px: number, py: number): number {
  const { edgeA, edgeB, nodeX, nodeY } = faces.noded;
  return cycleWinding(faces.faceCycle[f], faces.cycleStart, faces.heNext, edgeA, edgeB, nodeX, nodeY, px, py);
}

/** Removes dangling chains: edges ending at a node that no other used edge reaches. */
function pruneDangles(edgeA: Int32Array, edgeB: Int32Array, used: Uint8Array, degree: Int32Array, nodeCount: number): void {
  const E = edgeA.length;
  const incStart = new Int32Array(nodeCount + 1);
  for (let e = 0; e < E; e++) {
    if (!used[e]) continue;
    incStart[edgeA[e] + 1]++;
    incStart[edgeB[e] + 1]++;
  }
  for (let n = 0; n < nodeCount; n++) incStart[n + 1] += incStart[n];
  const fill = incStart.slice(0, nodeCount);
  const inc = new Int32Array(incStart[nodeCount]);
  for (let e = 0; e < E; e++) {
    if (!used[e]) continue;
    inc[fill[edgeA[e]]++] = e;
    inc[fill[edgeB[e]]++] = e;
  }
  const stack: number[] = [];
  for (let n = 0; n < nodeCount; n++) if (degree[n] === 1) stack.push(n);
  while (stack.length > 0) {
    const n = stack.pop() as number;
    if (degree[n] !== 1) continue;
    for (let i = incStart[n]; i < incStart[n + 1]; i++) {
      const e = inc[i];
      if (!used[e]) continue;
      used[e] = 0;
      const m = edgeA[e] === n ? edgeB[e] : edgeA[e];
      degree[n]--;
      degree[m]--;
      if (degree[m] === 1) stack.push(m);
      break;
    }
  }
}

/** Outgoing half-edges of each node sorted counter-clockwise by angle (CSR). */
function sortAround(
  nodeCount: number,
  edgeA: Int32Array,
  edgeB: Int32Array,
  used: Uint8Array,
  angle: Float64Array,
  E: number,
): { outStart: Int32Array; outHe: Int32Array } {
  const outStart = new Int32Array(nodeCount + 1);
  for (let e = 0; e < E; e++) {
    if (!used[e]) continue;
    outStart[edgeA[e] + 1]++;
    outStart[edgeB[e] + 1]++;
  }
  for (let n = 0; n < nodeCount; n++) outStart[n + 1] += outStart[n];
  const fill = outStart.slice(0, nodeCount);
  const outHe = new Int32Array(outStart[nodeCount]);
  for (let e = 0; e < E; e++) {
    if (!used[e]) continue;
    outHe[fill[edgeA[e]]++] = 2 * e;
    outHe[fill[edgeB[e]]++] = 2 * e + 1;
  }
  for (let n = 0; n < nodeCount; n++) {
    const s = outStart[n], t = outStart[n + 1];
    // Insertion sort: nodes have few edges.
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
  return { outStart, outHe };
}

/** Connected piece of each node over used edges (union-find). */
function componentsOf(nodeCount: number, edgeA: Int32Array, edgeB: Int32Array, used: Uint8Array): Int32Array {
  const parent = new Int32Array(nodeCount);
  for (let n = 0; n < nodeCount; n++) parent[n] = n;
  const find = (n: number): number => {
    while (parent[n] !== n) {
      parent[n] = parent[parent[n]];
      n = parent[n];
    }
    return n;
  };
  for (let e = 0; e < edgeA.length; e++) {
    if (!used[e]) continue;
    const a = find(edgeA[e]), b = find(edgeB[e]);
    if (a !== b) parent[a] = b;
  }
  for (let n = 0; n < nodeCount; n++) parent[n] = find(n);
  return parent;
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
    const u = h & 1 ? edgeB[e] : edgeA[e], v = h & 1 ? edgeA[e] : edgeB[e];
    const x1 = nodeX[u], y1 = nodeY[u], x2 = nodeX[v], y2 = nodeY[v];
    if (y1 <= py) {
      if (y2 > py && (x2 - x1) * (py - y1) - (px - x1) * (y2 - y1) > 0) w++;
    } else if (y2 <= py && (x2 - x1) * (py - y1) - (px - x1) * (y2 - y1) < 0) w--;
    h = heNext[h];
  } while (h !== h0);
  return w;
}
