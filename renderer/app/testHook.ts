/**
 * A small, read-only handle on the map for the end-to-end tests (tests/e2e): where a parcel is on
 * screen and how many parcels the map holds. It exposes no way to change the project, so it adds no
 * power beyond what the user's own mouse has.
 */
import type OlMap from 'ol/Map.js';
import Polygon from 'ol/geom/Polygon.js';
import MultiPolygon from 'ol/geom/MultiPolygon.js';
import type { ParcelMap } from '../map/ParcelMap.js';
import { geometryOfRenderFeature } from '../map/geometry.js';

export interface ParcelDeskTestHook {
  map: OlMap;
  /** Parcels currently in the bulk layer. */
  loadedParcels(): number;
  /** Screen pixel (relative to the map viewport) of a point inside the parcel, or null. */
  parcelPixel(fid: number): [number, number] | null;
  /** Current view resolution in metres per pixel. */
  resolution(): number | undefined;
}

declare global {
  interface Window {
    __parceldesk?: ParcelDeskTestHook;
  }
}

export function installTestHook(parcelMap: ParcelMap | null): void {
  if (!parcelMap) {
    delete window.__parceldesk;
    return;
  }
  window.__parceldesk = {
    map: parcelMap.map,
    loadedParcels: () => parcelMap.source.getFeatures().length,
    resolution: () => parcelMap.map.getView().getResolution(),
    parcelPixel(fid) {
      const feature = parcelMap.parcelFeature(fid);
      const geometry = feature ? geometryOfRenderFeature(feature) : null;
      let inside: number[] | null = null;
      if (geometry instanceof Polygon) inside = geometry.getInteriorPoint().getCoordinates();
      else if (geometry instanceof MultiPolygon) inside = geometry.getInteriorPoints().getPoint(0)?.getCoordinates() ?? null;
      return inside ? parcelMap.pixelOf([inside[0], inside[1]]) : null;
    },
  };
}
