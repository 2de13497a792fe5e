/**
 * Conversions from the transfer shapes of shared/ipc/contract.ts to OpenLayers geometries. The layer
 * pages carry flat ring arrays, which OpenLayers takes directly (no per-vertex objects).
 */
import Polygon from 'ol/geom/Polygon.js';
import MultiPolygon from 'ol/geom/MultiPolygon.js';
import type { AreaGeometry } from '../../shared/geo/geometry.js';

/** One parcel of a ParcelLayerPage: polygons -> rings -> flat [x0, y0, x1, y1, …]. */
export function geometryFromFlatPolygons(polygons: number[][][]): Polygon | MultiPolygon | null {
  if (polygons.length === 0) return null;
  if (polygons.length === 1) {
    const { flat, ends } = flattenRings(polygons[0], 0);
    return new Polygon(flat, 'XY', ends);
  }
  const flat: number[] = [];
  const endss: number[][] = [];
  for (const rings of polygons) {
    const part = flattenRings(rings, flat.length);
    for (let i = 0; i < part.flat.length; i++) flat.push(part.flat[i]);
    endss.push(part.ends);
  }
  return new MultiPolygon(flat, 'XY', endss);
}

function flattenRings(rings: number[][], offset: number): { flat: number[]; ends: number[] } {
  const flat: number[] = [];
  const ends: number[] = [];
  for (const ring of rings) {
    for (let i = 0; i < ring.length; i++) flat.push(ring[i]);
    ends.push(offset + flat.length);
  }
  return { flat, ends };
}

/** A parcel geometry as returned by getParcel (GeoJSON nesting). */
export function geometryFromArea(geometry: AreaGeometry | null): Polygon | MultiPolygon | null {
  if (!geometry) return null;
  if (geometry.type === 'Polygon') return new Polygon(geometry.coordinates);
  return new MultiPolygon(geometry.coordinates);
}
