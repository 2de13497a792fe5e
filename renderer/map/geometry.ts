/**
 * Conversions from the transfer shapes of shared/ipc to OpenLayers geometries. The binary layer
 * pages carry flat coordinate runs with ring offsets, which is how OpenLayers stores geometry too,
 * so a parcel becomes a geometry with one array copy and no per-vertex objects.
 */
import Polygon from 'ol/geom/Polygon.js';
import MultiPolygon from 'ol/geom/MultiPolygon.js';
import type { AreaGeometry } from '../../shared/geo/geometry.js';
import type { ParcelLayerPage } from '../../shared/ipc/parcel-layer-page.js';

/** Copies coords[start … end) into a plain array (OpenLayers' geometries expect number[]). */
function flatCopy(coords: Float64Array, start: number, end: number): number[] {
  const flat = new Array<number>(end - start);
  for (let k = start; k < end; k++) flat[k - start] = coords[k];
  return flat;
}

/** Parcel `i` of a decoded layer page as a Polygon or MultiPolygon; null when it has no geometry. */
export function geometryOfPageParcel(page: ParcelLayerPage, i: number): Polygon | MultiPolygon | null {
  const { polygonStart, ringStart, coordStart, coords } = page;
  const firstPolygon = polygonStart[i];
  const endPolygon = polygonStart[i + 1];
  if (firstPolygon === endPolygon) return null;
  const start = coordStart[ringStart[firstPolygon]];
  const flat = flatCopy(coords, start, coordStart[ringStart[endPolygon]]);
  if (endPolygon - firstPolygon === 1) {
    const ends: number[] = [];
    for (let r = ringStart[firstPolygon]; r < ringStart[firstPolygon + 1]; r++) ends.push(coordStart[r + 1] - start);
    return new Polygon(flat, 'XY', ends);
  }
  const endss: number[][] = [];
  for (let p = firstPolygon; p < endPolygon; p++) {
    const ends: number[] = [];
    for (let r = ringStart[p]; r < ringStart[p + 1]; r++) ends.push(coordStart[r + 1] - start);
    endss.push(ends);
  }
  return new MultiPolygon(flat, 'XY', endss);
}

/** A parcel geometry as returned by getParcel (GeoJSON nesting). */
export function geometryFromArea(geometry: AreaGeometry | null): Polygon | MultiPolygon | null {
  if (!geometry) return null;
  if (geometry.type === 'Polygon') return new Polygon(geometry.coordinates);
  return new MultiPolygon(geometry.coordinates);
}
