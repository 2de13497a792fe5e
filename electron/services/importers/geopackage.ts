/**
 * GeoPackage reader: one feature table of an OGC GeoPackage as a FeatureSource.
 *
 * The file is opened read-only (a source is never modified, and a GeoPackage on a read-only share
 * still imports). Rows are streamed with a statement iterator in fid order, so the 111k-parcel
 * Đà Nẵng file never sits in memory as a whole; geometry blobs are decoded by the project's own
 * codec (shared/geo/gpkg-geometry.ts), the same one that writes project files.
 */
import type Database from 'better-sqlite3';
import { openDatabase } from '../sqlite.js';
import { statSync } from 'node:fs';
import { UserError } from '../../../shared/errors.js';
import { decodeGpkgGeometry, GeometryBlobError } from '../../../shared/geo/gpkg-geometry.js';
import type { FeatureSource, FieldValue, SourceFeature } from './feature-source.js';

/** A feature table listed in gpkg_contents / gpkg_geometry_columns. */
export interface GeoPackageLayer {
  name: string;
  /** Declared geometry type, upper case as stored: POLYGON, MULTIPOLYGON, GEOMETRY, LINESTRING… */
  geometryType: string;
  geometryColumn: string;
  srsId: number;
}

export interface GeoPackageOptions {
  /** Layer (feature table) to read; default: the only layer, else the first polygon layer. */
  layer?: string;
}

/** Declared types whose features are areas (GeoPackage core and the curve extensions). */
const AREA_TYPES = new Set(['POLYGON', 'MULTIPOLYGON', 'CURVEPOLYGON', 'MULTISURFACE', 'SURFACE']);

type Db = Database.Database;

/** The feature layers of a GeoPackage, in the order gpkg_contents lists them (as ogrinfo does). */
export function listGeoPackageLayers(path: string): GeoPackageLayer[] {
  const db = openDb(path);
  try {
    return readLayers(db, path);
  } finally {
    db.close();
  }
}

/**
 * Opens one feature layer of a GeoPackage for import. Throws UserError naming the file when it is
 * missing ('import.fileNotFound'), not a GeoPackage ('project.notGeoPackage'), damaged
 * ('import.corrupt'), has no such layer ('import.noLayer', with the layers it does have) or no
 * polygon layer to choose ('import.noPolygons').
 */
export function openGeoPackage(path: string, opts: GeoPackageOptions = {}): FeatureSource {
  const file = path;
  const db = openDb(file);
  try {
    const layers = readLayers(db, file);
    const layer = chooseLayer(file, layers, opts.layer);
    const columns = readColumns(db, file, layer);
    const fields = columns.filter((c) => !c.pk && c.name !== layer.geometryColumn);
    const pk = columns.find((c) => c.pk);
    const featureCount = guard(file, () =>
      (db.prepare(`SELECT COUNT(*) AS n FROM ${quote(layer.name)}`).get() as { n: number }).n,
    );
    const crsWkt = readCrs(db, file, layer.srsId);

    const select = [
      pk ? quote(pk.name) : 'NULL',
      quote(layer.geometryColumn),
      ...fields.map((f) => quote(f.name)),
    ].join(', ');
    const sql = `SELECT ${select} FROM ${quote(layer.name)}${pk ? ` ORDER BY ${quote(pk.name)}` : ''}`;
    const stmt = guard(file, () => db.prepare(sql).raw(true));
    const converters = fields.map((f) => converterFor(f.type));
    const active = new Set<Iterator<unknown>>();
    let closed = false;

    return {
      file,
      format: 'GeoPackage',
      layer: layer.name,
      fields: fields.map((f) => f.name),
      featureCount,
      crsWkt,
      encoding: 'UTF-8',
      *features(): Iterable<SourceFeature> {
        if (closed) throw new Error(`GeoPackage source ${file} is closed`);
        const rows = guard(file, () => stmt.iterate()) as IterableIterator<unknown[]>;
        active.add(rows);
        try {
          let index = 0;
          for (;;) {
            const step = guard(file, () => rows.next());
            if (step.done) break;
            const row = step.value;
            const fid = row[0];
            const properties: Record<string, FieldValue> = {};
            for (let k = 0; k < fields.length; k++) {
              properties[fields[k]!.name] = converters[k]!(row[k + 2]);
            }
            yield { index, geometry: decodeBlob(file, fid ?? index, row[1]), properties };
            index++;
          }
        } finally {
          active.delete(rows);
          rows.return?.();
        }
      },
      close(): void {
        if (closed) return;
        closed = true;
        // A half-consumed iterator keeps the connection busy; finish it so close() succeeds.
        for (const it of active) it.return?.();
        active.clear();
        db.close();
      },
    };
  } catch (err) {
    db.close();
    throw err;
  }
}

function openDb(file: string): Db {
  try {
    if (!statSync(file).isFile()) throw new Error('not a file');
  } catch {
    throw new UserError('import.fileNotFound', { file });
  }
  let db: Db;
  try {
    db = openDatabase(file, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new UserError('project.notGeoPackage', { file, detail: sqliteDetail(err) });
  }
  try {
    const tables = db
      .prepare(
        `SELECT name FROM sqlite_master WHERE type IN ('table', 'view')
           AND name IN ('gpkg_contents', 'gpkg_geometry_columns', 'gpkg_spatial_ref_sys')`,
      )
      .pluck()
      .all() as string[];
    const missing = ['gpkg_contents', 'gpkg_geometry_columns', 'gpkg_spatial_ref_sys'].filter(
      (t) => !tables.includes(t),
    );
    if (missing.length) {
      throw new UserError('project.notGeoPackage', {
        file,
        detail: `SQLite database without the GeoPackage table${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`,
      });
    }
  } catch (err) {
    db.close();
    if (err instanceof UserError) throw err;
    // "file is not a database" surfaces on the first query, not on open.
    const code = (err as { code?: string }).code;
    if (code === 'SQLITE_NOTADB') throw new UserError('project.notGeoPackage', { file, detail: sqliteDetail(err) });
    throw new UserError('import.corrupt', { file, detail: sqliteDetail(err) });
  }
  return db;
}

function readLayers(db: Db, file: string): GeoPackageLayer[] {
  return guard(file, () =>
    db
      .prepare(
        `SELECT c.table_name AS name, g.geometry_type_name AS geometryType, g.column_name AS geometryColumn,
                g.srs_id AS srsId
           FROM gpkg_contents c JOIN gpkg_geometry_columns g ON g.table_name = c.table_name
          WHERE c.data_type = 'features'
          ORDER BY c.rowid`,
      )
      .all() as GeoPackageLayer[],
  ).map((l) => ({ ...l, geometryType: String(l.geometryType).toUpperCase() }));
}

function chooseLayer(file: string, layers: GeoPackageLayer[], wanted?: string): GeoPackageLayer {
  const names = layers.map((l) => l.name).join(', ') || '—';
  if (wanted !== undefined && wanted !== '') {
    // GDAL matches layer names without regard to case; so do we, preferring an exact match.
    const hit =
      layers.find((l) => l.name === wanted) ?? layers.find((l) => l.name.toLowerCase() === wanted.toLowerCase());
    if (!hit) throw new UserError('import.noLayer', { file, layer: wanted, layers: names });
    return hit;
  }
  if (layers.length === 1) return layers[0]!;
  const chosen =
    layers.find((l) => AREA_TYPES.has(l.geometryType)) ?? layers.find((l) => l.geometryType === 'GEOMETRY');
  if (!chosen) throw new UserError('import.noPolygons', { file });
  return chosen;
}

interface Column {
  name: string;
  type: string;
  pk: boolean;
}

function readColumns(db: Db, file: string, layer: GeoPackageLayer): Column[] {
  const rows = guard(
    file,
    () => db.prepare(`PRAGMA table_info(${quote(layer.name)})`).all() as { name: string; type: string; pk: number }[],
  );
  if (rows.length === 0) {
    throw new UserError('import.corrupt', { file, detail: `layer ${layer.name} is listed but its table is missing` });
  }
  if (!rows.some((r) => r.name === layer.geometryColumn)) {
    throw new UserError('import.corrupt', {
      file,
      detail: `layer ${layer.name} has no geometry column ${layer.geometryColumn}`,
    });
  }
  // Only a single-column integer key is the feature id; anything else is an ordinary field.
  const pkCount = rows.filter((r) => r.pk > 0).length;
  return rows.map((r) => ({
    name: r.name,
    type: String(r.type ?? '').toUpperCase(),
    pk: pkCount === 1 && r.pk > 0 && /INT/.test(String(r.type ?? '').toUpperCase()),
  }));
}

/** 'EPSG:NNNN' for EPSG-registered systems, else the stored WKT; null for the "undefined" SRSs. */
function readCrs(db: Db, file: string, srsId: number): string | null {
  if (srsId === 0 || srsId === -1) return null;
  const hasWkt2 = guard(file, () =>
    (db.prepare(`PRAGMA table_info(gpkg_spatial_ref_sys)`).all() as { name: string }[]).some(
      (c) => c.name === 'definition_12_063',
    ),
  );
  const row = guard(
    file,
    () =>
      db
        .prepare(
          `SELECT organization, organization_coordsys_id AS code, definition${hasWkt2 ? ', definition_12_063 AS wkt2' : ''}
             FROM gpkg_spatial_ref_sys WHERE srs_id = ?`,
        )
        .get(srsId) as { organization: string | null; code: number | null; definition: string | null; wkt2?: string | null } | undefined,
  );
  if (!row) return null;
  if (String(row.organization ?? '').toUpperCase() === 'EPSG' && Number(row.code) > 0) return `EPSG:${Number(row.code)}`;
  for (const wkt of [row.definition, row.wkt2]) {
    if (wkt && wkt.trim() !== '' && wkt.trim().toLowerCase() !== 'undefined') return wkt.trim();
  }
  return null;
}

function decodeBlob(file: string, fid: unknown, blob: unknown): SourceFeature['geometry'] {
  if (blob === null || blob === undefined) return null;
  if (!(blob instanceof Uint8Array)) {
    throw new UserError('import.badGeometry', { file, feature: `fid ${String(fid)}`, detail: `geometry stored as ${typeof blob}, not a blob` });
  }
  try {
    return decodeGpkgGeometry(blob).geometry;
  } catch (err) {
    if (err instanceof GeometryBlobError || err instanceof RangeError) {
      throw new UserError('import.badGeometry', { file, feature: `fid ${String(fid)}`, detail: err.message });
    }
    throw err;
  }
}

/** Per-column conversion of SQLite values to FieldValue; BOOLEAN columns hold 0/1. */
function converterFor(type: string): (v: unknown) => FieldValue {
  if (type === 'BOOLEAN') return (v) => (v === null || v === undefined ? null : Boolean(v));
  return (v) => {
    if (v === null || v === undefined) return null;
    if (typeof v === 'string' || typeof v === 'number') return v;
    if (typeof v === 'bigint') return Number(v);
    // BLOB attributes (photos, raw bytes) have no parcel attribute to go to.
    return null;
  };
}

/** Runs a database step, turning SQLite failures into messages that name the file. */
function guard<T>(file: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof UserError) throw err;
    const code = (err as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && code.startsWith('SQLITE_')) {
      throw new UserError('import.corrupt', { file, detail: sqliteDetail(err) });
    }
    throw err;
  }
}

function sqliteDetail(err: unknown): string {
  const e = err as { code?: string; message?: string };
  return e.code ? `${e.message} (${e.code})` : String(e.message ?? err);
}

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}
