/**
 * Reading a project's parcels into the topology engine's flat {@link ParcelSet}: rows are streamed
 * in fid order (no 100k-row array in memory), GeoPackage blobs decoded one by one.
 */
import type Database from 'better-sqlite3';
import { CancelledError } from '../../../shared/errors.js';
import type { AreaGeometry } from '../../../shared/geo/geometry.js';
import { ParcelSetBuilder, type ParcelSet, type ParcelSetAttrInput } from '../../../shared/topology/parcel-set.js';
import { decodeParcelGeometry } from '../project/parcel-repository.js';
import { GEOM_COLUMN, PARCELS_TABLE } from '../project/schema.js';

/** The parcel columns the validation rules read. */
export const VALIDATION_COLUMNS = `fid, ${GEOM_COLUMN} AS geom, commune_code, sheet_no, parcel_no, land_type, area_legal`;

export interface ValidationRow {
  fid: number;
  geom: Uint8Array | null;
  commune_code: string | null;
  sheet_no: string | null;
  parcel_no: string | null;
  land_type: string | null;
  area_legal: number | null;
}

/** One parcel as the validation sees it. */
export interface ValidationParcel {
  fid: number;
  geometry: AreaGeometry | null;
  attrs: ParcelSetAttrInput;
}

/**
 * A damaged blob must not stop a validation of 100k parcels: the parcel is kept without geometry,
 * so `empty-geometry` reports it and the technician can find it.
 */
function safeGeometry(blob: Uint8Array | null): AreaGeometry | null {
  try {
    return decodeParcelGeometry(blob);
  } catch {
    return null;
  }
}

export function rowToParcel(row: ValidationRow): ValidationParcel {
  return {
    fid: row.fid,
    geometry: safeGeometry(row.geom),
    attrs: {
      communeCode: row.commune_code,
      sheetNo: row.sheet_no,
      parcelNo: row.parcel_no,
      landType: row.land_type,
      areaLegal: row.area_legal,
    },
  };
}

/** Progress callback: parcels read so far of the total. */
export type LoadProgress = (done: number, total: number) => void;

/** Every parcel of the project, in fid order. `shouldCancel` is polled every few thousand rows. */
export function loadParcelSet(
  db: Database.Database,
  options: { onProgress?: LoadProgress; shouldCancel?: () => boolean } = {},
): ParcelSet {
  const total = (db.prepare(`SELECT count(*) AS n FROM ${PARCELS_TABLE}`).get() as { n: number }).n;
  const builder = new ParcelSetBuilder();
  const rows = db.prepare(`SELECT ${VALIDATION_COLUMNS} FROM ${PARCELS_TABLE} ORDER BY fid`).iterate() as IterableIterator<ValidationRow>;
  let n = 0;
  for (const row of rows) {
    const p = rowToParcel(row);
    builder.add(p.fid, p.geometry, p.attrs);
    if (++n % 5000 === 0) {
      options.onProgress?.(n, total);
      if (options.shouldCancel?.()) {
        rows.return?.();
        throw new CancelledError();
      }
    }
  }
  options.onProgress?.(n, total);
  return builder.build();
}

/** The current state of some parcels (missing fids were deleted). */
export function readParcels(db: Database.Database, fids: readonly number[]): Map<number, ValidationParcel> {
  const stmt = db.prepare(`SELECT ${VALIDATION_COLUMNS} FROM ${PARCELS_TABLE} WHERE fid = ?`);
  const out = new Map<number, ValidationParcel>();
  for (const fid of fids) {
    const row = stmt.get(fid) as ValidationRow | undefined;
    if (row) out.set(fid, rowToParcel(row));
  }
  return out;
}
