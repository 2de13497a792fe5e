/**
 * Areas the parcels are checked against: sheet frames (khung tờ bản đồ) and the commune boundary
 * (địa giới hành chính xã). They are not parcels: they live in their own project tables
 * (`sheet_frames`, `admin_boundaries`, docs/file-format.md) and feed two rules — `crosses-sheet`
 * (a parcel reaching outside its frame) and `gap` (uncovered land inside the boundary).
 */
import type { AreaGeometry, PolygonCoords } from '../geo/geometry.js';

/** The frame of one map sheet, in the project CRS. */
export interface SheetFrame {
  /** Sheet sequence number within the commune ("tờ số"), compared like parcel sheet numbers ("05" = "5"). */
  sheetNo: string | null;
  communeCode: string | null;
  /** Scale denominator (1000 for 1:1000), when known. */
  scale: number | null;
  /** Sheet code (phiên hiệu mảnh, e.g. `725500-6-d`), when known. */
  sheetCode: string | null;
  polygon: PolygonCoords;
}

/** The boundary of one commune (possibly several parts, with holes for enclaves), in the project CRS. */
export interface CommuneBoundary {
  communeCode: string | null;
  name: string | null;
  polygons: PolygonCoords[];
}

/** What validation checks the parcels against; empty lists switch the checks off. */
export interface ValidationReference {
  frames: SheetFrame[];
  boundaries: CommuneBoundary[];
}

/** What the loader of frames or boundaries reads a file as. */
export const IMPORT_TARGETS = ['parcels', 'sheet-frames', 'commune-boundary'] as const;
export type ImportTarget = (typeof IMPORT_TARGETS)[number];

/**
 * The key sheet numbers are compared by: digits without leading zeros ("05" → "5"), anything else
 * trimmed and lower-cased; null for an empty number.
 */
export function sheetKey(sheetNo: string | number | null | undefined): string | null {
  if (sheetNo === null || sheetNo === undefined) return null;
  const s = String(sheetNo).trim();
  if (s === '') return null;
  return /^\d+$/.test(s) ? String(Number(s)) : s.toLowerCase();
}

/** True when there is nothing to check against (the rules then cost nothing). */
export function isEmptyReference(ref: ValidationReference | null | undefined): boolean {
  return !ref || (ref.frames.length === 0 && ref.boundaries.length === 0);
}

/** One stored sheet frame as the map draws it (one row of `sheet_frames`), in the project CRS. */
export interface SheetFrameFeature {
  fid: number;
  sheetNo: string | null;
  communeCode: string | null;
  scale: number | null;
  sheetCode: string | null;
  /** The file it was loaded from (or the sample's generator label). */
  sourceFile: string;
  geometry: AreaGeometry;
}

/** One stored commune boundary as the map draws it (one row of `admin_boundaries`), in the project CRS. */
export interface CommuneBoundaryFeature {
  fid: number;
  communeCode: string | null;
  name: string | null;
  sourceFile: string;
  geometry: AreaGeometry;
}

/** Everything the map's frame and boundary layers show (both lists empty for a project without them). */
export interface ReferenceAreas {
  frames: SheetFrameFeature[];
  boundaries: CommuneBoundaryFeature[];
}
