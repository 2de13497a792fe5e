/**
 * Conversions from the transfer shapes of shared/ipc to OpenLayers geometries. The binary layer
 * pages carry flat coordinate runs with ring offsets, which is how OpenLayers stores geometry too,
 * so a parcel becomes a geometry with one array copy and no per-vertex objects.
 */
import Polygon from 'ol/geom/Polygon.js';
import MultiPolygon from 'ol/geom/MultiPolygon.js';
import RenderFeature, { toGeometry } from 'ol/render/Feature.js';
import type { AreaGeometry } from '../../shared/geo/geometry.js';
import type { ParcelLayerPage } from '../../shared/ipc/parcel-layer-page.js';

/** Copies coords[start … end) into a plain array (OpenLayers' geometries expect number[]). */
function flatCopy(coords: Float64Array, start: number, end: number): number[] {
  const flat = new Array<number>(end - start);
  for (let k = start; k < end; k++) flat[k - start] = coords[k];
  return flat;
}

/** A parcel geometry as returned by getParcel (GeoJSON nesting). */
export function geometryFromArea(geometry: AreaGeometry | null): Polygon | MultiPolygon | null {
  if (!geometry) return null;
  if (geometry.type === 'Polygon') return new Polygon(geometry.coordinates);
  return new MultiPolygon(geometry.coordinates);
}

/** Twice the signed area of ring flat[start … end) (x, y pairs; closed or not). */
function ringArea2(flat: number[], start: number, end: number): number {
  let s = 0;
  for (let k = start; k < end - 2; k += 2) s += flat[k] * flat[k + 3] - flat[k + 2] * flat[k + 1];
  if (end - start >= 4) s += flat[end - 2] * flat[start + 1] - flat[start] * flat[end - 1];
  return s;
}

/** Reverses the x, y pairs of flat[start … end) in place. */
function reverseRing(flat: number[], start: number, end: number): void {
  for (let a = start, b = end - 2; a < b; a += 2, b -= 2) {
    const x = flat[a], y = flat[a + 1];
    flat[a] = flat[b];
    flat[a + 1] = flat[b + 1];
    flat[b] = x;
    flat[b + 1] = y;
  }
}

/**
 * A parcel for the bulk layer as one lightweight `RenderFeature` (no listeners, no geometry
 * object): opening 100k parcels made ~25 objects per OpenLayers Feature and spent most of its time
 * creating and collecting them (docs/ui.md, "Render path"). A RenderFeature of type Polygon holds
 * every ring of a multipolygon; OpenLayers tells shells from holes by orientation, so the copy is
 * oriented here — shells counter-clockwise, holes clockwise — whatever the stored order. The
 * stored geometry is untouched.
 *
 * `rings` lists [isShell, start, end) runs over `flat`, which is modified in place.
 */
function orientedRenderFeature(flat: number[], rings: Array<[boolean, number, number]>, properties: Record<string, unknown>, id: number): RenderFeature {
  const ends: number[] = [];
  for (const [shell, start, end] of rings) {
    const area = ringArea2(flat, start, end);
    if ((shell && area < 0) || (!shell && area > 0)) reverseRing(flat, start, end);
    ends.push(end);
  }
  return new RenderFeature('Polygon', flat, ends, 2, properties, id);
}

/** Parcel `i` of a decoded layer page as a RenderFeature; null when it has no geometry. */
export function renderFeatureOfPageParcel(page: ParcelLayerPage, i: number, properties: Record<string, unknown>, id: number): RenderFeature | null {
  const { polygonStart, ringStart, coordStart, coords } = page;
  const firstPolygon = polygonStart[i];
  const endPolygon = polygonStart[i + 1];
  if (firstPolygon === endPolygon) return null;
  const start = coordStart[ringStart[firstPolygon]];
  const flat = flatCopy(coords, start, coordStart[ringStart[endPolygon]]);
  const rings: Array<[boolean, number, number]> = [];
  for (let p = firstPolygon; p < endPolygon; p++) {
    for (let r = ringStart[p]; r < ringStart[p + 1]; r++) rings.push([r === ringStart[p], coordStart[r] - start, coordStart[r + 1] - start]);
  }
  return orientedRenderFeature(flat, rings, properties, id);
}

/** An OpenLayers Polygon/MultiPolygon as a RenderFeature of the bulk layer (after an edit). */
export function renderFeatureOfGeometry(geometry: Polygon | MultiPolygon, properties: Record<string, unknown>, id: number): RenderFeature {
  const flat = geometry.getFlatCoordinates().slice();
  const endss = geometry instanceof Polygon ? [geometry.getEnds()] : geometry.getEndss();
  const rings: Array<[boolean, number, number]> = [];
  let start = 0;
  for (const ends of endss) {
    ends.forEach((end, k) => {
      rings.push([k === 0, start, end]);
      start = end;
    });
  }
  return orientedRenderFeature(flat, rings, properties, id);
}

/** The bulk layer's parcel back as a Polygon or MultiPolygon (picking, selection, zooming). */
export function geometryOfRenderFeature(feature: RenderFeature): Polygon | MultiPolygon | null {
  const g = toGeometry(feature);
  return g instanceof Polygon || g instanceof MultiPolygon ? g : null;
}
