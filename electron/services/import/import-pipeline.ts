/**
 * Import of cadastral sheets into a project: read every source, reproject to the project's VN-2000
 * zone, map fields onto the parcel model and write the parcels — all in ONE transaction, so a file
 * that fails (or a cancel) leaves the project exactly as it was.
 *
 * Runs wherever it is called: in a worker thread for the app (see jobs/), in-process for the CLI.
 */
import { CancelledError, UserError } from '../../../shared/errors.js';
import { crsByEpsg, parseCrsCode, suggestZones, type CrsDef } from '../../../shared/geo/crs.js';
import type { AreaGeometry, Geometry, Position } from '../../../shared/geo/geometry.js';
import { crsFromWkt } from '../../../shared/geo/prj.js';
import { makeTransformer, transformGeometry } from '../../../shared/geo/transform.js';
import type { ImportOptions, ImportReport, ImportInputReport } from '../../../shared/ipc/contract.js';
import { mapAttributes, resolveFieldMapping } from '../../../shared/model/field-mapping.js';
import type { ParcelAttributes } from '../../../shared/model/parcel.js';
import type { FeatureSource } from '../importers/feature-source.js';
import { ParcelWriter } from '../project/parcel-writer.js';
import type { ProjectFile } from '../project/project-file.js';
import { AUDIT_TABLE } from '../project/schema.js';
import { writeBuildFindings } from './build-findings-store.js';
import { openSource } from './open-source.js';
import { isSheetSource, sheetCrsInProject, sheetReport, type SheetSource } from './sheet-source.js';
import { readProjectProfile, writeProjectProfile } from './project-level-profile.js';
import { writeReferenceLayers } from './reference-layers.js';
import { drawnSheetFrame, importReferenceOne, importTarget } from './reference-import.js';
import { writeCommuneBoundaries, writeSheetFrames } from '../project/reference-areas.js';
import { validateProfile, type LevelProfile } from '../../../shared/sheet/level-profile.js';
import type { BuildFinding } from '../../../shared/sheet/build-parcels.js';

export interface ProgressSink {
  /** Called often; cheap. `total` is 0 while unknown. */
  progress(phase: string, done: number, total: number): void;
  /** Polled between batches; returning true rolls the import back. */
  cancelled(): boolean;
}

export const NO_PROGRESS: ProgressSink = { progress: () => {}, cancelled: () => false };

/** Resolve the CRS a source is in: its own, else the one the user chose, else an error with suggestions. */
export function sourceCrs(source: FeatureSource, options: ImportOptions, samplePoints: () => Position[]): CrsDef {
  if (source.crsWkt) {
    const m = /^EPSG:(\d+)$/i.exec(source.crsWkt.trim());
    const def = m ? crsByEpsg(Number(m[1])) : crsFromWkt(source.crsWkt);
    if (def) return def;
    throw new UserError('import.badCrs', { file: source.file, detail: source.crsWkt.slice(0, 120) });
  }
  if (options.crs) return parseCrsCode(options.crs);
  const suggestions = suggestZones(samplePoints() as Array<[number, number]>);
  throw new UserError('import.noCrs', {
    file: source.file,
    suggestions: suggestions.length ? suggestions.map((s) => s.crs).join(', ') : '—',
  });
}

/** A few coordinates from the first features, for CRS suggestions and plausibility checks. */
export function samplePositions(source: FeatureSource, max = 200): Position[] {
  const out: Position[] = [];
  for (const f of source.features()) {
    collectPositions(f.geometry, out, 20);
    if (out.length >= max) break;
  }
  return out;
}

function collectPositions(g: Geometry | null, out: Position[], max: number): void {
  if (!g) return;
  let n = 0;
  const push = (p: Position) => {
    if (n++ < max) out.push(p);
  };
  switch (g.type) {
    case 'Point':
      push(g.coordinates);
      break;
    case 'LineString':
      g.coordinates.forEach(push);
      break;
    case 'Polygon':
    case 'MultiLineString':
      g.coordinates.forEach((r) => r.forEach(push));
      break;
    case 'MultiPolygon':
      g.coordinates.forEach((p) => p.forEach((r) => r.forEach(push)));
      break;
  }
}

/**
 * Projected VN-2000 coordinates of Vietnam lie within these bounds in any TM-3 zone
 * (easting within ~±400 km of 500 000, northing from Cà Mau ≈ 950 km to Hà Giang ≈ 2 600 km).
 * A point outside means the source CRS is wrong (e.g. a .prj that lies, or swapped axes).
 */
function plausibleInProject(p: Position): boolean {
  return p[0] > 80_000 && p[0] < 920_000 && p[1] > 800_000 && p[1] < 2_700_000;
}

export interface ImportRequest {
  files: string[];
  options: ImportOptions;
}

/**
 * Run an import into an open project. Throws UserError (nothing written) or CancelledError
 * (rolled back). Returns the per-file report of the committed import.
 */
export function runImport(project: ProjectFile, req: ImportRequest, sink: ProgressSink = NO_PROGRESS, user = 'parceldesk'): ImportReport {
  if (req.files.length === 0) throw new UserError('cli.usage', { detail: 'no input files' });
  const writer = new ParcelWriter(project.db, project.srsId);
  const inputs: ImportInputReport[] = [];
  const target = project.crs;
  // Sheets: the dialog's edited profile, else --profile, else the project's saved one, else the default.
  const levelProfile = req.options.levelProfile ? validateProfile(req.options.levelProfile) : undefined;
  const savedProfile = readProjectProfile(project.db);
  let profileUsed: LevelProfile | null = null;
  const as = importTarget(req.options.importAs, req.files[0]);

  const importAll = project.db.transaction(() => {
    writer.begin();
    for (const file of req.files) {
      const { layer, encoding, profile, sheet } = req.options;
      const source = openSource(file, { layer, encoding, profile, levelProfile, savedProfile, sheet });
      try {
        const commune = req.options.commune ?? null;
        if (as !== 'parcels') {
          // Frames or a boundary: stored beside the parcels, never as parcels.
          const drawn = isSheetSource(source) ? source : null;
          const r = importReferenceOne(source, target, req.options, as, sink, drawn ? (crs) => drawnSheetFrame(drawn, sheetToProject(project, crs), commune) : undefined);
          if (as === 'sheet-frames') r.report.frames = writeSheetFrames(project.db, project.srsId, source.file, r.frames);
          else r.report.boundaries = writeCommuneBoundaries(project.db, project.srsId, source.file, r.boundaries);
          inputs.push(r.report);
          continue;
        }
        const report = importOne(source, target, req.options, (geom, attrs) => writer.add(geom, attrs), sink);
        if (isSheetSource(source)) {
          const toProject = sheetToProject(project, report.crs);
          writeBuildFindings(project.db, source.file, source.sheet.result.stats.sheetNo, findingsInProject(source, toProject));
          const ref = writeReferenceLayers(project.db, project.srsId, source.sheet.drawing, source.sheet.roles, toProject);
          report.referenceLines = ref.lines;
          report.referenceTexts = ref.texts;
          // The sheet's own frame (level 63), so crosses-sheet can check its parcels.
          const frame = drawnSheetFrame(source, toProject, commune);
          if (frame) report.frames = writeSheetFrames(project.db, project.srsId, source.file, [frame]);
          profileUsed = source.sheet.profile;
        }
        inputs.push(report);
      } finally {
        source.close();
      }
    }
    // The profile that built the sheets becomes the project's: the next import uses it unasked.
    if (profileUsed) writeProjectProfile(project.db, profileUsed);
    sink.progress('phase.indexing', writer.written, writer.written);
    writer.end();
    project.touchContents();
    project.db
      .prepare(
        `INSERT INTO ${AUDIT_TABLE} (at, user, command, label, parcels, before, after, kind) VALUES (?, ?, 'import', ?, '[]', NULL, ?, 'do')`,
      )
      .run(
        new Date().toISOString(),
        user,
        `${as === 'sheet-frames' ? 'Nhập khung tờ bản đồ' : as === 'commune-boundary' ? 'Nhập địa giới xã' : 'Nhập'} ${inputs.map((i) => i.file).join(', ')}`,
        JSON.stringify({ inputs, options: req.options }),
      );
  });
  project.withBulkJournal(importAll);
  sink.progress('phase.done', writer.written, writer.written);
  return { inputs, parcels: project.parcelCount() };
}

/** Sheet coordinates (in `crs`) → project coordinates; null when they are the same. */
function sheetToProject(project: ProjectFile, crs: string | null): ((p: Position) => Position) | null {
  const from = crs ? parseCrsCode(crs) : project.crs;
  const t = from.epsg === project.crs.epsg ? null : makeTransformer(from, project.crs);
  return t ? (p) => t.forward(p) : null;
}

/** The build findings where the parcels are: in the project CRS, so zooming to one lands on the map. */
function findingsInProject(source: SheetSource, toProject: ((p: Position) => Position) | null): BuildFinding[] {
  const findings = source.sheet.result.findings;
  if (!toProject) return findings;
  return findings.map((f) => {
    const [x, y] = toProject([f.x, f.y]);
    return { ...f, x, y, geometry: f.geometry ? transformGeometry(f.geometry, toProject) : undefined };
  });
}

/** Where {@link importOne} puts each parcel: the project writer, or an in-memory set (validate). */
export type ParcelSink = (geometry: AreaGeometry, attrs: ParcelAttributes) => void;

/**
 * Read one source into `add`: reprojected to `target`, fields mapped onto the parcel model,
 * non-area features and deleted DBF rows counted as skipped. Throws UserError naming the file.
 */
export function importOne(
  source: FeatureSource,
  target: CrsDef,
  options: ImportOptions,
  add: ParcelSink,
  sink: ProgressSink,
): ImportInputReport {
  // A drawn sheet carries no CRS: without --crs it takes the project's zone when its coordinates fit it.
  const from =
    isSheetSource(source) && !options.crs ? sheetCrsInProject(source, target) : sourceCrs(source, options, () => samplePositions(source));
  const transform = from.epsg === target.epsg ? null : makeTransformer(from, target);
  const mapping = resolveFieldMapping(source.fields, options.mapping ?? {}, source.file);
  const total = source.featureCount;
  let imported = 0;
  let skipped = 0;
  let seen = 0;
  let checked = 0;
  sink.progress('phase.reading', 0, total);
  for (const feature of source.features()) {
    seen++;
    if ((seen & 1023) === 0) {
      if (sink.cancelled()) throw new CancelledError();
      sink.progress('phase.reading', seen, total);
    }
    // Rows marked deleted in a DBF are history, not parcels.
    if (feature.deleted) {
      skipped++;
      continue;
    }
    const g = feature.geometry;
    if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) {
      // Features without an area geometry cannot be parcels; they are counted, not silently dropped.
      skipped++;
      continue;
    }
    let geom: AreaGeometry = g;
    if (transform) geom = transformGeometry(g, (p) => transform.forward(p));
    if (checked < 50) {
      checked++;
      const p = geom.type === 'Polygon' ? geom.coordinates[0]?.[0] : geom.coordinates[0]?.[0]?.[0];
      if (p && !plausibleInProject(p)) {
        throw new UserError('import.crsMismatch', {
          file: source.file,
          crs: from.code,
          detail: `X=${p[0].toFixed(3)} Y=${p[1].toFixed(3)} (${target.code})`,
        });
      }
    }
    let attrs;
    try {
      attrs = mapAttributes(feature.properties, mapping, options.commune);
    } catch (err) {
      // A value that cannot be stored (e.g. "abc" as legal area) is named with its file and feature.
      if (err instanceof UserError && err.code === 'parcel.badValue') {
        throw new UserError('import.badValue', { file: source.file, feature: feature.index + 1, field: String(err.params.field), value: String(err.params.value) });
      }
      throw err;
    }
    if (options.sheet && !attrs.sheet_no) attrs.sheet_no = options.sheet;
    add(geom, attrs);
    imported++;
  }
  if (imported === 0) throw new UserError('import.noPolygons', { file: source.file });
  return { file: source.file, format: source.format, features: seen, imported, skipped, crs: from.code, ...sheetReport(source) };
}
