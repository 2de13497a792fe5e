/**
 * The `pd_exceptions` table: accepted exceptions, one row per finding fingerprint, revoked rows kept
 * for the record. Written only by exception commands (inside their transaction, next to the audit
 * row); created on first use and registered as a GeoPackage attribute table.
 */
import type Database from 'better-sqlite3';
import type { ExceptionContext } from '../../../shared/commands/command.js';
import { isActiveException, type ExceptionRecord } from '../../../shared/model/exception.js';
import type { RuleId } from '../../../shared/model/finding.js';
import { registerAttributeTable } from '../project/schema.js';

export const EXCEPTIONS_TABLE = 'pd_exceptions';

const DDL = `CREATE TABLE IF NOT EXISTS ${EXCEPTIONS_TABLE} (
  fingerprint TEXT PRIMARY KEY NOT NULL,
  rule TEXT NOT NULL,
  parcels TEXT NOT NULL,
  reason TEXT NOT NULL,
  user TEXT NOT NULL,
  at TEXT NOT NULL,
  revoked_at TEXT,
  revoked_by TEXT
)`;

interface Row {
  fingerprint: string;
  rule: string;
  parcels: string;
  reason: string;
  user: string;
  at: string;
  revoked_at: string | null;
  revoked_by: string | null;
}

function fromRow(r: Row): ExceptionRecord {
  return {
    fingerprint: r.fingerprint,
    rule: r.rule as RuleId,
    parcels: JSON.parse(r.parcels) as number[],
    reason: r.reason,
    user: r.user,
    at: r.at,
    revokedAt: r.revoked_at,
    revokedBy: r.revoked_by,
  };
}

export function tableExists(db: Database.Database, table: string): boolean {
  return !!db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(table);
}

/** Create the table (and its gpkg_contents row) when missing; call inside a write transaction. */
export function ensureExceptionsTable(db: Database.Database): void {
  if (tableExists(db, EXCEPTIONS_TABLE)) return;
  db.exec(DDL);
  registerAttributeTable(db, EXCEPTIONS_TABLE, 'Ngoại lệ được chấp nhận / Accepted exceptions');
}

export class ExceptionStore implements ExceptionContext {
  constructor(private readonly db: Database.Database) {}

  getException(fingerprint: string): ExceptionRecord | null {
    if (!tableExists(this.db, EXCEPTIONS_TABLE)) return null;
    const row = this.db.prepare(`SELECT * FROM ${EXCEPTIONS_TABLE} WHERE fingerprint = ?`).get(fingerprint) as Row | undefined;
    return row ? fromRow(row) : null;
  }

  putException(fingerprint: string, record: ExceptionRecord | null): void {
    ensureExceptionsTable(this.db);
    if (!record) {
      this.db.prepare(`DELETE FROM ${EXCEPTIONS_TABLE} WHERE fingerprint = ?`).run(fingerprint);
      return;
    }
    this.db
      .prepare(
        `INSERT OR REPLACE INTO ${EXCEPTIONS_TABLE} (fingerprint, rule, parcels, reason, user, at, revoked_at, revoked_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        fingerprint,
        record.rule,
        JSON.stringify(record.parcels),
        record.reason,
        record.user,
        record.at,
        record.revokedAt,
        record.revokedBy,
      );
  }

  /** Every record, newest first (revoked ones included). */
  all(): ExceptionRecord[] {
    if (!tableExists(this.db, EXCEPTIONS_TABLE)) return [];
    return (this.db.prepare(`SELECT * FROM ${EXCEPTIONS_TABLE} ORDER BY at DESC, fingerprint`).all() as Row[]).map(fromRow);
  }

  /** Exceptions in force, by fingerprint. */
  active(): Map<string, ExceptionRecord> {
    const out = new Map<string, ExceptionRecord>();
    for (const e of this.all()) if (isActiveException(e)) out.set(e.fingerprint, e);
    return out;
  }
}
