/**
 * Commands of the `parceldesk` CLI. Kept apart from the process entry so tests run them in-process
 * with captured output.
 */
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { CancelledError, UserError } from '../../shared/errors.js';
import { crsByEpsg, parseCrsCode, suggestZones, VN2000_ZONES, type CrsDef } from '../../shared/geo/crs.js';
import { crsFromWkt } from '../../shared/geo/prj.js';
import { formatMessage, type Locale } from '../../shared/i18n/messages.js';
import type { ImportOptions } from '../../shared/ipc/contract.js';
import { parseMappingArgs } from '../../shared/model/field-mapping.js';
import { openSource } from '../services/import/open-source.js';
import { runImport, samplePositions, type ProgressSink } from '../services/import/import-pipeline.js';
import { importTarget } from '../services/import/reference-import.js';
import { ProjectFile } from '../services/project/project-file.js';
import { writeSampleProject } from '../services/project/sample-project.js';
import { list, parseArgs, str } from './args.js';
import { cmdFix, cmdValidate } from './validate-commands.js';

export interface CliIo {
  stdout(s: string): void;
  stderr(s: string): void;
  isTTY: boolean;
  env: Record<string, string | undefined>;
}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_BAD_INPUT = 2;

const USAGE = `parceldesk <command> [options]

Commands / Lệnh:
  import <file…> --project <p.gpkg> [--crs EPSG:NNNN] [--commune CODE] [--layer NAME]
         [--sheet N] [--profile NAME] [--map field=column …] [--encoding tcvn3|vni|windows-1258|utf-8]
         [--as parcels|sheet-frames|commune-boundary] [--json]
  info <p.gpkg> [--json]
  sample <p.gpkg> [--seed N] [--json]      write the synthetic sample commune as a new project
  validate <p.gpkg | file> [--crs EPSG:NNNN] [--tolerance M] [--rules r1,r2] [--json]
                                           topology/attribute findings; exit 1 while errors remain
  fix <p.gpkg> [--rules r1,r2] [--choose longest-boundary|legal-area] [--tolerance m] [--dry-run] [--json]
      [--allow-warnings [--max-fragment-share 0.1]]
                                           repair as one undoable step, then validate again;
                                           --allow-warnings: accept new spike/area-mismatch/sliver
                                           warnings (listed) where nothing clean is left
Common: --lang vi|en, --help
`;

function localeOf(io: CliIo, lang: string | undefined): Locale {
  const l = lang ?? io.env.PARCELDESK_LANG ?? '';
  if (l.startsWith('en')) return 'en';
  return 'vi';
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  const langIdx = argv.indexOf('--lang');
  const locale = localeOf(io, langIdx >= 0 ? argv[langIdx + 1] : undefined);
  try {
    switch (command) {
      case 'import':
        return await cmdImport(rest, io, locale);
      case 'info':
        return cmdInfo(rest, io);
      case 'sample':
        return cmdSample(rest, io);
      case 'validate':
        return await cmdValidate(rest, io, locale, projectCrsFor);
      case 'fix':
        return await cmdFix(rest, io, locale);
      case undefined:
      case '--help':
      case 'help':
        io.stdout(USAGE);
        return command === undefined ? EXIT_BAD_INPUT : EXIT_OK;
      default:
        throw new UserError('cli.usage', { detail: `unknown command "${command}"` });
    }
  } catch (err) {
    if (err instanceof UserError) {
      io.stderr(`parceldesk: ${err.text(locale)}\n`);
      return EXIT_BAD_INPUT;
    }
    if (err instanceof CancelledError) {
      io.stderr(`parceldesk: ${formatMessage(locale, 'job.cancelled', {})}\n`);
      return EXIT_FINDINGS;
    }
    throw err;
  }
}

const COMMON = { json: {}, lang: { value: true }, help: {} } as const;

/** The project CRS when a new project is created by an import. */
function projectCrsFor(files: string[], options: ImportOptions, layer: string | undefined): CrsDef {
  if (options.crs) return parseCrsCode(options.crs);
  let suggestions = '—';
  for (const f of files) {
    const src = openSource(f, { layer, encoding: options.encoding, profile: options.profile, sheet: options.sheet });
    try {
      if (!src.crsWkt) {
        // CRS-less sources (DGN sheets carry none): suggest zones from their coordinates.
        const zones = suggestions === '—' ? suggestZones(samplePositions(src, 50) as Array<[number, number]>) : [];
        if (zones.length) suggestions = zones.map((z) => z.crs).join(', ');
        continue;
      }
      const m = /^EPSG:(\d+)$/i.exec(src.crsWkt.trim());
      const def = m ? crsByEpsg(Number(m[1])) : crsFromWkt(src.crsWkt);
      if (def && def.meridian !== null) return def;
      if (def) {
        // Geographic data (WGS84): a project needs a projected VN-2000 zone; suggest by longitude.
        const pts = samplePositions(src, 50);
        const lon = pts.reduce((s, p) => s + p[0], 0) / Math.max(1, pts.length);
        const near = [...VN2000_ZONES]
          .filter((z) => z.meridian !== null && Math.abs((z.meridian as number) - lon) <= 1.5)
          .sort((a, b) => Math.abs((a.meridian as number) - lon) - Math.abs((b.meridian as number) - lon))
          .slice(0, 4);
        throw new UserError('import.noCrs', {
          file: src.file,
          suggestions: near.length ? near.map((z) => `${z.code} (${z.meridianLabel})`).join(', ') : '—',
        });
      }
    } finally {
      src.close();
    }
  }
  throw new UserError('import.noCrs', { file: files[0], suggestions });
}

async function cmdImport(argv: string[], io: CliIo, locale: Locale): Promise<number> {
  const { positionals, options } = parseArgs(argv, {
    ...COMMON,
    project: { value: true },
    crs: { value: true },
    commune: { value: true },
    layer: { value: true },
    sheet: { value: true },
    profile: { value: true },
    encoding: { value: true },
    map: { value: true, repeat: true },
    as: { value: true },
  });
  const projectPath = str(options, 'project');
  if (!projectPath) throw new UserError('cli.usage', { detail: 'import needs --project <p.gpkg>' });
  if (positionals.length === 0) throw new UserError('cli.usage', { detail: 'import needs at least one input file' });
  const importOptions: ImportOptions = {
    crs: str(options, 'crs'),
    commune: str(options, 'commune'),
    layer: str(options, 'layer'),
    sheet: str(options, 'sheet'),
    profile: str(options, 'profile'),
    encoding: str(options, 'encoding'),
    mapping: parseMappingArgs(list(options, 'map')),
    importAs: importTarget(str(options, 'as'), positionals[0]),
  };
  if (importOptions.crs) parseCrsCode(importOptions.crs);
  const files = positionals.map((f) => path.resolve(f));
  const target = path.resolve(projectPath);
  const created = !existsSync(target);
  let project: ProjectFile | null = null;
  try {
    project = created
      ? ProjectFile.create(target, projectCrsFor(files, importOptions, importOptions.layer).epsg)
      : ProjectFile.open(target);
    const sink = progressSink(io, locale, !!options.json);
    const report = runImport(project, { files, options: importOptions }, sink);
    if (!options.json) io.stderr('\n');
    project.close();
    project = null;
    if (options.json) io.stdout(`${JSON.stringify(report)}\n`);
    else {
      for (const i of report.inputs) {
        io.stdout(`${i.file}: ${i.format}, ${i.features} features, ${i.imported} imported, ${i.skipped} skipped (${i.crs})\n`);
        if (i.frames !== undefined) io.stdout(`  sheet frames: ${i.frames}\n`);
        if (i.boundaries !== undefined) io.stdout(`  commune boundaries: ${i.boundaries}\n`);
        if (i.levels) {
          const levels = Object.entries(i.levels).map(([l, n]) => `${l}:${n}`).join(' ');
          const findings = Object.entries(i.findings ?? {}).map(([r, n]) => `${r} ${n}`).join(', ') || '—';
          io.stdout(`  levels ${levels}; profile ${i.profile}; sheet ${i.sheet ?? '—'}; ${i.built} parcels built; findings: ${findings}\n`);
        }
      }
      io.stdout(`${target}: ${report.parcels} parcels\n`);
    }
    return EXIT_OK;
  } catch (err) {
    project?.close();
    // A project this command created is removed again: a failed import leaves nothing behind.
    if (created) {
      for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(target + suffix, { force: true });
    }
    throw err;
  }
}

function progressSink(io: CliIo, locale: Locale, json: boolean): ProgressSink {
  let last = 0;
  return {
    progress(phase, done, total) {
      if (json || !io.isTTY) return;
      const now = Date.now();
      if (now - last < 200) return;
      last = now;
      const label = phase.startsWith('phase.') ? formatMessage(locale, phase as 'phase.done', { file: '' }) : phase;
      io.stderr(`\r${label} ${done}${total ? `/${total}` : ''}   `);
    },
    cancelled: () => false,
  };
}

function cmdInfo(argv: string[], io: CliIo): number {
  const { positionals, options } = parseArgs(argv, COMMON);
  if (positionals.length !== 1) throw new UserError('cli.usage', { detail: 'info needs exactly one project file' });
  const project = ProjectFile.open(positionals[0], { readonly: true });
  try {
    const info = {
      parcels: project.parcelCount(),
      crs: project.crs.code,
      extent: project.extent(),
      sheets: project.sheets(),
    };
    if (options.json) io.stdout(`${JSON.stringify(info)}\n`);
    else {
      io.stdout(`${project.path}\n  parcels: ${info.parcels}\n  crs: ${info.crs} (${project.crs.name})\n`);
      io.stdout(`  extent: ${info.extent ? info.extent.map((v) => v.toFixed(3)).join(', ') : '—'}\n`);
      for (const s of info.sheets) io.stdout(`  sheet ${s.sheet || '—'}: ${s.parcels}\n`);
    }
    return EXIT_OK;
  } finally {
    project.close();
  }
}

function cmdSample(argv: string[], io: CliIo): number {
  const { positionals, options } = parseArgs(argv, { ...COMMON, seed: { value: true } });
  if (positionals.length !== 1) throw new UserError('cli.usage', { detail: 'sample needs the new project path' });
  const seedText = str(options, 'seed');
  const seed = seedText === undefined ? 2026 : Number(seedText);
  if (!Number.isInteger(seed)) throw new UserError('cli.usage', { detail: '--seed must be an integer' });
  const project = writeSampleProject(path.resolve(positionals[0]), seed);
  try {
    const out = { project: project.path, parcels: project.parcelCount(), crs: project.crs.code };
    io.stdout(options.json ? `${JSON.stringify(out)}\n` : `${out.project}: ${out.parcels} parcels (${out.crs})\n`);
    return EXIT_OK;
  } finally {
    project.close();
  }
}
