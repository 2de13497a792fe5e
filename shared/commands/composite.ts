import type { Locale } from '../i18n/messages.js';
import type { Command, CommandJson, EditContext } from './command.js';

/**
 * Several commands as one: one undo step, one transaction and one audit row listing every parcel
 * (the executor runs apply() inside a single transaction, so a failing step rolls back them all).
 * The inverse applies the inverses of the steps in reverse order.
 */
export class CompositeCommand implements Command {
  readonly type = 'composite';

  constructor(
    readonly steps: readonly Command[],
    private readonly labels: { vi: string; en: string },
  ) {}

  label(locale: Locale): string {
    return this.labels[locale];
  }

  parcels(): number[] {
    const all = new Set<number>();
    for (const s of this.steps) for (const fid of s.parcels()) all.add(fid);
    return [...all].sort((a, b) => a - b);
  }

  apply(ctx: EditContext): void {
    for (const s of this.steps) s.apply(ctx);
  }

  invert(): Command {
    const inverse = this.steps.map((s) => s.invert()).reverse();
    return new CompositeCommand(inverse, this.labels);
  }

  toJSON(): CommandJson {
    return { type: this.type, label: this.labels.vi, labelEn: this.labels.en, steps: this.steps.map((s) => s.toJSON()) };
  }
}
