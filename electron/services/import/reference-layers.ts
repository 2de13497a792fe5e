/**
 * Reference layers: whatever a drawn sheet holds on levels the level profile does not name (roads
 * drawn inside parcels, contour lines, notes, the grid of an unknown office convention) is kept,
 * not dropped. Lines go to `pd_reference_lines` (LINESTRING) and texts to `pd_reference_texts`
 * (POINT with the text), both GeoPackage feature tables in the project CRS with their own R-tree,
 * so QGIS and GDAL show them beside the parcels. Written inside the import transaction; importing
 * the same file again replaces its rows.
 */
import type Database from 'better-sqlite3';
import type { Geometry, Position } from '../../../shared/geo/geometry.js';
import { encodeGpkgGeometry } from '../../../shared/geo/gpkg-geometry.js';
import type { SheetDrawing } from '../../../shared/sheet/drawing.js';
import type { LevelRole } from '../../../shared/sheet/level-profile.js';
import { GEOM_COLUMN, rtreeTriggerDdl } from '../project/schema.js';

export const REFERENCE_LINES_TABLE = 'pd_reference_lines';
export const REFERENCE_TEXTS_TABLE = 'pd_reference_texts';

export interface LayerDef {
  table: string;
  type: 'LINESTRING' | 'POINT' | 'POLYGON' | 'MULTIPOLYGON';
  columns: string;
  description: string;
}

const LINES: LayerDef = {
  table: REFERENCE_LINES_TABLE,
  type: 'LINESTRING',
  columns: 'level TEXT NOT NULL, source_file TEXT NOT NULL, element_index INTEGER NOT NULL',
  description: 'Đường tham chiếu từ bản vẽ (level không có trong hồ sơ level) / Reference lines from drawn sheets (levels the profile does not name)',
};
const TEXTS: LayerDef = {
  table: REFERENCE_TEXTS_TABLE,
  type: 'POINT',
  columns: 'level TEXT NOT NULL, text TEXT NOT NULL, height REAL, rotation REAL, source_file TEXT NOT NULL, element_index INTEGER NOT NULL',
  description: 'Chữ tham chiếu từ bản vẽ / Reference texts from drawn sheets',
};

const TRIGGERS = ['insert', 'update1', 'update2', 'update3', 'update4', 'delete'];

/** Creates a reference feature table, its R-tree and registrations, once per project. */
export function ensureLayer(db: Database.Database, def: LayerDef, srsId: number): void {
  const exists = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(def.table);
  if (exists) return;
  const rtree = `rtree_${def.table}_${GEOM_COLUMN}`;
  db.exec(`CREATE TABLE ${def.table} (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, ${GEOM_COLUMN} ${def.type}, ${def.columns});
CREATE INDEX idx_${def.table}_source ON ${def.table}(source_file);
CREATE VIRTUAL TABLE ${rtree} USING rtree(id, minx, maxx, miny, maxy);`);
  db.exec(rtreeTriggerDdl(def.table, GEOM_COLUMN));
  db.prepare(`INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES (?, 'features', ?, ?, ?)`).run(
    def.table,
    def.table,
    def.description,
    srsId,
  );
  db.prepare(`INSERT INTO gpkg_geometry_columns (table_name, column_name, geometry_type_name, srs_id, z, m) VALUES (?, ?, ?, ?, 0, 0)`).run(
    def.table,
    GEOM_COLUMN,
    def.type,
    srsId,
  );
  db.prepare(
    `INSERT OR IGNORE INTO gpkg_extensions (table_name, column_name, extension_name, definition, scope) VALUES (?, ?, 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')`,
  ).run(def.table, GEOM_COLUMN);
}

/**
 * Writes rows with the R-tree filled directly: per-row triggers would call back into JavaScript
 * four times per row (the reason ParcelWriter does the same). Triggers are back before returning.
 */
export function replaceRows(
  db: Database.Database,
  def: LayerDef,
  srsId: number,
  sourceFile: string,
  rows: Iterable<{ geometry: Geometry; box: [number, number, number, number]; values: unknown[] }>,
): number {
  ensureLayer(db, def, srsId);
  const rtree = `rtree_${def.table}_${GEOM_COLUMN}`;
  for (const t of TRIGGERS) db.exec(`DROP TRIGGER IF EXISTS "${rtree}_${t}"`);
  db.prepare(`DELETE FROM ${rtree} WHERE id IN (SELECT fid FROM ${def.table} WHERE source_file = ?)`).run(sourceFile);
  db.prepare(`DELETE FROM ${def.table} WHERE source_file = ?`).run(sourceFile);
  const names = def.columns.split(',').map((c) => c.trim().split(/\s+/)[0]);
  const insert = db.prepare(`INSERT INTO ${def.table} (${GEOM_COLUMN}, ${names.join(', ')}) VALUES (?, ${names.map(() => '?').join(', ')})`);
  const index = db.prepare(`INSERT INTO ${rtree} (id, minx, maxx, miny, maxy) VALUES (?, ?, ?, ?, ?)`);
  let n = 0;
  for (const r of rows) {
    const fid = Number(insert.run(encodeGpkgGeometry(r.geometry, srsId), ...r.values).lastInsertRowid);
    index.run(fid, r.box[0], r.box[2], r.box[1], r.box[3]);
    n++;
  }
  db.exec(rtreeTriggerDdl(def.table, GEOM_COLUMN));
  const e = db.prepare(`SELECT min(minx) AS x0, min(miny) AS y0, max(maxx) AS x1, max(maxy) AS y1 FROM ${rtree}`).get() as Record<string, number | null>;
  db.prepare(
    `UPDATE gpkg_contents SET last_change = strftime('%Y-%m-%dT%H:%M:%fZ','now'), min_x = ?, min_y = ?, max_x = ?, max_y = ? WHERE table_name = ?`,
  ).run(e.x0, e.y0, e.x1, e.y1, def.table);
  return n;
}

function box(points: Position[]): [number, number, number, number] {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const [x, y] of points) {
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  return [x0, y0, x1, y1];
}

/**
 * Stores the lines and texts of the reference levels of one sheet (`roles[level] === 'reference'`),
 * in the project CRS through `toProject`. Call inside the import transaction.
 */
export function writeReferenceLayers(
  db: Database.Database,
  srsId: number,
  drawing: SheetDrawing,
  roles: Record<string, LevelRole>,
  toProject: ((p: Position) => Position) | null,
): { lines: number; texts: number } {
  const isReference = (level: string) => roles[level] === 'reference';
  const at = (p: readonly number[]): Position => (toProject ? toProject([p[0], p[1]]) : [p[0], p[1]]);
  const lineRows = function* () {
    for (const l of drawing.lines) {
      if (!isReference(l.level) || l.points.length < 2) continue;
      const pts = l.points.map(at);
      const first = pts[0];
      const last = pts[pts.length - 1];
      if (l.closed && (first[0] !== last[0] || first[1] !== last[1])) pts.push([first[0], first[1]]);
      yield { geometry: { type: 'LineString', coordinates: pts } as Geometry, box: box(pts), values: [l.level, drawing.file, l.elementIndex] };
    }
  };
  const textRows = function* () {
    for (const t of drawing.texts) {
      if (!isReference(t.level)) continue;
      const p = at([t.x, t.y]);
      yield {
        geometry: { type: 'Point', coordinates: p } as Geometry,
        box: [p[0], p[1], p[0], p[1]] as [number, number, number, number],
        values: [t.level, t.text, t.height, t.rotation, drawing.file, t.elementIndex],
      };
    }
  };
  const hasLines = drawing.lines.some((l) => isReference(l.level));
  const hasTexts = drawing.texts.some((t) => isReference(t.level));
  const exists = (t: string) => !!db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(t);
  // Tables appear only once a sheet has something to put in them; a re-import still clears old rows.
  const lines = hasLines || exists(LINES.table) ? replaceRows(db, LINES, srsId, drawing.file, lineRows()) : 0;
  const texts = hasTexts || exists(TEXTS.table) ? replaceRows(db, TEXTS, srsId, drawing.file, textRows()) : 0;
  return { lines, texts };
}
