/**
 * Commands are the single write path of a project: every change a user (or a repair) makes is a
 * command with apply/invert, executed in one database transaction that also writes the audit row.
 * Commands are plain data (toJSON) so the audit log records exactly what changed, and pure: they
 * touch the project only through an EditContext, which the store implements.
 */
import type { AreaGeometry } from '../geo/geometry.js';
import type { Locale } from '../i18n/messages.js';
import type { ParcelAttributes } from '../model/parcel.js';
import type { ExceptionRecord } from '../model/exception.js';

/** The accepted-exception records of a project (see shared/commands/mark-exception.ts). */
export interface ExceptionContext {
  /** The record of a fingerprint, revoked or not; null when there is none. */
  getException(fingerprint: string): ExceptionRecord | null;
  /** Write the record as it is (insert or replace), or remove the fingerprint's record when null. */
  putException(fingerprint: string, record: ExceptionRecord | null): void;
}

/** What a command may do to a project. Implemented over the GeoPackage by the project service. */
export interface EditContext {
  /** Current attributes of a parcel; throws UserError('parcel.notFound') when it does not exist. */
  getAttributes(fid: number): ParcelAttributes;
  setAttributes(fid: number, changes: Partial<ParcelAttributes>): void;
  getGeometry(fid: number): AreaGeometry | null;
  /** Replace a parcel's geometry; the store recomputes `area`. */
  setGeometry(fid: number, geometry: AreaGeometry | null): void;
  /**
   * Insert a parcel. `fid` null lets the store choose; a number re-creates a deleted parcel under its
   * old id (undo of a merge or delete must give back the same feature id). Returns the fid.
   */
  insertParcel(fid: number | null, geometry: AreaGeometry | null, attrs: ParcelAttributes): number;
  /** Delete a parcel; throws UserError('parcel.notFound') when it does not exist. */
  deleteParcel(fid: number): void;
  /** Accepted exceptions; present where the store keeps them (projects), absent in parcel-only contexts. */
  exceptions?: ExceptionContext;
}

export interface CommandJson {
  type: string;
  [key: string]: unknown;
}

export interface Command {
  readonly type: string;
  /** One line for the undo menu and the audit log, in the user's language. */
  label(locale: Locale): string;
  /** Parcels this command touches (feature ids). */
  parcels(): number[];
  apply(ctx: EditContext): void;
  /** The command that undoes this one. */
  invert(): Command;
  toJSON(): CommandJson;
}
