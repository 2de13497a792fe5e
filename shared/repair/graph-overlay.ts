/**
 * Boolean operations on two shapes through the project's own exact planar graph (the one
 * validation uses): the faces covered by a and/or b, dissolved into polygons. This is the fallback
 * when the JTS overlay gives up on nearly collinear boundaries ("non-noded intersection"); the graph
 * nodes crossings with exact orientation predicates, so it does not.
 */
import { ParcelSetBuilder } from '../topology/parcel-set.js';
import { buildPlanarGraph } from '../topology/planar-graph.js';
import { dissolveFaces, faceArea, nestedCycles } from '../topology/regions.js';
import type { Polygons } from './jsts-ops.js';

export type OverlayKind = 'union' | 'difference' | 'intersection';

export function graphOverlay(a: Polygons, b: Polygons, kind: OverlayKind): Polygons {
  const builder = new ParcelSetBuilder();
  builder.add(0, a.length ? { type: 'MultiPolygon', coordinates: a } : null);
  builder.add(1, b.length ? { type: 'MultiPolygon', coordinates: b } : null);
  const g = buildPlanarGraph(builder.build(), { tolerance: 0 });
  const nested = nestedCycles(g);
  const keep = new Uint8Array(g.cycleCount);
  const faces: number[] = [];
  for (let c = 0; c < g.cycleCount; c++) {
    if (g.cycleIsOuter[c] || g.cycleArea[c] <= 0 || faceArea(g, c, nested) <= 0) continue;
    const cov = g.coverages[g.cycleCoverage[c]];
    const inA = cov.includes(0), inB = cov.includes(1);
    const wanted = kind === 'union' ? inA || inB : kind === 'difference' ? inA && !inB : inA && inB;
    if (!wanted) continue;
    keep[c] = 1;
    faces.push(c);
  }
  return dissolveFaces(g, faces, (f) => keep[f] === 1, nested);
}
