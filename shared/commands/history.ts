import type { Locale } from '../i18n/messages.js';
import type { HistoryState } from '../ipc/contract.js';
import type { Command } from './command.js';

/**
 * Undo/redo stacks. A new command clears the redo stack, as users expect from every editor.
 * The stacks hold executed commands; undo applies the inverse of the top one.
 */
export class History {
  private readonly done: Command[] = [];
  private readonly undone: Command[] = [];

  constructor(private readonly limit = 1000) {}

  push(cmd: Command): void {
    this.done.push(cmd);
    if (this.done.length > this.limit) this.done.shift();
    this.undone.length = 0;
  }

  peekUndo(): Command | undefined {
    return this.done[this.done.length - 1];
  }

  peekRedo(): Command | undefined {
    return this.undone[this.undone.length - 1];
  }

  /** Move the top command to the redo stack (call after its inverse was applied). */
  markUndone(): void {
    const cmd = this.done.pop();
    if (cmd) this.undone.push(cmd);
  }

  /** Move the top redo command back (call after it was re-applied). */
  markRedone(): void {
    const cmd = this.undone.pop();
    if (cmd) this.done.push(cmd);
  }

  clear(): void {
    this.done.length = 0;
    this.undone.length = 0;
  }

  state(locale: Locale): HistoryState {
    const u = this.peekUndo();
    const r = this.peekRedo();
    return {
      canUndo: !!u,
      canRedo: !!r,
      undoLabel: u ? u.label(locale) : null,
      redoLabel: r ? r.label(locale) : null,
    };
  }
}
