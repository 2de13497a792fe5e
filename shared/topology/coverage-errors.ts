/**
 * Coverage errors read off the planar graph: overlaps (faces covered by 2+ parcels, merged per
 * parcel pair), gaps (bounded faces covered by no parcel, merged per connected region) and
 * near-misses (snaps of one parcel's vertex onto another parcel, and any overlap/gap piece whose
 * mean width 2·area/perimeter is under the tolerance).
 */
import type { Extent, PolygonCoords, Position } from '../geo/geometry.js';
import { parcelCount, type PlanarGraph } from './planar-graph.js';
import { dissolveFaces, faceArea, interiorPoint, nestedCycles, polygonArea, polygonPerimeter } from './regions.js';

/** Faces smaller than this (m²) are floating-point debris, never findings. */
export const MIN_REGION_AREA = 1e-8;

export interface OverlapRegion {
  /** Parcel indices (not fids), a < b. */
  a: number;
  b: number;
  polygons: PolygonCoords[];
  area: number;
  /** Mean width 2·area/perimeter of the widest piece. */
  width: number;
  location: Position;
}

export interface GapRegion {
  /** Parcel indices bordering the gap, ascending. */
  parcels: number[];
  polygon: PolygonCoords[];
  area: number;
  width: number;
  location: Position;
  /**
   * True for uncovered land inside the commune boundary that is open to the outside of the parcel
   * set (a notch along the boundary): found only when a boundary is loaded.
   */
  alongBoundary?: boolean;
}

export interface NearMissPair {
  a: number;
  b: number;
  /** Largest snap distance or narrow-region width seen for this pair (m). */
  distance: number;
  location: Position;
  /** How many snapped vertices / narrow pieces were seen. */
  count: number;
}

export interface CoverageErrors {
  overlaps: OverlapRegion[];
  gaps: GapRegion[];
  nearMisses: NearMissPair[];
}

interface Piece {
  poly: PolygonCoords;
  area: number;
  width: number;
}

function pieces(polys: PolygonCoords[]): Piece[] {
  return polys.map((poly) => {
    const area = polygonArea(poly);
    const per = polygonPerimeter(poly);
    return { poly, area, width: per > 0 ? (2 * area) / per : 0 };
  });
}

export interface CoverageOptions {
  /**
   * Parcels from this index on are the commune boundary appended as constraints (see
   * PlanarGraphOptions.constraintFrom): uncovered land inside it is a gap even where it is open to
   * the outside; they are never named in findings.
   */
  constraintFrom?: number;
  /**
   * Only where the parcel set is complete (an incremental check's neighbourhood): gaps along the
   * boundary reaching outside this box are not reported, since parcels beyond it are missing.
   */
  completeWithin?: Extent;
  /**
   * True for a point in a hole of the boundary (an enclave of another commune): uncovered land
   * there is not this commune's gap, even when parcels enclose it.
   */
  inBoundaryHole?: (x: number, y: number) => boolean;
}

/** Extracts overlaps, gaps and near-misses from a built graph. */
export function findCoverageErrors(g: PlanarGraph, tolerance: number, options: CoverageOptions = {}): CoverageErrors {
  const constraintFrom = options.constraintFrom ?? Infinity;
  const withBoundary = options.constraintFrom !== undefined;
  const nested = nestedCycles(g);
  const C = g.cycleCount;
  const nearByPair = new Map<number, NearMissPair>();
  const pairKey = (a: number, b: number): number => a * 4294967296 + b;
  const addNear = (a: number, b: number, d: number, x: number, y: number): void => {
    if (a === b || a >= constraintFrom || b >= constraintFrom) return;
    if (a > b) [a, b] = [b, a];
    const k = pairKey(a, b);
    const cur = nearByPair.get(k);
    if (!cur) nearByPair.set(k, { a, b, distance: d, location: [x, y], count: 1 });
    else {
      cur.count++;
      if (d > cur.distance) {
        cur.distance = d;
        cur.location = [x, y];
      }
    }
  };
  const nm = g.nearMiss;
  for (let i = 0; i < nm.count; i++) addNear(nm.parcelA[i], nm.parcelB[i], nm.distance[i], nm.x[i], nm.y[i]);

  // Overlap faces, grouped by parcel pair; gap faces.
  const { pairFaces, gapFaces, uncovered } = classifyFaces(g, nested, constraintFrom, withBoundary);

  const overlaps: OverlapRegion[] = [];
  const mark = new Int32Array(C).fill(-1);
  let stamp = 0;
  for (const [k, faces] of pairFaces) {
    const a = Math.floor(k / 4294967296), b = k - a * 4294967296;
    const s = stamp++;
    for (const f of faces) mark[f] = s;
    const parts = pieces(dissolveFaces(g, faces, (f) => mark[f] === s, nested));
    const keep: Piece[] = [];
    for (const p of parts) {
      if (p.area < MIN_REGION_AREA) continue;
      if (tolerance > 0 && p.width < tolerance) {
        const [x, y] = interiorPoint(p.poly);
        addNear(a, b, p.width, x, y);
      } else keep.push(p);
    }
    if (keep.length === 0) continue;
    keep.sort((p, q) => q.area - p.area);
    overlaps.push({
      a,
      b,
      polygons: keep.map((p) => p.poly),
      area: keep.reduce((t, p) => t + p.area, 0),
      width: Math.max(...keep.map((p) => p.width)),
      location: interiorPoint(keep[0].poly),
    });
  }

  // Gap faces, merged across edges that have an empty face on both sides.
  const gaps: GapRegion[] = [];
  /** Faces connected through edges with a face of `member` on both sides; `open` = touches the unbounded face. */
  const groupFaces = (faces: readonly number[], member: (f: number) => boolean): { faces: number[]; open: boolean }[] => {
    const parent = new Map<number, number>();
    for (const f of faces) parent.set(f, f);
    const find = (f: number): number => {
      let r = f;
      while (parent.get(r) !== r) r = parent.get(r)!;
      parent.set(f, r);
      return r;
    };
    const openRoots = new Set<number>();
    const opened: number[] = [];
    for (const f of faces) {
      const h0 = g.cycleStart[f];
      let h = h0;
      do {
        const t = g.cycleFace[g.heCycle[h ^ 1]];
        if (t >= 0 && member(t)) {
          const ra = find(f), rb = find(t);
          if (ra !== rb) parent.set(ra, rb);
        } else if (t < 0) opened.push(f);
        h = g.heNext[h];
      } while (h !== h0);
    }
    for (const f of opened) openRoots.add(find(f));
    const groups = new Map<number, number[]>();
    for (const f of faces) {
      const r = find(f);
      const list = groups.get(r);
      if (list) list.push(f);
      else groups.set(r, [f]);
    }
    return [...groups].map(([r, list]) => ({ faces: list, open: openRoots.has(r) }));
  };
  const emitGap = (faces: readonly number[], alongBoundary: boolean): void => {
    const s = stamp++;
    for (const f of faces) mark[f] = s;
    const polys = dissolveFaces(g, faces, (f) => mark[f] === s, nested);
    const parts = pieces(polys);
    const area = parts.reduce((t, p) => t + p.area, 0);
    if (area < MIN_REGION_AREA) return;
    // Bordering parcels, with the boundary length each one contributes.
    const border = new Map<number, number>();
    const collect = (c: number): void => {
      const h0 = g.cycleStart[c];
      let h = h0;
      do {
        const e = h >> 1;
        const len = Math.hypot(g.nodeX[g.edgeB[e]] - g.nodeX[g.edgeA[e]], g.nodeY[g.edgeB[e]] - g.nodeY[g.edgeA[e]]);
        for (let u = g.useHead[e]; u !== -1; u = g.useNext[u]) {
          const p = g.ringParcel[g.useRing[u]];
          if (p < constraintFrom) border.set(p, (border.get(p) ?? 0) + len);
        }
        h = g.heNext[h];
      } while (h !== h0);
    };
    for (const f of faces) {
      collect(f);
      for (const c of nested.get(f) ?? []) collect(c);
    }
    const width = Math.max(0, ...parts.map((p) => p.width));
    const biggest = parts.slice().sort((p, q) => q.area - p.area)[0];
    const location = biggest ? interiorPoint(biggest.poly) : ([0, 0] as Position);
    if (tolerance > 0 && width < tolerance) {
      // A thin strip between two parcels is their near-miss; one along the boundary line is noise.
      if (alongBoundary) return;
      const ranked = [...border.entries()].sort((x, y) => y[1] - x[1]);
      if (ranked.length >= 2) addNear(ranked[0][0], ranked[1][0], width, location[0], location[1]);
      return;
    }
    if (alongBoundary && options.completeWithin && !insideExtent(polys, options.completeWithin)) return;
    const gap: GapRegion = { parcels: [...border.keys()].sort((x, y) => x - y), polygon: polys, area, width, location };
    if (alongBoundary) gap.alongBoundary = true;
    gaps.push(gap);
  };
  if (gapFaces.length > 0 && !uncovered) {
    const isGap = new Uint8Array(C);
    for (const f of gapFaces) isGap[f] = 1;
    for (const group of groupFaces(gapFaces, (f) => isGap[f] === 1)) emitGap(group.faces, false);
  } else if (gapFaces.length > 0 && uncovered) {
    // Uncovered land enclosed by parcels is a gap wherever it lies (as without a boundary); land
    // open to the outside is a gap only for its parts inside the boundary.
    // open to the outside is a gap only for its parts inside the boundary; land in a hole of the
    // boundary (an enclave) is never one.
    const inHole = options.inBoundaryHole;
    for (const group of groupFaces(gapFaces, (f) => uncovered[f] !== 0)) {
      const keep = group.faces.filter((f) => uncovered[f] === 2 || (!group.open && !(inHole && inHole(...faceInnerPoint(g, f, nested)))));
      if (keep.length === 0) continue;
      if (!group.open && keep.length === group.faces.length) {
        emitGap(group.faces, false);
        continue;
      }
      const inKeep = new Set(keep);
      for (const sub of groupFaces(keep, (f) => inKeep.has(f))) emitGap(sub.faces, group.open);
    }
  }

  const nearMisses = [...nearByPair.values()].sort((p, q) => p.a - q.a || p.b - q.b);
  overlaps.sort((p, q) => p.a - q.a || p.b - q.b);
  return { overlaps, gaps, nearMisses };
}

/**
 * Faces that make findings: overlap faces grouped by parcel pair (key a·2³² + b), gap faces, and
 * with a boundary which uncovered faces lie inside it (1 = uncovered, 2 = uncovered but inside
 * the boundary). A function of its own: it is the one loop over every face of the graph.
 */
function classifyFaces(
  g: PlanarGraph,
  nested: Map<number, number[]>,
  constraintFrom: number,
  withBoundary: boolean,
): { pairFaces: Map<number, number[]>; gapFaces: number[]; uncovered: Uint8Array | null } {
  const { cycleCount: C, cycleIsOuter, cycleCoverage, coverages, cycleArea } = g;
  const pairFaces = new Map<number, number[]>();
  const gapFaces: number[] = [];
  const uncovered = withBoundary ? new Uint8Array(C) : null;
  for (let c = 0; c < C; c++) {
    if (cycleIsOuter[c] || cycleArea[c] <= 0) continue;
    const cov = coverages[cycleCoverage[c]];
    const n = withBoundary ? parcelCount(cov, constraintFrom) : cov.length;
    if (n === 1) continue;
    if (faceArea(g, c, nested) <= 0) continue;
    if (n === 0) {
      gapFaces.push(c);
      if (uncovered) uncovered[c] = cov.length > 0 ? 2 : 1;
      continue;
    }
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const k = cov[i] * 4294967296 + cov[j];
        const list = pairFaces.get(k);
        if (list) list.push(c);
        else pairFaces.set(k, [c]);
      }
    }
  }
  return { pairFaces, gapFaces, uncovered };
}

/** True when every vertex of the polygons lies strictly inside the extent. */
function insideExtent(polys: readonly PolygonCoords[], e: Extent): boolean {
  for (const poly of polys) {
    for (const ring of poly) {
      for (const [x, y] of ring) if (!(x > e[0] && x < e[2] && y > e[1] && y < e[3])) return false;
    }
  }
  return true;
}

/** A point inside a face (not inside the pieces nested in it). */
function faceInnerPoint(g: PlanarGraph, face: number, nested: Map<number, number[]>): Position {
  const ringOf = (c: number): Position[] => {
    const ring: Position[] = [];
    const h0 = g.cycleStart[c];
    let h = h0;
    do {
      const n = h & 1 ? g.edgeB[h >> 1] : g.edgeA[h >> 1];
      ring.push([g.nodeX[n], g.nodeY[n]]);
      h = g.heNext[h];
    } while (h !== h0);
    ring.push([ring[0][0], ring[0][1]]);
    return ring;
  };
  return interiorPoint([ringOf(face), ...(nested.get(face) ?? []).map(ringOf)]);
}
