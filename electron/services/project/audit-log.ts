/**
 * The audit log (nhật ký thao tác): one row per executed, undone or redone command, in the project
 * file itself, so the record of who changed what travels with the data to QA.
 */
import type Database from 'better-sqlite3';
import type { Command } from '../../../shared/commands/command.js';
import type { AuditEntry } from '../../../shared/ipc/contract.js';
import { AUDIT_TABLE } from './schema.js';

export type AuditKind = 'do' | 'undo' | 'redo';

export class AuditLog {
  constructor(private readonly db: Database.Database) {}

  /** Write the row for a command; call inside the command's transaction. */
  record(cmd: Command, kind: AuditKind, user: string): void {
    const json = cmd.toJSON();
    const { type: _type, before, after, ...rest } = json as { type: string; before?: unknown; after?: unknown };
    this.db
      .prepare(
        `INSERT INTO ${AUDIT_TABLE} (at, user, command, label, parcels, before, after, kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        new Date().toISOString(),
        user,
        cmd.type,
        cmd.label('vi'),
        JSON.stringify(cmd.parcels()),
        before === undefined ? JSON.stringify(rest) : JSON.stringify(before),
        after === undefined ? null : JSON.stringify(after),
        kind,
      );
  }

  recent(limit = 100): AuditEntry[] {
    const rows = this.db
      .prepare(`SELECT id, at, user, command, label, parcels, kind FROM ${AUDIT_TABLE} ORDER BY id DESC LIMIT ?`)
      .all(Math.max(1, Math.min(limit, 10_000))) as Array<{
      id: number;
      at: string;
      user: string;
      command: string;
      label: string;
      parcels: string;
      kind: string;
    }>;
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      user: r.user,
      command: r.kind === 'do' ? r.command : `${r.kind}:${r.command}`,
      label: r.label,
      parcels: JSON.parse(r.parcels) as number[],
      undone: r.kind === 'undo',
    }));
  }
}
