import { UserError } from '../errors.js';
import type { AreaGeometry } from '../geo/geometry.js';
import { formatMessage, type Locale } from '../i18n/messages.js';
import type { Command, CommandJson, EditContext } from './command.js';
import { sameShape } from './same-shape.js';

/**
 * Replace one parcel's geometry (a repair's snap, cut or fill). `before` is what the plan saw:
 * applying over a parcel whose geometry is no longer `before` throws UserError('repair.stale')
 * instead of silently discarding an edit made since.
 */
export class SetGeometryCommand implements Command {
  readonly type = 'set-geometry';

  constructor(
    readonly fid: number,
    readonly before: AreaGeometry | null,
    readonly after: AreaGeometry | null,
    private readonly parcelNo: string | null = null,
  ) {}

  label(locale: Locale): string {
    return formatMessage(locale, 'repair.cmd.setGeometry', { parcel: this.parcelNo ?? `#${this.fid}` });
  }

  parcels(): number[] {
    return [this.fid];
  }

  apply(ctx: EditContext): void {
    if (!sameShape(ctx.getGeometry(this.fid), this.before)) throw new UserError('repair.stale', { fid: this.fid });
    ctx.setGeometry(this.fid, this.after);
  }

  invert(): Command {
    return new SetGeometryCommand(this.fid, this.after, this.before, this.parcelNo);
  }

  toJSON(): CommandJson {
    return { type: this.type, fid: this.fid, before: this.before, after: this.after };
  }
}
