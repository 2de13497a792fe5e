/**
 * SQL functions the GeoPackage R-tree triggers call (ST_MinX …, ST_IsEmpty). SQLite does not have
 * them; GDAL and QGIS register their own when they open the file, and so must we on every connection,
 * otherwise any insert or geometry update would fail inside the trigger.
 */
import type Database from 'better-sqlite3';
import { decodeGpkgGeometry, extentOf, type DecodedGpkgGeometry } from '../../../shared/geo/gpkg-geometry.js';

// The triggers call four extent functions on the same blob in a row; decode once.
let lastBlob: Uint8Array | null = null;
let lastDecoded: DecodedGpkgGeometry | null = null;

function decodeCached(blob: unknown): DecodedGpkgGeometry | null {
  if (!(blob instanceof Uint8Array)) return null;
  if (blob === lastBlob) return lastDecoded;
  let decoded: DecodedGpkgGeometry | null = null;
  try {
    decoded = decodeGpkgGeometry(blob);
    // Blobs from other writers may omit the header envelope (it is optional in the spec).
    if (!decoded.envelope && decoded.geometry) decoded.envelope = extentOf(decoded.geometry);
  } catch {
    decoded = null;
  }
  lastBlob = blob;
  lastDecoded = decoded;
  return decoded;
}

function extentPart(i: 0 | 1 | 2 | 3) {
  return (blob: unknown): number | null => {
    const d = decodeCached(blob);
    return d?.envelope ? d.envelope[i] : null;
  };
}

export function registerGeoPackageFunctions(db: Database.Database): void {
  const opts = { deterministic: true, varargs: false } as const;
  db.function('ST_MinX', opts, extentPart(0));
  db.function('ST_MinY', opts, extentPart(1));
  db.function('ST_MaxX', opts, extentPart(2));
  db.function('ST_MaxY', opts, extentPart(3));
  db.function('ST_IsEmpty', opts, (blob: unknown) => {
    const d = decodeCached(blob);
    return d === null || d.empty ? 1 : 0;
  });
}
