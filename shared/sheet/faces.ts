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
import { cycleBox, cycleWinding, faceCycles, nextHalfEdges, nodeRoots, type FaceCycles } from '../topology/half-edges.js';
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
  let heNext: Int32Array = new Int32Array(2 * E).fill(-1);
  let cycles: FaceCycles = { count: 0, heCycle: new Int32Array(2 * E).fill(-1), area: new Float64Array(0), start: new Int32Array(0) };

  // Bridges only show after the cycles are walked; removing them can expose new dangles, so
  // prune → walk → drop bridges repeats until no bridge is left (each round removes edges).
  for (let round = 0; round <= E; round++) {
    pruneDangles(edgeA, edgeB, used, degree, nodeCount);
    heNext = nextHalfEdges(nodeCount, edgeA, edgeB, nodeX, nodeY, E, used);
    cycles = faceCycles(heNext, edgeA, edgeB, nodeX, nodeY);
    const heCycle = cycles.heCycle;
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

  const C = cycles.count;
  const cycleStart = cycles.start;
  const cycleArea = cycles.area;
  const cycleBoxes = new Float64Array(C * 4);
  for (let c = 0; c < C; c++) cycleBoxes.set(cycleBox(c, cycleStart, heNext, edgeA, edgeB, nodeX, nodeY), 4 * c);

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
  for (let f = 0; f < F; f++) faceBox.set(cycleBoxes.subarray(4 * faceCycle[f], 4 * faceCycle[f] + 4), 4 * f);
  const faceHoles: number[][] = Array.from({ length: F }, () => []);
  const faceArea = new Float64Array(F);
  for (let f = 0; f < F; f++) faceArea[f] = cycleArea[faceCycle[f]];

  // A piece nested in a face: its outside is a hole of the smallest face around one of its nodes
  // (a node of another piece never lies on this face's edges, or the two would be one piece).
  if (F > 0 && outsides.length > 1) {
    const index = new Flatbush(F);
    for (let f = 0; f < F; f++) index.add(faceBox[4 * f], faceBox[4 * f + 1], faceBox[4 * f + 2], faceBox[4 * f + 3]);
    index.finish();
    const heComp = nodeRoots(nodeCount, edgeA, edgeB, edgeA.length, used);
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

