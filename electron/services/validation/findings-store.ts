/**
 * The `pd_findings` table: the current validation findings of the project, so they are there when
 * the project is opened again and QGIS/GDAL users can list them. Geometry is GeoJSON text (points,
 * lines and polygons mixed, which one feature table cannot hold). Whole runs replace the table in one
 * transaction; incremental checks write only the difference.
 */
import type Database from 'better-sqlite3';
import type { Geometry } from '../../../shared/geo/geometry.js';
import type { Finding, RuleId, Severity } from '../../../shared/model/finding.js';
import { registerAttributeTable } from '../project/schema.js';
import { tableExists } from './exception-store.js';

export const FINDINGS_TABLE = 'pd_findings';
/** pd_settings key of the last run's summary. */
export const VALIDATION_RUN_KEY = 'validation_run';

const DDL = `CREATE TABLE IF NOT EXISTS ${FINDINGS_TABLE} (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  fingerprint TEXT NOT NULL,
  rule TEXT NOT NULL,
  severity TEXT NOT NULL,
  parcels TEXT NOT NULL,
  sheets TEXT NOT NULL,
  x REAL NOT NULL,
  y REAL NOT NULL,
  area REAL,
  width REAL,
  geometry TEXT,
  detail TEXT,
  validated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ${FINDINGS_TABLE}_fingerprint ON ${FINDINGS_TABLE}(fingerprint);
CREATE INDEX IF NOT EXISTS ${FINDINGS_TABLE}_rule ON ${FINDINGS_TABLE}(rule, severity);`;

/** Summary of the last full run, kept in pd_settings. */
export interface ValidationRunInfo {
  at: string;
  /** Time of the last incremental update of the findings (equal to `at` right after a run). */
  updatedAt: string;
  parcels: number;
  ms: number;
  tolerance: number;
  rules: RuleId[] | null;
}

/** The summary of a full run that has just finished. */
export function newRunInfo(parcels: number, settings: { tolerance: number; rules?: RuleId[] }, ms: number): ValidationRunInfo {
  const at = new Date().toISOString();
  return { at, updatedAt: at, parcels, ms: Math.round(ms), tolerance: settings.tolerance, rules: settings.rules ?? null };
}

/** Sheet numbers of a finding's parcels, for the sheet filter. */
export type SheetLookup = (fid: number) => string;

export function ensureFindingsTable(db: Database.Database): void {
  if (tableExists(db, FINDINGS_TABLE)) return;
  db.exec(DDL);
  registerAttributeTable(db, FINDINGS_TABLE, 'Lỗi kiểm tra topology / Validation findings');
}

function sheetsOf(f: Finding, sheetOf: SheetLookup): string[] {
  return [...new Set(f.parcels.map(sheetOf))].sort();
}

function inserter(db: Database.Database, sheetOf: SheetLookup, at: string): (f: Finding) => void {
  const stmt = db.prepare(
    `INSERT INTO ${FINDINGS_TABLE} (fingerprint, rule, severity, parcels, sheets, x, y, area, width, geometry, detail, validated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  return (f) =>
    stmt.run(
      f.fingerprint,
      f.rule,
      f.severity,
      JSON.stringify(f.parcels),
      JSON.stringify(sheetsOf(f, sheetOf)),
      f.x,
      f.y,
      f.area ?? null,
      f.width ?? null,
      f.geometry ? JSON.stringify(f.geometry) : null,
      f.detail ? JSON.stringify(f.detail) : null,
      at,
    );
}

function writeRunInfo(db: Database.Database, info: ValidationRunInfo): void {
  db.prepare(
    `INSERT INTO pd_settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
  ).run(VALIDATION_RUN_KEY, JSON.stringify(info));
}

/** Replace every stored finding with a full run's result, in one transaction. */
export function saveFullRun(db: Database.Database, findings: readonly Finding[], info: ValidationRunInfo, sheetOf: SheetLookup): void {
  db.transaction(() => {
    ensureFindingsTable(db);
    db.prepare(`DELETE FROM ${FINDINGS_TABLE}`).run();
    const insert = inserter(db, sheetOf, info.at);
    for (const f of findings) insert(f);
    writeRunInfo(db, info);
  })();
}

/** Apply an incremental update: findings gone (by fingerprint) out, new ones in, in one transaction. */
export function saveFindingsChange(
  db: Database.Database,
  removed: readonly string[],
  added: readonly Finding[],
  info: ValidationRunInfo,
  sheetOf: SheetLookup,
): void {
  db.transaction(() => {
    ensureFindingsTable(db);
    const del = db.prepare(`DELETE FROM ${FINDINGS_TABLE} WHERE fingerprint = ?`);
    for (const fp of removed) del.run(fp);
    const insert = inserter(db, sheetOf, info.updatedAt);
    for (const f of added) insert(f);
    writeRunInfo(db, info);
  })();
}

export function readRunInfo(db: Database.Database): ValidationRunInfo | null {
  const row = db.prepare(`SELECT value FROM pd_settings WHERE key = ?`).get(VALIDATION_RUN_KEY) as { value: string } | undefined;
  if (!row) return null;
  try {
    return JSON.parse(row.value) as ValidationRunInfo;
  } catch {
    return null;
  }
}

/** A stored finding with the sheets of its parcels. */
export interface StoredFinding {
  finding: Finding;
  sheets: string[];
}

interface Row {
  fingerprint: string;
  rule: string;
  severity: string;
  parcels: string;
  sheets: string;
  x: number;
  y: number;
  area: number | null;
  width: number | null;
  geometry: string | null;
  detail: string | null;
}

/** Every stored finding (empty when the project was never validated). */
export function readFindings(db: Database.Database): StoredFinding[] {
  if (!tableExists(db, FINDINGS_TABLE)) return [];
  const rows = db
    .prepare(`SELECT fingerprint, rule, severity, parcels, sheets, x, y, area, width, geometry, detail FROM ${FINDINGS_TABLE} ORDER BY id`)
    .all() as Row[];
  return rows.map((r) => {
    const f: Finding = {
      rule: r.rule as RuleId,
      severity: r.severity as Severity,
      parcels: JSON.parse(r.parcels) as number[],
      x: r.x,
      y: r.y,
      fingerprint: r.fingerprint,
    };
    if (r.area !== null) f.area = r.area;
    if (r.width !== null) f.width = r.width;
    if (r.geometry !== null) f.geometry = JSON.parse(r.geometry) as Geometry;
    if (r.detail !== null) f.detail = JSON.parse(r.detail) as Record<string, string | number>;
    return { finding: f, sheets: JSON.parse(r.sheets) as string[] };
  });
}
