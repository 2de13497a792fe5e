/**
 * What every import reader (GeoJSON, GeoPackage, Shapefile, DGN/DXF…) hands to the importer:
 * the source's fields, CRS and features, read one at a time so a 100k-parcel file never has to
 * be converted to parcels all at once.
 */
import type { Geometry } from '../../../shared/geo/geometry.js';

/** An attribute value as the source holds it, before field mapping converts it. */
export type FieldValue = string | number | boolean | null;

export interface SourceFeature {
  /** 0-based position of the feature in the source's reading order (used in messages). */
  index: number;
  /** null for a feature without geometry or with a geometry type ParcelDesk does not model. */
  geometry: Geometry | null;
  properties: Record<string, FieldValue>;
  /**
   * True for a record the source marks as deleted but still stores (dBASE '*' flag). Readers
   * still yield it so the importer can skip it *and* say how many it skipped; absent = live.
   */
  deleted?: boolean;
}

export interface FeatureSource {
  file: string; format: string; layer: string; fields: string[]; featureCount: number;
  /** WKT of the source CRS, 'EPSG:NNNN' when known by code, or null when the source carries none. */
  crsWkt: string | null;
  encoding: string | null;
  features(): Iterable<SourceFeature>;
  close(): void;
}
