/**
 * Executes commands against an open project: one transaction per command containing the change and
 * its audit row, then the undo history and a change notification (for incremental re-validation and
 * the map). This is the single write path for edits.
 */
import { UserError } from '../../../shared/errors.js';
import type { Command } from '../../../shared/commands/command.js';
import { History } from '../../../shared/commands/history.js';
import type { Locale } from '../../../shared/i18n/messages.js';
import type { HistoryState } from '../../../shared/ipc/contract.js';
import { AuditLog } from './audit-log.js';
import { ParcelRepository } from './parcel-repository.js';
import { ExceptionStore } from '../validation/exception-store.js';
import type { ProjectFile } from './project-file.js';

export interface ChangeEvent {
  kind: 'do' | 'undo' | 'redo';
  command: Command;
  parcels: number[];
}

export class ProjectEditor {
  readonly parcels: ParcelRepository;
  readonly audit: AuditLog;
  private readonly history = new History();
  private readonly listeners = new Set<(e: ChangeEvent) => void>();
  private readonly beforeListeners = new Set<(cmd: Command) => void>();

  constructor(
    readonly project: ProjectFile,
    private readonly user: string,
  ) {
    this.parcels = new ParcelRepository(project.db, project.srsId);
    this.audit = new AuditLog(project.db);
    this.parcels.exceptions = new ExceptionStore(project.db);
  }

  onChange(fn: (e: ChangeEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Called just before a command writes (validation reads the parcels' old state here if it must). */
  onBeforeChange(fn: (cmd: Command) => void): () => void {
    this.beforeListeners.add(fn);
    return () => this.beforeListeners.delete(fn);
  }

  private run(cmd: Command, kind: ChangeEvent['kind']): void {
    for (const fn of this.beforeListeners) fn(cmd);
    this.project.db.transaction(() => {
      cmd.apply(this.parcels);
      this.audit.record(cmd, kind, this.user);
      this.project.touchContents();
    })();
    const event: ChangeEvent = { kind, command: cmd, parcels: cmd.parcels() };
    for (const fn of this.listeners) fn(event);
  }

  execute(cmd: Command): void {
    this.run(cmd, 'do');
    this.history.push(cmd);
  }

  undo(): Command {
    const cmd = this.history.peekUndo();
    if (!cmd) throw new UserError('history.nothingToUndo');
    this.run(cmd.invert(), 'undo');
    this.history.markUndone();
    return cmd;
  }

  redo(): Command {
    const cmd = this.history.peekRedo();
    if (!cmd) throw new UserError('history.nothingToRedo');
    this.run(cmd, 'redo');
    this.history.markRedone();
    return cmd;
  }

  historyState(locale: Locale): HistoryState {
    return this.history.state(locale);
  }

  /** Imports replace the data under the history; old steps could no longer be inverted safely. */
  clearHistory(): void {
    this.history.clear();
  }
}
