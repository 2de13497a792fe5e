import { UserError } from '../errors.js';
import type { Locale } from '../i18n/messages.js';
import {
  EDITABLE_PARCEL_ATTRIBUTES,
  type ParcelAttributeName,
  type ParcelAttributes,
} from '../model/parcel.js';
import type { Command, CommandJson, EditContext } from './command.js';

type Changes = Partial<ParcelAttributes>;

const NUMERIC: ReadonlySet<ParcelAttributeName> = new Set(['area_legal']);
/** Codes are compared in upper case everywhere (ODT, LUC …); store them so. */
const UPPER_CASE: ReadonlySet<ParcelAttributeName> = new Set(['land_type', 'land_type_legal']);

/**
 * Normalise user input for one attribute: trim text, empty → null, numbers parsed (Vietnamese decimal
 * comma accepted), codes upper-cased. Throws UserError for values that cannot be stored.
 */
export function normaliseAttributeValue(field: ParcelAttributeName, value: unknown): string | number | null {
  if (!EDITABLE_PARCEL_ATTRIBUTES.includes(field)) {
    throw new UserError('parcel.readOnlyField', { field });
  }
  if (value === null || value === undefined) return null;
  if (NUMERIC.has(field)) {
    if (typeof value === 'number') {
      if (!Number.isFinite(value) || value < 0) throw new UserError('parcel.badValue', { field, value: String(value) });
      return value;
    }
    const text = String(value).trim();
    if (text === '') return null;
    const n = Number(text.replace(/\s/g, '').replace(',', '.'));
    if (!Number.isFinite(n) || n < 0) throw new UserError('parcel.badValue', { field, value: text });
    return n;
  }
  if (typeof value !== 'string' && typeof value !== 'number') {
    throw new UserError('parcel.badValue', { field, value: String(value) });
  }
  const text = String(value).normalize('NFC').trim();
  if (text === '') return null;
  if (text.length > 500) throw new UserError('parcel.badValue', { field, value: `${text.slice(0, 40)}…` });
  return UPPER_CASE.has(field) ? text.toUpperCase() : text;
}

/** Edit of one parcel's attributes from the attribute panel (or the CLI). */
export class UpdateAttributesCommand implements Command {
  readonly type = 'update-attributes';

  constructor(
    readonly fid: number,
    readonly before: Changes,
    readonly after: Changes,
    private readonly parcelNo: string | null = null,
  ) {}

  /** Build the command from the user's changes, reading the current values as `before`. */
  static create(ctx: EditContext, fid: number, changes: Record<string, unknown>): UpdateAttributesCommand {
    const current = ctx.getAttributes(fid);
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    for (const [key, raw] of Object.entries(changes)) {
      const field = key as ParcelAttributeName;
      if (!(field in current)) throw new UserError('parcel.badValue', { field: key, value: String(raw) });
      const value = normaliseAttributeValue(field, raw);
      if (current[field] === value) continue;
      before[field] = current[field];
      after[field] = value;
    }
    return new UpdateAttributesCommand(fid, before as Changes, after as Changes, current.parcel_no);
  }

  isEmpty(): boolean {
    return Object.keys(this.after).length === 0;
  }

  label(locale: Locale): string {
    const fields = Object.keys(this.after).join(', ');
    const which = this.parcelNo ?? `#${this.fid}`;
    return locale === 'vi' ? `Sửa thuộc tính thửa ${which} (${fields})` : `Edit attributes of parcel ${which} (${fields})`;
  }

  parcels(): number[] {
    return [this.fid];
  }

  apply(ctx: EditContext): void {
    ctx.setAttributes(this.fid, this.after);
  }

  invert(): Command {
    return new UpdateAttributesCommand(this.fid, this.after, this.before, this.parcelNo);
  }

  toJSON(): CommandJson {
    return { type: this.type, fid: this.fid, before: this.before, after: this.after };
  }
}
