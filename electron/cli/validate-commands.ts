/**
 * `parceldesk validate` and `parceldesk fix`: topology QA from the command line, over the same
 * validation session the app uses. Findings accepted as exceptions in the project are listed apart
 * and never count as errors; the exit code is 1 while open errors remain.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UserError } from '../../shared/errors.js';
import type { CrsDef } from '../../shared/geo/crs.js';
import { parseCrsCode } from '../../shared/geo/crs.js';
import { geometryToWkt } from '../../shared/geo/wkt.js';
import type { Locale } from '../../shared/i18n/messages.js';
import type { ImportOptions } from '../../shared/ipc/contract.js';
import type { FixRequest } from '../../shared/ipc/validation.js';
import type { Finding, RuleId } from '../../shared/model/finding.js';
import { countFindings, type ValidationProgress } from '../../shared/validation/validate.js';
import type { ValidationSettings } from '../../shared/validation/settings.js';
import { readParcelsInMemory } from '../services/import/read-parcels.js';
import { ProjectEditor } from '../services/project/editor.js';
import { ProjectFile } from '../services/project/project-file.js';
import { checkChoose, checkRule } from '../services/validation/requests.js';
import { ValidationSession } from '../services/validation/validation-session.js';
import { distinctSortedFindings } from '../services/validation/finding-order.js';
import { loadParcelSet } from '../services/validation/load-parcel-set.js';
import { DEFAULT_MAP_SCALE, defaultSettingsForScale, readValidationSettings } from '../services/validation/validation-settings.js';
import { validateParallel } from '../services/validation-engine/parallel.js';
import { parseArgs, str } from './args.js';
import type { CliIo } from './run.js';

const EXIT_OK = 0;
const EXIT_FINDINGS = 1;

const COMMON = { json: {}, lang: { value: true }, help: {} } as const;

/** Finds the CRS of a new project for some input files (run.ts owns the rules). */
export type ProjectCrsFor = (files: string[], options: ImportOptions, layer: string | undefined) => CrsDef;

function cliUser(io: CliIo): string {
  const fromEnv = io.env.PARCELDESK_USER;
  if (fromEnv) return fromEnv;
  try {
    return os.userInfo().username || 'parceldesk';
  } catch {
    return 'parceldesk';
  }
}

function parseRules(text: string | undefined): RuleId[] | undefined {
  if (text === undefined) return undefined;
  const ids = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (ids.length === 0) throw new UserError('cli.usage', { detail: '--rules needs at least one rule id' });
  return ids.map(checkRule);
}

function parseTolerance(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const v = Number(text.replace(',', '.'));
  if (!Number.isFinite(v) || v < 0) throw new UserError('cli.usage', { detail: `--tolerance must be metres >= 0, got "${text}"` });
  return v;
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/** A finding as the CLI's JSON lists it. */
export function findingJson(f: Finding): Record<string, unknown> {
  const out: Record<string, unknown> = {
    rule: f.rule,
    severity: f.severity,
    parcels: f.parcels,
    x: round(f.x, 3),
    y: round(f.y, 3),
  };
  if (f.area !== undefined) out.area = round(f.area, 4);
  if (f.width !== undefined) out.width = round(f.width, 4);
  if (f.geometry) out.wkt = geometryToWkt(f.geometry);
  if (f.detail) out.detail = f.detail;
  out.fingerprint = f.fingerprint;
  return out;
}

function progress(io: CliIo, json: boolean): (p: ValidationProgress) => void {
  let last = 0;
  return (p) => {
    if (json || !io.isTTY) return;
    const t = Date.now();
    if (t - last < 200) return;
    last = t;
    io.stderr(`\r${p.phase} ${p.done}${p.total ? `/${p.total}` : ''}      `);
  };
}

/**
 * True only for a project ParcelDesk made (its pd_settings carries a schema version). Checked over a
 * read-only connection: a GeoPackage from GDAL that merely has a `parcels` layer must never be opened
 * for writing (opening a project switches its journal mode), let alone validated in place.
 */
function isParcelDeskProject(file: string): boolean {
  if (path.extname(file).toLowerCase() !== '.gpkg') return false;
  let probe: ProjectFile;
  try {
    // ProjectFile.open refuses GeoPackages without ParcelDesk's marker before writing anything.
    probe = ProjectFile.open(file, { readonly: true });
  } catch (err) {
    if (err instanceof UserError && (err.code === 'project.notParcelDesk' || err.code === 'crs.unknown')) return false;
    throw err;
  }
  probe.close();
  return true;
}

/** Opens the input as a ParcelDesk project, or null when it is some other file to import first. */
function openProjectOrNull(file: string): ProjectFile | null {
  return isParcelDeskProject(file) ? ProjectFile.open(file) : null;
}

/** Opens a ParcelDesk project for writing; anything else is refused before it is touched. */
function openProjectForFix(file: string): ProjectFile {
  if (!isParcelDeskProject(file)) {
    if (!existsSync(file)) throw new UserError('project.notFound', { file });
    throw new UserError('project.notParcelDesk', { file });
  }
  return ProjectFile.open(file);
}

/** What one validation produced, whichever way the parcels were read. */
interface ValidationOutcome {
  parcels: number;
  ms: number;
  tolerance: number;
  /** Open findings, in listing order. */
  open: Finding[];
  /** Findings the project accepts as exceptions (none for a plain data file). */
  excepted: Finding[];
}

/**
 * Validates a ParcelDesk project in place: the findings are stored in it like the app's, and its
 * exceptions apply. The rules run on two threads when the set is large (validateParallel).
 */
async function validateProject(project: ProjectFile, io: CliIo, opts: RunOpts): Promise<ValidationOutcome> {
  const t0 = performance.now();
  const editor = new ProjectEditor(project, cliUser(io));
  const session = new ValidationSession(editor, cliUser(io));
  const set = loadParcelSet(project.db, { onProgress: (done, total) => opts.onProgress({ phase: 'load', done, total }) });
  const settings: ValidationSettings = {
    ...readValidationSettings(project).settings,
    ...(opts.tolerance !== undefined ? { tolerance: opts.tolerance } : {}),
    ...(opts.rules ? { rules: opts.rules } : {}),
  };
  const result = await validateParallel(set, settings, { onProgress: opts.onProgress, reference: session.reference() });
  const summary = session.adopt(set, result.findings, settings, performance.now() - t0);
  const active = session.exceptions.active();
  const all = session.list();
  return {
    parcels: summary.parcels,
    ms: summary.ms,
    tolerance: session.settings().tolerance,
    open: all.filter((f) => !active.has(f.fingerprint)),
    excepted: all.filter((f) => active.has(f.fingerprint)),
  };
}

/**
 * Validates any importable file as it is: read, reprojected and mapped exactly as an import into a
 * new project would (same fids, same default settings for the default map scale), but held in
 * memory — nothing is written anywhere.
 */
async function validateDataFile(input: string, crs: string | undefined, projectCrsFor: ProjectCrsFor, opts: RunOpts): Promise<ValidationOutcome> {
  const t0 = performance.now();
  const options: ImportOptions = { crs };
  const target = projectCrsFor([input], options, undefined);
  const { set } = readParcelsInMemory({ files: [input], options }, target);
  const settings: ValidationSettings = {
    ...defaultSettingsForScale(DEFAULT_MAP_SCALE),
    ...(opts.tolerance !== undefined ? { tolerance: opts.tolerance } : {}),
    ...(opts.rules ? { rules: opts.rules } : {}),
  };
  const result = await validateParallel(set, settings, { onProgress: opts.onProgress });
  return {
    parcels: set.count,
    ms: Math.round(performance.now() - t0),
    tolerance: settings.tolerance,
    open: distinctSortedFindings(result.findings),
    excepted: [],
  };
}

interface RunOpts {
  tolerance?: number;
  rules?: RuleId[];
  onProgress: (p: ValidationProgress) => void;
}

export async function cmdValidate(argv: string[], io: CliIo, _locale: Locale, projectCrsFor: ProjectCrsFor): Promise<number> {
  const { positionals, options } = parseArgs(argv, {
    ...COMMON,
    crs: { value: true },
    tolerance: { value: true },
    rules: { value: true },
  });
  if (positionals.length !== 1) throw new UserError('cli.usage', { detail: 'validate needs exactly one project or data file' });
  const input = path.resolve(positionals[0]);
  const crs = str(options, 'crs');
  if (crs) parseCrsCode(crs);
  const json = !!options.json;
  const opts: RunOpts = {
    tolerance: parseTolerance(str(options, 'tolerance')),
    rules: parseRules(str(options, 'rules')),
    onProgress: progress(io, json),
  };
  const project = openProjectOrNull(input);
  let outcome: ValidationOutcome;
  try {
    outcome = project ? await validateProject(project, io, opts) : await validateDataFile(input, crs, projectCrsFor, opts);
  } finally {
    project?.close();
  }
  if (!json && io.isTTY) io.stderr('\n');
  const { open, excepted } = outcome;
  const errors = open.filter((f) => f.severity === 'error').length;
  if (json) {
    io.stdout(
      `${JSON.stringify({
        parcels: outcome.parcels,
        ms: outcome.ms,
        tolerance: outcome.tolerance,
        counts: countFindings(open),
        excepted: countFindings(excepted),
        errors,
        findings: open.map(findingJson),
      })}\n`,
    );
  } else {
    for (const f of open) {
      const measures = [f.area !== undefined ? `${round(f.area, 2)} m²` : '', f.width !== undefined ? `${round(f.width, 3)} m` : '']
        .filter(Boolean)
        .join(' ');
      io.stdout(`${f.severity}\t${f.rule}\t${f.parcels.join(',')}\t${round(f.x, 3)} ${round(f.y, 3)}\t${measures}\n`);
    }
    const counts = Object.entries(countFindings(open)).map(([r, n]) => `${r} ${n}`).join(', ') || '—';
    io.stdout(`${input}: ${outcome.parcels} parcels, ${outcome.ms} ms; findings: ${counts}; accepted exceptions: ${excepted.length}\n`);
  }
  return errors > 0 ? EXIT_FINDINGS : EXIT_OK;
}

/** Thrown inside the dry run's transaction to roll everything back. */
class DryRunRollback extends Error {}

export async function cmdFix(argv: string[], io: CliIo, locale: Locale): Promise<number> {
  const { positionals, options } = parseArgs(argv, {
    ...COMMON,
    rules: { value: true },
    choose: { value: true },
    tolerance: { value: true },
    'dry-run': {},
    'allow-warnings': {},
    'max-fragment-share': { value: true },
  });
  if (positionals.length !== 1) throw new UserError('cli.usage', { detail: 'fix needs exactly one project file' });
  const choose = checkChoose(str(options, 'choose') ?? 'longest-boundary');
  if (choose === 'ask') throw new UserError('cli.usage', { detail: '--choose ask needs the app; use longest-boundary or legal-area' });
  const req: FixRequest = { choose, rules: parseRules(str(options, 'rules')) };
  if (options['allow-warnings']) req.allowWarnings = true;
  const share = str(options, 'max-fragment-share');
  if (share !== undefined) {
    if (!req.allowWarnings) throw new UserError('cli.usage', { detail: '--max-fragment-share only applies with --allow-warnings' });
    const v = Number(share.replace(',', '.'));
    if (!Number.isFinite(v) || v < 0 || v > 1) throw new UserError('cli.usage', { detail: `--max-fragment-share must be a share between 0 and 1, got "${share}"` });
    req.maxFragmentShare = v;
  }
  // The findings, the repair and the count after all use this tolerance (the project's otherwise).
  const tolerance = parseTolerance(str(options, 'tolerance'));
  const dryRun = !!options['dry-run'];
  const json = !!options.json;
  const project = openProjectForFix(path.resolve(positionals[0]));
  try {
    const user = cliUser(io);
    const editor = new ProjectEditor(project, user);
    const session = new ValidationSession(editor, user);
    let out: Record<string, unknown> = {};
    let errors = 0;
    const work = (): void => {
      session.runFull({ tolerance, onProgress: progress(io, json) });
      const before = countFindings(session.openFindings());
      const result = session.applyFix(req, locale);
      const open = session.openFindings();
      errors = open.filter((f) => f.severity === 'error').length;
      out = {
        dryRun,
        counts: result.counts,
        parcels: result.parcels,
        items: result.items,
        unresolved: result.unresolved,
        warnings: result.warnings,
        before: { counts: before },
        after: { counts: countFindings(open) },
      };
    };
    if (dryRun) {
      // Everything (findings, repair, audit row) happens in one transaction that is rolled back:
      // the preview is exactly what the repair would do, and the file is left untouched.
      try {
        project.db.transaction(() => {
          work();
          throw new DryRunRollback();
        })();
      } catch (err) {
        if (!(err instanceof DryRunRollback)) throw err;
      }
    } else {
      work();
    }
    if (!json && io.isTTY) io.stderr('\n');
    if (json) io.stdout(`${JSON.stringify(out)}\n`);
    else {
      const items = out.items as Array<{ rule: string; action: string; actionEn: string }>;
      for (const it of items) io.stdout(`${it.rule}\t${locale === 'en' ? it.actionEn : it.action}\n`);
      for (const u of out.unresolved as Array<{ rule: string; parcels: number[]; reason: string; reasonEn: string }>) {
        io.stdout(`unresolved\t${u.rule}\t${u.parcels.join(',')}\t${locale === 'en' ? u.reasonEn : u.reason}\n`);
      }
      for (const w of out.warnings as Array<{ rule: string; parcel: number; reason: string; reasonEn: string }>) {
        io.stdout(`new-warning\t${w.rule}\t${w.parcel}\t${locale === 'en' ? w.reasonEn : w.reason}\n`);
      }
      const fmt = (c: unknown) => Object.entries(c as Record<string, number>).map(([r, n]) => `${r} ${n}`).join(', ') || '—';
      io.stdout(
        `${project.path}: ${dryRun ? 'would repair' : 'repaired'} ${fmt(out.counts)}; ${(out.parcels as number[]).length} parcels; ` +
          `open findings after: ${fmt((out.after as { counts: unknown }).counts)}\n`,
      );
    }
    return errors > 0 ? EXIT_FINDINGS : EXIT_OK;
  } finally {
    project.close();
  }
}
