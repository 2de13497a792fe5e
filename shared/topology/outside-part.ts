/**
 * The part of one polygon lying outside another (a parcel outside its sheet frame), read off a
 * planar graph of the two: the faces covered by the first and not the second. The graph snaps
 * within the tolerance like the coverage check, so a parcel edge running along the frame a few
 * millimetres off becomes the frame edge and leaves nothing outside.
 */
import type { AreaGeometry, PolygonCoords, Position } from '../geo/geometry.js';
import { MIN_REGION_AREA } from './coverage-errors.js';
import { ParcelSetBuilder } from './parcel-set.js';
import { buildPlanarGraph } from './planar-graph.js';
import { dissolveFaces, faceArea, interiorPoint, nestedCycles, polygonArea, polygonPerimeter } from './regions.js';

export interface OutsidePart {
  /** The pieces outside, largest first; each piece's mean width 2·area/perimeter ≥ the tolerance. */
  polygons: PolygonCoords[];
  area: number;
  /** Mean width of the widest piece (m). */
  width: number;
  /** A point inside the largest piece. */
  location: Position;
}

/**
 * What of `subject` lies outside `container`, ignoring pieces narrower than `tolerance` (at
 * tolerance 0, any piece of positive area counts). Null when nothing is outside.
 */
export function outsidePart(subject: AreaGeometry, container: readonly PolygonCoords[], tolerance: number): OutsidePart | null {
  const b = new ParcelSetBuilder();
  b.add(0, subject);
  b.add(1, { type: 'MultiPolygon', coordinates: container as PolygonCoords[] });
  const g = buildPlanarGraph(b.build(), { tolerance });
  const nested = nestedCycles(g);
  const faces: number[] = [];
  for (let c = 0; c < g.cycleCount; c++) {
    if (g.cycleIsOuter[c] || g.cycleArea[c] <= 0) continue;
    const cov = g.coverages[g.cycleCoverage[c]];
    if (cov.length === 1 && cov[0] === 0 && faceArea(g, c, nested) > 0) faces.push(c);
  }
  if (faces.length === 0) return null;
  const inRegion = new Uint8Array(g.cycleCount);
  for (const f of faces) inRegion[f] = 1;
  const pieces = dissolveFaces(g, faces, (f) => inRegion[f] === 1, nested)
    .map((poly) => {
      const area = polygonArea(poly);
      const per = polygonPerimeter(poly);
      return { poly, area, width: per > 0 ? (2 * area) / per : 0 };
    })
    .filter((p) => p.area >= MIN_REGION_AREA && !(tolerance > 0 && p.width < tolerance))
    .sort((p, q) => q.area - p.area);
  if (pieces.length === 0) return null;
  return {
    polygons: pieces.map((p) => p.poly),
    area: pieces.reduce((t, p) => t + p.area, 0),
    width: Math.max(...pieces.map((p) => p.width)),
    location: interiorPoint(pieces[0].poly),
  };
}
