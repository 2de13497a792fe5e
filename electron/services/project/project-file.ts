/**
 * Opening and creating ParcelDesk project files (GeoPackage) safely.
 *
 * Durability rules (see docs/architecture.md "Project file"):
 * - a new project is built under a temporary name and renamed into place, so a crash while creating
 *   never leaves a half-made project under the user's chosen name;
 * - WAL with synchronous=FULL on local disks (better-sqlite3's default NORMAL can lose the last commit
 *   on power loss), a rollback journal with an exclusive lock on network drives;
 * - every write happens inside a transaction opened by the caller (commands, imports).
 */
import type Database from 'better-sqlite3';
import { openDatabase } from '../sqlite.js';
import { existsSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../../../shared/errors.js';
import { crsByEpsg, type CrsDef } from '../../../shared/geo/crs.js';
import type { Extent } from '../../../shared/geo/geometry.js';
import type { SheetSummary } from '../../../shared/ipc/contract.js';
import {
  createProjectSchema,
  GEOM_COLUMN,
  GPKG_APPLICATION_ID,
  GPKG_USER_VERSION,
  PARCELS_TABLE,
  RTREE_TABLE,
  SETTINGS_TABLE,
} from './schema.js';
import { registerGeoPackageFunctions } from './sqlite-functions.js';
import { decideStorage, type StorageDecision } from './storage-mode.js';

/**
 * A ParcelDesk project carries pd_settings with a schema version. A GeoPackage from GDAL or QGIS that
 * merely has a `parcels` layer is not one: opening it for writing would change its journal mode and
 * later writes would add our tables to someone else's file, so it is refused (and can be imported).
 */
function hasProjectMarker(db: Database.Database): boolean {
  const table = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(SETTINGS_TABLE);
  if (!table) return false;
  return !!db.prepare(`SELECT 1 FROM ${SETTINGS_TABLE} WHERE key = 'schema_version'`).get();
}

export interface OpenOptions {
  readonly?: boolean;
}

export class ProjectFile {
  private constructor(
    readonly db: Database.Database,
    readonly path: string,
    readonly srsId: number,
    readonly crs: CrsDef,
    readonly storage: StorageDecision,
  ) {}

  /** Create a new, empty project. Refuses to overwrite an existing file. */
  static create(file: string, srsId: number): ProjectFile {
    const target = path.resolve(file);
    if (existsSync(target)) throw new UserError('project.exists', { file: target });
    const crs = crsByEpsg(srsId);
    if (!crs) throw new UserError('crs.unknown', { crs: `EPSG:${srsId}` });
    const temp = `${target}.creating-${process.pid}`;
    rmSync(temp, { force: true });
    try {
      const db = openDatabase(temp);
      try {
        db.pragma(`application_id = ${GPKG_APPLICATION_ID}`);
        db.pragma(`user_version = ${GPKG_USER_VERSION}`);
        registerGeoPackageFunctions(db);
        db.transaction(() => createProjectSchema(db, srsId))();
      } finally {
        db.close();
      }
      renameSync(temp, target);
    } catch (err) {
      rmSync(temp, { force: true });
      if (err instanceof UserError) throw err;
      throw new UserError('project.readOnly', { file: target, detail: (err as Error).message });
    }
    return ProjectFile.open(target);
  }

  static open(file: string, opts: OpenOptions = {}): ProjectFile {
    const target = path.resolve(file);
    if (!existsSync(target)) throw new UserError('project.notFound', { file: target });
    const storage = decideStorage(target);
    let db: Database.Database;
    try {
      db = openDatabase(target, { readonly: !!opts.readonly, fileMustExist: true, timeout: 5000 });
    } catch (err) {
      throw new UserError('project.notGeoPackage', { file: target, detail: (err as Error).message });
    }
    try {
      registerGeoPackageFunctions(db);
      let hasParcels: { srs_id: number } | undefined;
      try {
        hasParcels = db
          .prepare(`SELECT srs_id FROM gpkg_geometry_columns WHERE table_name = ? AND column_name = ?`)
          .get(PARCELS_TABLE, GEOM_COLUMN) as { srs_id: number } | undefined;
      } catch (err) {
        throw new UserError('project.notGeoPackage', { file: target, detail: (err as Error).message });
      }
      if (!hasParcels || !hasProjectMarker(db)) throw new UserError('project.notParcelDesk', { file: target });
      const crs = crsByEpsg(hasParcels.srs_id);
      if (!crs) throw new UserError('crs.unknown', { crs: `EPSG:${hasParcels.srs_id}` });
      if (!opts.readonly) {
        if (storage.mode === 'wal') {
          db.pragma('journal_mode = WAL');
        } else {
          db.pragma('journal_mode = DELETE');
          db.pragma('locking_mode = EXCLUSIVE');
        }
        db.pragma('synchronous = FULL');
      }
      return new ProjectFile(db, target, hasParcels.srs_id, crs, storage);
    } catch (err) {
      db.close();
      if (err instanceof UserError) throw err;
      const msg = (err as Error).message;
      if (/locked|busy/i.test(msg)) throw new UserError('project.locked', { file: target });
      throw new UserError('project.notGeoPackage', { file: target, detail: msg });
    }
  }

  get name(): string {
    return path.basename(this.path, path.extname(this.path));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  parcelCount(): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM ${PARCELS_TABLE}`).get() as { n: number }).n;
  }

  /** Extent from the spatial index (exact for the stored geometries, no table scan). */
  extent(): Extent | null {
    const row = this.db
      .prepare(`SELECT min(minx) AS minx, min(miny) AS miny, max(maxx) AS maxx, max(maxy) AS maxy FROM ${RTREE_TABLE}`)
      .get() as { minx: number | null; miny: number; maxx: number; maxy: number };
    return row.minx === null ? null : [row.minx, row.miny, row.maxx, row.maxy];
  }

  sheets(): SheetSummary[] {
    const rows = this.db
      .prepare(
        `SELECT COALESCE(sheet_no, '') AS sheet, count(*) AS parcels FROM ${PARCELS_TABLE}
         GROUP BY sheet_no ORDER BY CAST(sheet_no AS INTEGER), sheet_no`,
      )
      .all() as SheetSummary[];
    return rows;
  }

  /** Keep gpkg_contents' extent and last_change true after a write, as GeoPackage readers rely on them. */
  touchContents(): void {
    const e = this.extent();
    this.db
      .prepare(
        `UPDATE gpkg_contents SET last_change = strftime('%Y-%m-%dT%H:%M:%fZ','now'),
         min_x = ?, min_y = ?, max_x = ?, max_y = ? WHERE table_name = ?`,
      )
      .run(e?.[0] ?? null, e?.[1] ?? null, e?.[2] ?? null, e?.[3] ?? null, PARCELS_TABLE);
  }

  /**
   * Run a bulk write (an import) with a rollback journal instead of WAL when this is the only
   * connection: WAL would write every new page twice (log, then checkpoint), a rollback journal
   * only saves the few pages that existed before. Still one atomic transaction either way. When
   * another connection has the file open (the app reading while a worker imports) SQLite refuses
   * the switch and the write simply stays in WAL.
   */
  withBulkJournal<T>(fn: () => T): T {
    // A larger page cache keeps SQLite from spilling half-built B-tree pages mid-transaction.
    const cache = this.db.pragma('cache_size', { simple: true });
    this.db.pragma('cache_size = -131072');
    if (this.storage.mode !== 'wal') {
      try {
        return fn();
      } finally {
        this.db.pragma(`cache_size = ${cache}`);
      }
    }
    let switched = false;
    try {
      switched = String(this.db.pragma('journal_mode = DELETE', { simple: true })).toLowerCase() === 'delete';
    } catch {
      switched = false;
    }
    try {
      return fn();
    } finally {
      if (switched) this.db.pragma('journal_mode = WAL');
      this.db.pragma(`cache_size = ${cache}`);
    }
  }

  setting(key: string): string | null {
    const row = this.db.prepare(`SELECT value FROM ${SETTINGS_TABLE} WHERE key = ?`).get(key) as
      | { value: string }
      | undefined;
    return row?.value ?? null;
  }

  setSetting(key: string, value: string): void {
    this.db
      .prepare(`INSERT INTO ${SETTINGS_TABLE} (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`)
      .run(key, value);
  }
}
