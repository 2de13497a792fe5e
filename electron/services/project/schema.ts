/**
 * The ParcelDesk project schema: an OGC GeoPackage 1.3 that GDAL and QGIS open directly.
 *
 * - `parcels` is the feature table (MULTIPOLYGON, the project's VN-2000 zone).
 * - Spatial index: the GeoPackage R-tree extension (`rtree_parcels_geom` + the spec's triggers).
 * - ParcelDesk's own non-spatial tables (audit log, settings) are registered in gpkg_contents as
 *   `attributes`, so other GeoPackage tools list them instead of treating them as foreign tables.
 */
import type Database from 'better-sqlite3';
import { ALL_CRS, crsByEpsg } from '../../../shared/geo/crs.js';
import { PARCEL_COLUMNS } from '../../../shared/model/parcel.js';

export const PARCELS_TABLE = 'parcels';
export const GEOM_COLUMN = 'geom';
export const RTREE_TABLE = `rtree_${PARCELS_TABLE}_${GEOM_COLUMN}`;
export const AUDIT_TABLE = 'pd_audit_log';
export const SETTINGS_TABLE = 'pd_settings';
/** Bumped when ParcelDesk's own tables change; stored in pd_settings. */
export const PROJECT_SCHEMA_VERSION = 1;

/** 'GPKG' as a 32-bit big-endian integer, the GeoPackage application_id. */
export const GPKG_APPLICATION_ID = 0x47504b47;
/** GeoPackage 1.3.0 */
export const GPKG_USER_VERSION = 10300;

const CORE_DDL = `
CREATE TABLE gpkg_spatial_ref_sys (
  srs_name TEXT NOT NULL,
  srs_id INTEGER PRIMARY KEY,
  organization TEXT NOT NULL,
  organization_coordsys_id INTEGER NOT NULL,
  definition TEXT NOT NULL,
  description TEXT
);
CREATE TABLE gpkg_contents (
  table_name TEXT NOT NULL PRIMARY KEY,
  data_type TEXT NOT NULL,
  identifier TEXT UNIQUE,
  description TEXT DEFAULT '',
  last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE,
  srs_id INTEGER,
  CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id)
);
CREATE TABLE gpkg_geometry_columns (
  table_name TEXT NOT NULL,
  column_name TEXT NOT NULL,
  geometry_type_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL,
  z TINYINT NOT NULL,
  m TINYINT NOT NULL,
  CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
  CONSTRAINT uk_gc_table_name UNIQUE (table_name),
  CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
  CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id)
);
CREATE TABLE gpkg_extensions (
  table_name TEXT,
  column_name TEXT,
  extension_name TEXT NOT NULL,
  definition TEXT NOT NULL,
  scope TEXT NOT NULL,
  CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name)
);
`;

/** The spec's R-tree maintenance triggers (GeoPackage 1.3 extension F.3), for parcels.geom unless another feature table is named. */
export function rtreeTriggerDdl(t: string = PARCELS_TABLE, c: string = GEOM_COLUMN): string {
  const r = `rtree_${t}_${c}`;
  return `
CREATE TRIGGER ${r}_insert AFTER INSERT ON ${t}
WHEN (new.${c} NOT NULL AND NOT ST_IsEmpty(NEW.${c}))
BEGIN
  INSERT OR REPLACE INTO ${r} VALUES (NEW.fid, ST_MinX(NEW.${c}), ST_MaxX(NEW.${c}), ST_MinY(NEW.${c}), ST_MaxY(NEW.${c}));
END;
CREATE TRIGGER ${r}_update1 AFTER UPDATE OF ${c} ON ${t}
WHEN OLD.fid = NEW.fid AND (NEW.${c} NOTNULL AND NOT ST_IsEmpty(NEW.${c}))
BEGIN
  INSERT OR REPLACE INTO ${r} VALUES (NEW.fid, ST_MinX(NEW.${c}), ST_MaxX(NEW.${c}), ST_MinY(NEW.${c}), ST_MaxY(NEW.${c}));
END;
CREATE TRIGGER ${r}_update2 AFTER UPDATE OF ${c} ON ${t}
WHEN OLD.fid = NEW.fid AND (NEW.${c} ISNULL OR ST_IsEmpty(NEW.${c}))
BEGIN
  DELETE FROM ${r} WHERE id = OLD.fid;
END;
CREATE TRIGGER ${r}_update3 AFTER UPDATE ON ${t}
WHEN OLD.fid != NEW.fid AND (NEW.${c} NOTNULL AND NOT ST_IsEmpty(NEW.${c}))
BEGIN
  DELETE FROM ${r} WHERE id = OLD.fid;
  INSERT OR REPLACE INTO ${r} VALUES (NEW.fid, ST_MinX(NEW.${c}), ST_MaxX(NEW.${c}), ST_MinY(NEW.${c}), ST_MaxY(NEW.${c}));
END;
CREATE TRIGGER ${r}_update4 AFTER UPDATE ON ${t}
WHEN OLD.fid != NEW.fid AND (NEW.${c} ISNULL OR ST_IsEmpty(NEW.${c}))
BEGIN
  DELETE FROM ${r} WHERE id IN (OLD.fid, NEW.fid);
END;
CREATE TRIGGER ${r}_delete AFTER DELETE ON ${t}
WHEN old.${c} NOT NULL
BEGIN
  DELETE FROM ${r} WHERE id = OLD.fid;
END;
`;
}

export const RTREE_TRIGGER_NAMES = ['insert', 'update1', 'update2', 'update3', 'update4', 'delete'].map(
  (s) => `${RTREE_TABLE}_${s}`,
);

/** Create every table of a new, empty project inside the caller's transaction. */
export function createProjectSchema(db: Database.Database, srsId: number): void {
  const def = crsByEpsg(srsId);
  if (!def) throw new Error(`no CRS definition for EPSG:${srsId}`);
  db.exec(CORE_DDL);
  const insertSrs = db.prepare(
    `INSERT INTO gpkg_spatial_ref_sys (srs_name, srs_id, organization, organization_coordsys_id, definition, description)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  // The three rows every GeoPackage must have (spec requirement 11).
  insertSrs.run('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system');
  insertSrs.run('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system');
  // Every VN-2000 TM-3 zone and WGS84, so that any sheet of any province can be described in this project.
  for (const crs of ALL_CRS) {
    insertSrs.run(crs.name, crs.epsg, 'EPSG', crs.epsg, crs.wkt, crs.meridianLabel ? `VN-2000 TM-3, kinh tuyến trục ${crs.meridianLabel}` : crs.name);
  }

  const cols = PARCEL_COLUMNS.map((c) => `"${c.name}" ${c.sql}`).join(',\n  ');
  db.exec(`CREATE TABLE ${PARCELS_TABLE} (
  fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
  ${GEOM_COLUMN} MULTIPOLYGON,
  ${cols}
);
CREATE INDEX idx_parcels_sheet_parcel ON ${PARCELS_TABLE}(sheet_no, parcel_no);
CREATE INDEX idx_parcels_parcel_id ON ${PARCELS_TABLE}(parcel_id);`);
  db.prepare(
    `INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES (?, 'features', ?, ?, ?)`,
  ).run(PARCELS_TABLE, PARCELS_TABLE, 'Thửa đất / Land parcels', srsId);
  db.prepare(
    `INSERT INTO gpkg_geometry_columns (table_name, column_name, geometry_type_name, srs_id, z, m) VALUES (?, ?, 'MULTIPOLYGON', ?, 0, 0)`,
  ).run(PARCELS_TABLE, GEOM_COLUMN, srsId);

  db.exec(`CREATE VIRTUAL TABLE ${RTREE_TABLE} USING rtree(id, minx, maxx, miny, maxy);`);
  db.exec(rtreeTriggerDdl());
  db.prepare(
    `INSERT INTO gpkg_extensions (table_name, column_name, extension_name, definition, scope) VALUES (?, ?, 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')`,
  ).run(PARCELS_TABLE, GEOM_COLUMN);

  db.exec(`CREATE TABLE ${AUDIT_TABLE} (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  user TEXT NOT NULL,
  command TEXT NOT NULL,
  label TEXT NOT NULL,
  parcels TEXT NOT NULL,
  before TEXT,
  after TEXT,
  kind TEXT NOT NULL DEFAULT 'do'
);
CREATE TABLE ${SETTINGS_TABLE} (
  key TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL
);`);
  registerAttributeTable(db, AUDIT_TABLE, 'Nhật ký thao tác / Audit log');
  registerAttributeTable(db, SETTINGS_TABLE, 'Thiết lập dự án / Project settings');
  db.prepare(`INSERT INTO ${SETTINGS_TABLE} (key, value) VALUES ('schema_version', ?)`).run(String(PROJECT_SCHEMA_VERSION));
}

/** Register a non-spatial table in gpkg_contents (data_type 'attributes'); later issues call this for theirs. */
export function registerAttributeTable(db: Database.Database, table: string, description: string): void {
  db.prepare(
    `INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, description) VALUES (?, 'attributes', ?, ?)`,
  ).run(table, table, description);
}
