import Database from 'better-sqlite3';
import { decodeGpkgGeometry } from '../../../shared/geo/gpkg-geometry.js';
import { ParcelSetBuilder, type ParcelSet } from '../../../shared/topology/parcel-set.js';
import type { AreaGeometry } from '../../../shared/geo/geometry.js';

/** Reads polygon features of a GeoPackage layer into a ParcelSet (test helper). */
export function loadLayer(file: string, layer: string, where = '', columns?: { commune?: string; sheet?: string; parcel?: string; landType?: string; area?: string }): ParcelSet {
  const db = new Database(file, { readonly: true });
  try {
    const geomCol = (db.prepare('select column_name from gpkg_geometry_columns where table_name = ?').get(layer) as { column_name: string }).column_name;
    const fidCol = (db.prepare(`select name from pragma_table_info(?) where pk = 1`).get(layer) as { name: string }).name;
    const c = columns ?? {};
    const cols = [c.commune, c.sheet, c.parcel, c.landType, c.area].map((n) => (n ? `"${n}"` : 'null')).join(', ');
    const rows = db.prepare(`select "${fidCol}", "${geomCol}", ${cols} from "${layer}" ${where}`).raw().all() as unknown[][];
    const b = new ParcelSetBuilder();
    for (const [fid, blob, commune, sheet, parcel, landType, area] of rows) {
      const g = blob ? decodeGpkgGeometry(blob as Uint8Array).geometry : null;
      const geom = g && (g.type === 'Polygon' || g.type === 'MultiPolygon') ? (g as AreaGeometry) : null;
      b.add(Number(fid), geom, {
        communeCode: commune as string | null,
        sheetNo: sheet as string | null,
        parcelNo: parcel as string | null,
        landType: landType as string | null,
        areaLegal: area as number | null,
      });
    }
    return b.build();
  } finally {
    db.close();
  }
}
