/**
 * Regions of the planar graph: a set of faces dissolved into polygons (shared inner edges
 * dropped), plus the measures a finding needs (area, perimeter, a point inside).
 */
import type { PolygonCoords, Position, Ring } from '../geo/geometry.js';
import type { PlanarGraph } from './planar-graph.js';

/** Faces of the graph that hold nested pieces: face cycle → outside cycles of the nested pieces. */
export function nestedCycles(g: PlanarGraph): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (let c = 0; c < g.cycleCount; c++) {
    if (!g.cycleIsOuter[c] || g.cycleFace[c] < 0) continue;
    const f = g.cycleFace[c];
    const list = out.get(f);
    if (list) list.push(c);
    else out.set(f, [c]);
  }
  return out;
}

/** Area of a bounded face: its cycle minus the pieces nested in it. */
export function faceArea(g: PlanarGraph, face: number, nested: Map<number, number[]>): number {
  let a = g.cycleArea[face];
  for (const c of nested.get(face) ?? []) a += g.cycleArea[c];
  return a;
}

/**
 * Dissolves the given faces into polygons. `inRegion(face)` must be true exactly for those faces.
 * Shells come out counter-clockwise, holes clockwise, every ring closed.
 */
export function dissolveFaces(
  g: PlanarGraph,
  faces: readonly number[],
  inRegion: (face: number) => boolean,
  nested: Map<number, number[]>,
): PolygonCoords[] {
  const { heNext, heCycle, cycleFace, cycleStart, edgeA, edgeB, nodeX, nodeY } = g;
  const faceOfHe = (h: number): number => cycleFace[heCycle[h]];
  const isIn = (h: number): boolean => {
    const f = faceOfHe(h);
    return f >= 0 && inRegion(f);
  };
  const used = new Set<number>();
  const rings: Ring[] = [];
  const visitCycle = (c: number): void => {
    const h0 = cycleStart[c];
    let h = h0;
    do {
      if (!used.has(h) && !isIn(h ^ 1)) {
        const ring: Position[] = [];
        const start = h;
        let cur = h;
        let guard = 0;
        do {
          used.add(cur);
          const n = cur & 1 ? edgeB[cur >> 1] : edgeA[cur >> 1];
          ring.push([nodeX[n], nodeY[n]]);
          let nx = heNext[cur];
          while (isIn(nx ^ 1) && guard++ < 1e7) nx = heNext[nx ^ 1];
          cur = nx;
        } while (cur !== start && !used.has(cur) && guard++ < 1e7);
        ring.push([ring[0][0], ring[0][1]]);
        if (ring.length >= 4) rings.push(ring);
      }
      h = heNext[h];
    } while (h !== h0);
  };
  for (const f of faces) {
    visitCycle(f);
    for (const c of nested.get(f) ?? []) visitCycle(c);
  }
  return assemblePolygons(rings);
}

/** Signed area of a closed ring (counter-clockwise positive). */
export function ringArea(ring: Ring): number {
  if (ring.length < 4) return 0;
  const ox = ring[0][0], oy = ring[0][1];
  let a = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    a += (ring[i][0] - ox) * (ring[i + 1][1] - oy) - (ring[i + 1][0] - ox) * (ring[i][1] - oy);
  }
  return a / 2;
}

export function ringPerimeter(ring: Ring): number {
  let len = 0;
  for (let i = 0; i < ring.length - 1; i++) len += Math.hypot(ring[i + 1][0] - ring[i][0], ring[i + 1][1] - ring[i][1]);
  return len;
}

/** Area of a polygon given as shell + holes (holes may be in either orientation). */
export function polygonArea(poly: PolygonCoords): number {
  let a = 0;
  poly.forEach((ring, i) => {
    const r = Math.abs(ringArea(ring));
    a += i === 0 ? r : -r;
  });
  return a;
}

export function polygonPerimeter(poly: PolygonCoords): number {
  let p = 0;
  for (const ring of poly) p += ringPerimeter(ring);
  return p;
}

function windingOfRing(ring: Ring, px: number, py: number): number {
  let w = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const x1 = ring[i][0], y1 = ring[i][1], x2 = ring[i + 1][0], y2 = ring[i + 1][1];
    if (y1 <= py) {
      if (y2 > py && (x2 - x1) * (py - y1) - (px - x1) * (y2 - y1) > 0) w++;
    } else if (y2 <= py && (x2 - x1) * (py - y1) - (px - x1) * (y2 - y1) < 0) w--;
  }
  return w;
}

/** Groups shells (positive area) and holes (negative area) into polygons. */
export function assemblePolygons(rings: Ring[]): PolygonCoords[] {
  const shells: { ring: Ring; area: number; holes: Ring[] }[] = [];
  const holes: Ring[] = [];
  for (const r of rings) {
    const a = ringArea(r);
    if (a > 0) shells.push({ ring: r, area: a, holes: [] });
    else if (a < 0) holes.push(r);
  }
  if (shells.length === 0) return [];
  for (const h of holes) {
    let target = shells[0];
    if (shells.length > 1) {
      const hArea = -ringArea(h);
      const [px, py] = interiorPoint([h]);
      let best: (typeof shells)[number] | null = null;
      for (const s of shells) {
        if (s.area <= hArea) continue;
        if (windingOfRing(s.ring, px, py) === 0) continue;
        if (!best || s.area < best.area) best = s;
      }
      if (!best) continue;
      target = best;
    }
    target.holes.push(h);
  }
  return shells.map((s) => [s.ring, ...s.holes]);
}

/**
 * A point inside the polygon (not on its boundary), JTS-style: the middle of the widest interval
 * cut by a horizontal line through the middle of the shell's extent.
 */
export function interiorPoint(poly: PolygonCoords): Position {
  const shell = poly[0];
  let y0 = Infinity, y1 = -Infinity;
  for (const p of shell) {
    if (p[1] < y0) y0 = p[1];
    if (p[1] > y1) y1 = p[1];
  }
  // Use a line between vertex heights so that no vertex lies on it.
  const mid = (y0 + y1) / 2;
  let below = y0, above = y1;
  for (const ring of poly) {
    for (const p of ring) {
      if (p[1] <= mid && p[1] > below) below = p[1];
      if (p[1] > mid && p[1] < above) above = p[1];
    }
  }
  const y = below === above ? mid : (below + above) / 2;
  const xs: number[] = [];
  for (const ring of poly) {
    for (let i = 0; i < ring.length - 1; i++) {
      const [ax, ay] = ring[i];
      const [bx, by] = ring[i + 1];
      if ((ay <= y && by > y) || (by <= y && ay > y)) xs.push(ax + ((y - ay) / (by - ay)) * (bx - ax));
    }
  }
  xs.sort((a, b) => a - b);
  let bestW = -1, bx = shell[0][0];
  for (let i = 0; i + 1 < xs.length; i += 2) {
    const w = xs[i + 1] - xs[i];
    if (w > bestW) {
      bestW = w;
      bx = (xs[i] + xs[i + 1]) / 2;
    }
  }
  return bestW < 0 ? [shell[0][0], shell[0][1]] : [bx, y];
}
