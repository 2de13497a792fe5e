/**
 * Validation of an open project: full runs, the findings list kept in step with every edit, accepted
 * exceptions and repairs.
 *
 * The session holds the project's parcels as a flat set (LiveParcelSet) and the current findings.
 * After each command (ProjectEditor.onChange) it swaps the changed parcels into the set, re-checks
 * only the command's area (validateArea over the old and new boxes of the changed parcels) and
 * writes the difference to `pd_findings` — a fraction of a second at 100k parcels, where a full
 * run takes seconds.
 */
import { CancelledError, UserError } from '../../../shared/errors.js';
import type { Locale } from '../../../shared/i18n/messages.js';
import type {
  ExceptionReview,
  FindingItem,
  FindingsPage,
  FindingsQuery,
  FixPreview,
  FixRequest,
  FixResult,
} from '../../../shared/ipc/validation.js';
import { ExceptionCommand } from '../../../shared/commands/mark-exception.js';
import type { Finding, FindingCounts, RuleId } from '../../../shared/model/finding.js';
import { compareFindings } from './finding-order.js';
import { planRepairs, repairCommand, type RepairPlan } from '../../../shared/repair/plan.js';
import type { ParcelSet } from '../../../shared/topology/parcel-set.js';
import { countFindings, validate, type ValidationProgress } from '../../../shared/validation/validate.js';
import type { ValidationSettings } from '../../../shared/validation/settings.js';
import type { ChangeEvent, ProjectEditor } from '../project/editor.js';
import { PARCELS_TABLE } from '../project/schema.js';
import { ExceptionStore } from './exception-store.js';
import { newRunInfo, readFindings, readRunInfo, saveFindingsChange, saveFullRun, type ValidationRunInfo } from './findings-store.js';
import { classifyChange, recheck } from './incremental.js';
import { LiveParcelSet } from './live-parcel-set.js';
import { loadParcelSet, readParcels } from './load-parcel-set.js';
import { readValidationSettings, writeValidationSettings } from './validation-settings.js';
import type { ValidationReference } from '../../../shared/model/reference-area.js';
import { readValidationReference } from '../project/reference-areas.js';

/** Options of a full run. */
export interface FullRunOptions {
  tolerance?: number;
  rules?: RuleId[];
  onProgress?: (p: ValidationProgress) => void;
  shouldCancel?: () => boolean;
}

export interface FullRunSummary {
  parcels: number;
  ms: number;
  findings: number;
  counts: FindingCounts;
}

/** What the last incremental check did (for tests and the benchmark). */
export interface IncrementalStats {
  parcels: number[];
  /** Rules re-run (only those the edit could affect). */
  rules: RuleId[];
  checkedParcels: number;
  /** Time from the change event to the findings written (ms). */
  ms: number;
  /** Where that time went: read, update (parcel set), check (rules), merge, save (ms). */
  phases: Record<string, number>;
  added: number;
  removed: number;
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}

/** Same sheet number for "05" and "5", as the parcel search does. */
function sameSheet(a: string, b: string): boolean {
  if (a === b) return true;
  return /^\d+$/.test(a) && /^\d+$/.test(b) && Number(a) === Number(b);
}

export class ValidationSession {
  readonly exceptions: ExceptionStore;
  private live: LiveParcelSet | null = null;
  /** Sheet frames and commune boundary the project holds, read when first needed. */
  private ref: ValidationReference | null = null;
  /** Current findings by fingerprint, with the sheets of their parcels. */
  private findings = new Map<string, { finding: Finding; sheets: string[] }>();
  private sorted: Finding[] | null = null;
  private run: ValidationRunInfo | null;
  /** Parcels changed while a full run was under way; re-checked when its result arrives. */
  private pending: Set<number> | null = null;
  private runningJob: string | null = null;
  private readonly unsubscribe: () => void;
  lastIncremental: IncrementalStats | null = null;

  constructor(
    readonly editor: ProjectEditor,
    private readonly user: string,
  ) {
    const db = editor.project.db;
    this.exceptions = new ExceptionStore(db);
    this.run = readRunInfo(db);
    if (this.run) for (const s of readFindings(db)) this.findings.set(s.finding.fingerprint, s);
    const offBefore = editor.onBeforeChange((cmd) => {
      // The old boxes of the changed parcels are the other half of the dirty area: read the set
      // before the command writes, if it was not read yet.
      if (this.run && !this.live && cmd.type !== 'exception') this.parcelSet();
    });
    const offAfter = editor.onChange((e) => this.onChange(e));
    this.unsubscribe = () => {
      offBefore();
      offAfter();
    };
  }

  private disposed = false;

  dispose(): void {
    this.disposed = true;
    this.unsubscribe();
    this.live = null;
    this.findings.clear();
  }

  get validated(): boolean {
    return this.run !== null;
  }

  /** The project's settings with the tolerance and rules of the last run, which edits are re-checked with. */
  settings(): ValidationSettings {
    const base = readValidationSettings(this.editor.project).settings;
    if (!this.run) return base;
    return { ...base, tolerance: this.run.tolerance, ...(this.run.rules ? { rules: this.run.rules } : {}) };
  }

  /** The frames and boundaries stored in the project (re-read after invalidate()). */
  reference(): ValidationReference {
    this.ref ??= readValidationReference(this.editor.project.db);
    return this.ref;
  }

  /** The parcel set, read from the project the first time it is needed. */
  parcelSet(): LiveParcelSet {
    this.live ??= new LiveParcelSet(loadParcelSet(this.editor.project.db));
    return this.live;
  }

  private sheetsOf(f: Finding): string[] {
    const live = this.live;
    if (!live) return [];
    return [...new Set(f.parcels.map((fid) => live.sheetOf(fid)))].sort();
  }

  /** Store a new snapping tolerance for the project (validated first). */
  setTolerance(tolerance: number | undefined): void {
    if (tolerance === undefined) return;
    if (!Number.isFinite(tolerance) || tolerance < 0) {
      throw new UserError('validation.badSetting', { detail: `tolerance must be a number >= 0, got ${tolerance}` });
    }
    writeValidationSettings(this.editor.project, { tolerance });
  }

  /**
   * Full validation in this thread: read every parcel, run every rule, store the findings.
   * `tolerance` and `rules` apply to this run (and the edits after it) without changing the
   * project's settings.
   */
  runFull(opts: FullRunOptions = {}): FullRunSummary {
    const t0 = now();
    const set = loadParcelSet(this.editor.project.db, {
      onProgress: (done, total) => opts.onProgress?.({ phase: 'load', done, total }),
      shouldCancel: opts.shouldCancel,
    });
    const settings: ValidationSettings = {
      ...readValidationSettings(this.editor.project).settings,
      ...(opts.tolerance !== undefined ? { tolerance: opts.tolerance } : {}),
      ...(opts.rules ? { rules: opts.rules } : {}),
    };
    this.ref = null;
    const result = validate(set, settings, { onProgress: opts.onProgress, shouldCancel: opts.shouldCancel, reference: this.reference() });
    return this.adopt(set, result.findings, settings, now() - t0);
  }

  /**
   * Take a full run's result (from this thread or a worker): the set becomes the live set, parcels
   * edited meanwhile are re-checked, and the findings replace the stored ones. A worker stores its
   * findings itself (`stored` is then its run summary), so this thread only writes what the edits
   * made meanwhile changed.
   */
  adopt(set: ParcelSet, found: Finding[], settings: ValidationSettings, ms: number, stored?: ValidationRunInfo): FullRunSummary {
    // The project was closed while a worker validated it: nothing to keep.
    if (this.disposed) throw new CancelledError();
    this.live = new LiveParcelSet(set);
    this.findings.clear();
    for (const f of found) if (!this.findings.has(f.fingerprint)) this.findings.set(f.fingerprint, { finding: f, sheets: [] });
    for (const v of this.findings.values()) v.sheets = this.sheetsOf(v.finding);
    this.sorted = null;
    const pending = this.pending;
    this.pending = null;
    if (stored) {
      this.run = stored;
      if (pending && pending.size > 0) this.recheck([...pending], settings, true);
    } else {
      if (pending && pending.size > 0) this.recheck([...pending], settings);
      this.run = newRunInfo(set.count, settings, ms);
      const live = this.live;
      saveFullRun(this.editor.project.db, this.list(), this.run, (fid) => live.sheetOf(fid));
    }
    return { parcels: set.count, ms: this.run.ms, findings: this.findings.size, counts: countFindings(this.list()) };
  }

  /** Called when a full run starts elsewhere (a worker): edits from now on are re-checked on adopt. */
  beginExternalRun(jobId: string): void {
    this.pending = new Set();
    this.runningJob = jobId;
  }

  endExternalRun(): void {
    this.pending = null;
    this.runningJob = null;
  }

  /** Forget the parcels and mark findings stale (the project changed underneath, e.g. an import). */
  invalidate(): void {
    this.live = null;
    this.ref = null;
  }

  private onChange(e: ChangeEvent): void {
    // Exception changes do not touch parcels: the list reads exceptions at query time.
    if (e.command.type === 'exception') return;
    if (this.pending) for (const fid of e.parcels) this.pending.add(fid);
    if (!this.run) {
      // Never validated: only keep a loaded set in step.
      if (this.live) this.live.update(e.parcels, readParcels(this.editor.project.db, e.parcels));
      return;
    }
    this.recheck(e.parcels, this.settings(), true);
  }

  /** Incremental check of some parcels against the current project state. */
  private recheck(fids: number[], settings: ValidationSettings, persist = false): void {
    const t0 = now();
    const phases: Record<string, number> = {};
    let mark = t0;
    const lap = (name: string): void => {
      const t = now();
      phases[name] = Math.round((t - mark) * 10) / 10;
      mark = t;
    };
    const db = this.editor.project.db;
    const live = this.parcelSet();
    const fresh = readParcels(db, fids);
    const kinds = classifyChange(live, fids, fresh);
    lap('read');
    const update = live.update(fids, fresh);
    lap('update');
    // Unsorted: sorting 15k findings on every edit is wasted work; query() sorts.
    const before = [...this.findings.values()].map((v) => v.finding);
    const result = recheck(live, before, fids, kinds, update.bbox, update.removed, settings, this.reference());
    lap('check');
    const oldPrints = new Set(before.map((f) => f.fingerprint));
    const newPrints = new Set(result.findings.map((f) => f.fingerprint));
    const removed = [...oldPrints].filter((fp) => !newPrints.has(fp));
    const added = result.findings.filter((f) => !oldPrints.has(f.fingerprint));
    for (const fp of removed) this.findings.delete(fp);
    for (const f of added) this.findings.set(f.fingerprint, { finding: f, sheets: this.sheetsOf(f) });
    if (kinds.numbers) {
      // Sheet numbers may have changed on parcels of findings that stayed.
      const changed = new Set(fids);
      for (const v of this.findings.values()) if (v.finding.parcels.some((fid) => changed.has(fid))) v.sheets = this.sheetsOf(v.finding);
    }
    if (removed.length > 0 || added.length > 0) this.sorted = null;
    lap('merge');
    if (persist && this.run) {
      this.run = { ...this.run, updatedAt: new Date().toISOString() };
      saveFindingsChange(db, removed, added, this.run, (fid) => live.sheetOf(fid));
    }
    lap('save');
    this.lastIncremental = {
      parcels: [...fids],
      rules: result.rules,
      checkedParcels: result.checkedParcels,
      ms: now() - t0,
      phases,
      added: added.length,
      removed: removed.length,
    };
  }

  /** Current findings, sorted: errors first, then by rule and parcel. */
  list(): Finding[] {
    if (!this.sorted) this.sorted = [...this.findings.values()].map((v) => v.finding).sort(compareFindings);
    return this.sorted;
  }

  /** Findings that are not accepted exceptions. */
  openFindings(): Finding[] {
    const active = this.exceptions.active();
    return this.list().filter((f) => !active.has(f.fingerprint));
  }

  /** True when parcels changed after the findings were last brought up to date, outside the session. */
  private stale(): boolean {
    if (!this.run) return false;
    const row = this.editor.project.db
      .prepare(`SELECT last_change FROM gpkg_contents WHERE table_name = ?`)
      .get(PARCELS_TABLE) as { last_change: string } | undefined;
    return !!row && row.last_change > this.run.updatedAt;
  }

  query(q: FindingsQuery = {}): FindingsPage {
    const active = this.exceptions.active();
    const mode = q.exceptions ?? 'open';
    const sheet = q.sheet?.trim() || undefined;
    const counts: FindingsPage['counts'] = { byRule: {}, bySeverity: {}, open: 0, excepted: 0 };
    const items: FindingItem[] = [];
    let total = 0;
    const offset = Math.max(0, Math.floor(q.offset ?? 0));
    const limit = Math.max(1, Math.min(Math.floor(q.limit ?? 200), 5000));
    for (const f of this.list()) {
      const entry = this.findings.get(f.fingerprint);
      const sheets = entry?.sheets ?? [];
      if (sheet !== undefined && !sheets.some((s) => sameSheet(s, sheet))) continue;
      const exception = active.get(f.fingerprint) ?? null;
      if (exception) counts.excepted++;
      else counts.open++;
      if (mode === 'open' && exception) continue;
      if (mode === 'excepted' && !exception) continue;
      counts.byRule[f.rule] = (counts.byRule[f.rule] ?? 0) + 1;
      counts.bySeverity[f.severity] = (counts.bySeverity[f.severity] ?? 0) + 1;
      if (q.rule && f.rule !== q.rule) continue;
      if (q.severity && f.severity !== q.severity) continue;
      if (total >= offset && items.length < limit) items.push({ ...f, sheets, exception });
      total++;
    }
    return {
      validated: this.validated,
      validatedAt: this.run?.at ?? null,
      stale: this.stale(),
      running: this.runningJob,
      tolerance: this.run?.tolerance ?? readValidationSettings(this.editor.project).settings.tolerance,
      counts,
      total,
      offset,
      items,
    };
  }

  private findingByPrint(fingerprint: string): Finding {
    const f = this.findings.get(fingerprint)?.finding;
    if (!f) throw new UserError('validation.findingNotFound', { fingerprint });
    return f;
  }

  /** Accept a finding as an exception (a command: undoable, audited). */
  markException(fingerprint: string, reason: string): void {
    const f = this.findingByPrint(fingerprint);
    this.editor.execute(ExceptionCommand.mark(this.editor.parcels, f, reason, this.user));
  }

  /** Every exception on record, newest first, with whether its finding is still found. */
  exceptionReview(): ExceptionReview[] {
    return this.exceptions.all().map((e) => ({ ...e, present: this.findings.has(e.fingerprint) }));
  }

  revokeException(fingerprint: string): void {
    this.editor.execute(ExceptionCommand.revoke(this.editor.parcels, fingerprint, this.user));
  }

  private requireValidated(): void {
    if (!this.run) throw new UserError('validation.notRun');
  }

  /** Plan repairs of the open findings; nothing is changed. */
  planFix(req: FixRequest): RepairPlan {
    this.requireValidated();
    const settings = this.settings();
    const unknown = (req.fingerprints ?? []).filter((fp) => !this.findings.has(fp));
    if (unknown.length > 0) throw new UserError('validation.findingNotFound', { fingerprint: unknown[0] });
    return planRepairs(this.parcelSet().set, this.openFindings(), {
      rules: req.rules,
      choose: req.choose,
      tolerance: settings.tolerance,
      fingerprints: req.fingerprints,
      choices: req.choices,
      settings,
      reference: this.reference(),
      allowWarnings: req.allowWarnings,
      maxFragmentShare: req.maxFragmentShare,
    });
  }

  previewFix(req: FixRequest): FixPreview {
    const plan = this.planFix(req);
    return { ...plan.preview, unresolved: plan.unresolved, warnings: plan.warnings };
  }

  /** Apply the planned repairs as one command (one undo step), then the findings follow by themselves. */
  applyFix(req: FixRequest, locale: Locale): FixResult {
    const plan = this.planFix(req);
    const applied = plan.commands.length > 0;
    if (applied) this.editor.execute(repairCommand(plan));
    return {
      ...plan.preview,
      unresolved: plan.unresolved,
      warnings: plan.warnings,
      applied,
      history: this.editor.historyState(locale),
      after: countFindings(this.openFindings()),
    };
  }
}
