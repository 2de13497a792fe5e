/**
 * Marking a finding as an accepted exception, and revoking one, are edits like any other: a
 * command in one transaction with its audit row, undoable. The command carries the exception
 * record before and after, so undo puts back exactly what was there (no record, or the revoked one).
 */
import { UserError } from '../errors.js';
import { formatMessage, type Locale } from '../i18n/messages.js';
import { isActiveException, type ExceptionRecord } from '../model/exception.js';
import type { RuleId } from '../model/finding.js';
import type { Command, CommandJson, EditContext, ExceptionContext } from './command.js';

export type ExceptionAction = 'mark' | 'revoke';

/** The finding an exception is about. */
export interface ExceptionTarget {
  fingerprint: string;
  rule: RuleId;
  parcels: number[];
}

function store(ctx: EditContext): ExceptionContext {
  // Only a project keeps exceptions; an in-memory parcel context cannot take this command.
  if (!ctx.exceptions) throw new Error('this edit context keeps no exception records');
  return ctx.exceptions;
}

function same(a: ExceptionRecord | null, b: ExceptionRecord | null): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Longest reason kept: a sentence or two, not a document. */
export const MAX_REASON_LENGTH = 1000;

export class ExceptionCommand implements Command {
  readonly type = 'exception';

  constructor(
    readonly action: ExceptionAction,
    readonly target: ExceptionTarget,
    readonly before: ExceptionRecord | null,
    readonly after: ExceptionRecord | null,
  ) {}

  /** Accept a finding as an exception. Throws UserError for an empty reason or an already accepted finding. */
  static mark(ctx: EditContext, target: ExceptionTarget, reason: string, user: string, at = new Date().toISOString()): ExceptionCommand {
    const text = String(reason ?? '').normalize('NFC').trim();
    if (text === '') throw new UserError('exception.reasonRequired', { fingerprint: target.fingerprint });
    if (text.length > MAX_REASON_LENGTH) throw new UserError('exception.reasonTooLong', { max: MAX_REASON_LENGTH });
    const before = store(ctx).getException(target.fingerprint);
    if (isActiveException(before)) throw new UserError('exception.alreadyMarked', { fingerprint: target.fingerprint });
    const after: ExceptionRecord = {
      fingerprint: target.fingerprint,
      rule: target.rule,
      parcels: [...target.parcels].sort((a, b) => a - b),
      reason: text,
      user,
      at,
      revokedAt: null,
      revokedBy: null,
    };
    return new ExceptionCommand('mark', { ...target, parcels: after.parcels }, before, after);
  }

  /** Revoke an accepted exception; the record stays with who revoked it and when. */
  static revoke(ctx: EditContext, fingerprint: string, user: string, at = new Date().toISOString()): ExceptionCommand {
    const before = store(ctx).getException(fingerprint);
    if (!isActiveException(before)) throw new UserError('exception.notFound', { fingerprint });
    const after: ExceptionRecord = { ...before, revokedAt: at, revokedBy: user };
    return new ExceptionCommand('revoke', { fingerprint, rule: before.rule, parcels: before.parcels }, before, after);
  }

  label(locale: Locale): string {
    const params = { rule: this.target.rule, parcels: this.target.parcels.map((f) => `#${f}`).join(', ') };
    return formatMessage(locale, this.action === 'mark' ? 'exception.cmd.mark' : 'exception.cmd.revoke', params);
  }

  parcels(): number[] {
    return [...this.target.parcels];
  }

  apply(ctx: EditContext): void {
    const ex = store(ctx);
    // Someone else changed the record since this command was made (another window, an undo
    // elsewhere): refuse rather than overwrite their change.
    if (!same(ex.getException(this.target.fingerprint), this.before)) {
      throw new UserError('exception.changed', { fingerprint: this.target.fingerprint });
    }
    ex.putException(this.target.fingerprint, this.after);
  }

  invert(): Command {
    return new ExceptionCommand(this.action, this.target, this.after, this.before);
  }

  toJSON(): CommandJson {
    return { type: this.type, action: this.action, fingerprint: this.target.fingerprint, before: this.before, after: this.after };
  }
}
