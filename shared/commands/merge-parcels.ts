import { UserError } from '../errors.js';
import type { AreaGeometry } from '../geo/geometry.js';
import { formatMessage, type Locale } from '../i18n/messages.js';
import type { ParcelAttributes } from '../model/parcel.js';
import type { Command, CommandJson, EditContext } from './command.js';
import { sameShape } from './same-shape.js';

/** The parcel a merge deletes, kept whole so the undo re-creates it under the same feature id. */
export interface RemovedParcel {
  fid: number;
  geometry: AreaGeometry | null;
  /** Read from the project when the merge is applied if the planner did not know them. */
  attrs: ParcelAttributes | null;
}

export interface MergeParcelsData {
  keep: number;
  keepBefore: AreaGeometry | null;
  keepAfter: AreaGeometry | null;
  removed: RemovedParcel;
  /** Parcel numbers for the label only. */
  keepNo?: string | null;
  removedNo?: string | null;
}

function checkShape(ctx: EditContext, fid: number, expected: AreaGeometry | null): void {
  if (!sameShape(ctx.getGeometry(fid), expected)) throw new UserError('repair.stale', { fid });
}

/**
 * Merge a parcel (a sliver) into a neighbour: the neighbour takes `keepAfter` (the union) and the
 * merged parcel is deleted. The inverse, {@link UnmergeParcelsCommand}, gives the neighbour its old
 * shape back and re-inserts the deleted parcel with its attributes under its old fid.
 */
export class MergeParcelsCommand implements Command {
  readonly type = 'merge-parcels';

  constructor(readonly data: MergeParcelsData) {}

  label(locale: Locale): string {
    const d = this.data;
    return formatMessage(locale, 'repair.cmd.merge', { removed: d.removedNo ?? `#${d.removed.fid}`, keep: d.keepNo ?? `#${d.keep}` });
  }

  parcels(): number[] {
    return [this.data.keep, this.data.removed.fid];
  }

  apply(ctx: EditContext): void {
    const d = this.data;
    checkShape(ctx, d.keep, d.keepBefore);
    checkShape(ctx, d.removed.fid, d.removed.geometry);
    // The attributes are part of what undo must restore; capture them now if the plan had none.
    if (!d.removed.attrs) d.removed.attrs = { ...ctx.getAttributes(d.removed.fid) };
    ctx.setGeometry(d.keep, d.keepAfter);
    ctx.deleteParcel(d.removed.fid);
  }

  invert(): Command {
    return new UnmergeParcelsCommand(this.data);
  }

  toJSON(): CommandJson {
    return { type: this.type, ...this.data };
  }
}

/** Undo of a merge: the kept parcel shrinks back and the merged one is re-created under its fid. */
export class UnmergeParcelsCommand implements Command {
  readonly type = 'unmerge-parcels';

  constructor(readonly data: MergeParcelsData) {}

  label(locale: Locale): string {
    const d = this.data;
    return formatMessage(locale, 'repair.cmd.unmerge', { removed: d.removedNo ?? `#${d.removed.fid}`, keep: d.keepNo ?? `#${d.keep}` });
  }

  parcels(): number[] {
    return [this.data.keep, this.data.removed.fid];
  }

  apply(ctx: EditContext): void {
    const d = this.data;
    if (!d.removed.attrs) throw new UserError('repair.stale', { fid: d.removed.fid });
    checkShape(ctx, d.keep, d.keepAfter);
    ctx.setGeometry(d.keep, d.keepBefore);
    ctx.insertParcel(d.removed.fid, d.removed.geometry, d.removed.attrs);
  }

  invert(): Command {
    return new MergeParcelsCommand(this.data);
  }

  toJSON(): CommandJson {
    return { type: this.type, ...this.data };
  }
}
