/**
 * Coverage errors read off the planar graph: overlaps (faces covered by 2+ parcels, merged per
 * parcel pair), gaps (bounded faces covered by no parcel, merged per connected region) and
 * near-misses (snaps of one parcel's vertex onto another parcel, and any overlap/gap piece whose
 * mean width 2·area/perimeter is under the tolerance).
 */
import type { PolygonCoords, Position } from '../geo/geometry.js';
import type { PlanarGraph } from './planar-graph.js';
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

/** Extracts overlaps, gaps and near-misses from a built graph. */
export function findCoverageErrors(g: PlanarGraph, tolerance: number): CoverageErrors {
  const nested = nestedCycles(g);
  const { cycleCount: C, cycleIsOuter, cycleCoverage, coverages, cycleArea } = g;
  const nearByPair = new Map<number, NearMissPair>();
  const pairKey = (a: number, b: number): number => a * 4294967296 + b;
  const addNear = (a: number, b: number, d: number, x: number, y: number): void => {
    if (a === b) return;
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

  // Overlap faces, grouped by parcel pair.
  const pairFaces = new Map<number, number[]>();
  const gapFaces: number[] = [];
  for (let c = 0; c < C; c++) {
    if (cycleIsOuter[c] || cycleArea[c] <= 0) continue;
    const cov = coverages[cycleCoverage[c]];
    if (cov.length === 1) continue;
    if (faceArea(g, c, nested) <= 0) continue;
    if (cov.length === 0) {
      gapFaces.push(c);
      continue;
    }
    for (let i = 0; i < cov.length; i++) {
      for (let j = i + 1; j < cov.length; j++) {
        const k = pairKey(cov[i], cov[j]);
        const list = pairFaces.get(k);
        if (list) list.push(c);
        else pairFaces.set(k, [c]);
      }
    }
  }

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
  if (gapFaces.length > 0) {
    const isGap = new Uint8Array(C);
    for (const f of gapFaces) isGap[f] = 1;
    const parent = new Map<number, number>();
    for (const f of gapFaces) parent.set(f, f);
    const find = (f: number): number => {
      let r = f;
      while (parent.get(r) !== r) r = parent.get(r)!;
      parent.set(f, r);
      return r;
    };
    for (const f of gapFaces) {
      const h0 = g.cycleStart[f];
      let h = h0;
      do {
        const t = g.cycleFace[g.heCycle[h ^ 1]];
        if (t >= 0 && isGap[t]) {
          const ra = find(f), rb = find(t);
          if (ra !== rb) parent.set(ra, rb);
        }
        h = g.heNext[h];
      } while (h !== h0);
    }
    const groups = new Map<number, number[]>();
    for (const f of gapFaces) {
      const r = find(f);
      const list = groups.get(r);
      if (list) list.push(f);
      else groups.set(r, [f]);
    }
    for (const faces of groups.values()) {
      const s = stamp++;
      for (const f of faces) mark[f] = s;
      const polys = dissolveFaces(g, faces, (f) => mark[f] === s, nested);
      const parts = pieces(polys);
      const area = parts.reduce((t, p) => t + p.area, 0);
      if (area < MIN_REGION_AREA) continue;
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
            border.set(p, (border.get(p) ?? 0) + len);
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
        const ranked = [...border.entries()].sort((x, y) => y[1] - x[1]);
        if (ranked.length >= 2) addNear(ranked[0][0], ranked[1][0], width, location[0], location[1]);
        continue;
      }
      gaps.push({
        parcels: [...border.keys()].sort((x, y) => x - y),
        polygon: polys,
        area,
        width,
        location,
      });
    }
  }

  const nearMisses = [...nearByPair.values()].sort((p, q) => p.a - q.a || p.b - q.b);
  overlaps.sort((p, q) => p.a - q.a || p.b - q.b);
  return { overlaps, gaps, nearMisses };
}
