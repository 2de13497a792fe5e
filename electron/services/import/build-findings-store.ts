/**
 * The `pd_build_findings` table: what building parcels from a drawn sheet found (unlabeled faces,
 * labels outside faces, dangles…), kept in the project so the technician can work through them
 * after the import. Created on first use, inside the import's transaction, and registered as an
 * attribute table so GDAL/QGIS list it. The geometry is GeoJSON text (the findings are points,
 * lines and polygons mixed, which one GeoPackage feature table cannot hold).
 */
import type Database from 'better-sqlite3';
import type { BuildFindingRow } from '../../../shared/ipc/contract.js';
import type { BuildFinding } from '../../../shared/sheet/build-parcels.js';
import { registerAttributeTable } from '../project/schema.js';

export const BUILD_FINDINGS_TABLE = 'pd_build_findings';

const DDL = `CREATE TABLE IF NOT EXISTS ${BUILD_FINDINGS_TABLE} (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  finding_id TEXT NOT NULL,
  rule TEXT NOT NULL,
  severity TEXT NOT NULL,
  source_file TEXT NOT NULL,
  sheet_no TEXT,
  x REAL NOT NULL,
  y REAL NOT NULL,
  geometry TEXT,
  levels TEXT,
  elements TEXT,
  detail TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  UNIQUE (source_file, finding_id)
)`;

/** Stored build finding, as read back (the contract's row without the row id). */
export type StoredBuildFinding = Omit<BuildFindingRow, 'id'>;

/**
 * Stores the findings of one sheet. Importing the same file again replaces its findings with the
 * same ids instead of piling up copies. Call inside the import transaction.
 */
export function writeBuildFindings(
  db: Database.Database,
  sourceFile: string,
  sheetNo: string | null,
  findings: readonly BuildFinding[],
  at = new Date().toISOString(),
): void {
  db.exec(DDL);
  registerAttributeTable(db, BUILD_FINDINGS_TABLE, 'Lỗi tạo vùng thửa từ bản vẽ / Parcel building findings');
  db.prepare(`DELETE FROM ${BUILD_FINDINGS_TABLE} WHERE source_file = ?`).run(sourceFile);
  const insert = db.prepare(
    `INSERT OR REPLACE INTO ${BUILD_FINDINGS_TABLE}
     (finding_id, rule, severity, source_file, sheet_no, x, y, geometry, levels, elements, detail, imported_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const f of findings) {
    insert.run(
      f.id,
      f.rule,
      f.severity,
      sourceFile,
      sheetNo,
      f.x,
      f.y,
      f.geometry ? JSON.stringify(f.geometry) : null,
      f.levels ? JSON.stringify(f.levels) : null,
      f.elements ? JSON.stringify(f.elements) : null,
      JSON.stringify(f.detail),
      at,
    );
  }
}

/**
 * One page of the stored build findings in import order, with the row id (for lists) and the
 * total (empty when the table does not exist yet).
 */
export function readBuildFindingsPage(db: Database.Database, offset = 0, limit = 500): { total: number; rows: BuildFindingRow[] } {
  const exists = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(BUILD_FINDINGS_TABLE);
  if (!exists) return { total: 0, rows: [] };
  const total = (db.prepare(`SELECT count(*) AS n FROM ${BUILD_FINDINGS_TABLE}`).get() as { n: number }).n;
  const rows = db
    .prepare(
      `SELECT id, finding_id, rule, severity, source_file, sheet_no, x, y, geometry, levels, elements, detail FROM ${BUILD_FINDINGS_TABLE} ORDER BY id LIMIT ? OFFSET ?`,
    )
    .all(limit, offset) as Array<Record<string, string | number | null>>;
  return { total, rows: rows.map((r) => ({ id: Number(r.id), ...fromRow(r) })) };
}

/** All stored build findings (empty when the table does not exist yet). */
export function readBuildFindings(db: Database.Database): StoredBuildFinding[] {
  const exists = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(BUILD_FINDINGS_TABLE);
  if (!exists) return [];
  const rows = db
    .prepare(
      `SELECT finding_id, rule, severity, source_file, sheet_no, x, y, geometry, levels, elements, detail FROM ${BUILD_FINDINGS_TABLE} ORDER BY id`,
    )
    .all() as Array<Record<string, string | number | null>>;
  return rows.map(fromRow);
}

function fromRow(r: Record<string, string | number | null>): StoredBuildFinding {
  return {
    findingId: String(r.finding_id),
    rule: String(r.rule),
    severity: String(r.severity),
    sourceFile: String(r.source_file),
    sheetNo: r.sheet_no === null ? null : String(r.sheet_no),
    x: Number(r.x),
    y: Number(r.y),
    geometry: r.geometry === null ? null : JSON.parse(String(r.geometry)),
    levels: r.levels === null ? [] : JSON.parse(String(r.levels)),
    elements: r.elements === null ? [] : JSON.parse(String(r.elements)),
    detail: JSON.parse(String(r.detail)),
  };
}
