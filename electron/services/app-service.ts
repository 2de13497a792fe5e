/**
 * The services behind the contract (shared/ipc/contract.ts): one object implementing every API
 * method over the open project. Plain Node — the Electron shell, the web bridge, the CLI and the
 * tests all use this same object.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UserError } from '../../shared/errors.js';
import { UpdateAttributesCommand } from '../../shared/commands/update-attributes.js';
import type { Locale } from '../../shared/i18n/messages.js';
import type { Api, DirEntry, ImportPreview, LevelProfileList, ProjectInfo } from '../../shared/ipc/contract.js';
import { detectFieldMapping } from '../../shared/model/field-mapping.js';
import { suggestZones } from '../../shared/geo/crs.js';
import { crsFromWkt } from '../../shared/geo/prj.js';
import { parseCrsCode } from '../../shared/geo/crs.js';
import { ProjectEditor } from './project/editor.js';
import { ProjectFile } from './project/project-file.js';
import { openOrCreateSample, samplePath } from './project/sample-project.js';
import { readReferenceAreas } from './project/reference-areas.js';
import { openSource, sheetKind, IMPORTABLE_EXTENSIONS } from './import/open-source.js';
import { availableProfiles, readProjectProfile, saveProjectProfile } from './import/project-level-profile.js';
import { inspectSheet } from './import/sheet-source.js';
import { readBuildFindingsPage } from './import/build-findings-store.js';
import type { LevelProfile } from '../../shared/sheet/level-profile.js';
import { listGeoPackageLayers } from './importers/geopackage.js';
import { samplePositions } from './import/import-pipeline.js';
import { JobRegistry } from './jobs/job-registry.js';
import { runImportJob } from './jobs/import-job.js';
import { ValidationSession } from './validation/validation-session.js';
import { runValidationJob } from './validation/validation-job.js';
import { checkFixRequest, checkFindingsQuery } from './validation/requests.js';
import { listRepairCandidates } from './validation/repair-candidates.js';

export interface AppServiceOptions {
  userDataDir: string;
  locale?: Locale;
  shell: 'electron' | 'web';
  user?: string;
  version?: string;
}

export type AppService = Api & { dispose(): void };

export function createAppService(opts: AppServiceOptions): AppService {
  const locale: Locale = opts.locale ?? 'vi';
  const user = opts.user ?? (safeUserName() || 'parceldesk');
  const jobs = new JobRegistry();
  let editor: ProjectEditor | null = null;
  let validation: ValidationSession | null = null;

  function current(): ProjectEditor {
    if (!editor) throw new UserError('project.notOpen');
    return editor;
  }

  /** The open project's validation (findings follow every edit through the editor's change events). */
  function currentValidation(): ValidationSession {
    const ed = current();
    validation ??= new ValidationSession(ed, user);
    return validation;
  }

  function closeCurrent(): void {
    validation?.dispose();
    validation = null;
    editor?.project.close();
    editor = null;
  }

  function setProject(project: ProjectFile): ProjectInfo {
    closeCurrent();
    editor = new ProjectEditor(project, user);
    validation = new ValidationSession(editor, user);
    return info();
  }

  function info(): ProjectInfo {
    const ed = current();
    const p = ed.project;
    return {
      path: p.path,
      name: p.name,
      parcels: p.parcelCount(),
      crs: p.crs.code,
      srsId: p.srsId,
      proj4: p.crs.proj4,
      extent: p.extent(),
      sheets: p.sheets(),
      history: ed.historyState(locale),
      sample: path.resolve(p.path) === path.resolve(samplePath(opts.userDataDir)),
    };
  }

  const api: AppService = {
    async appInfo() {
      return { version: opts.version ?? '0.1.0', shell: opts.shell, home: os.homedir() };
    },
    async openProject({ path: file }) {
      return setProject(ProjectFile.open(file));
    },
    async openSampleProject() {
      return setProject(openOrCreateSample(opts.userDataDir));
    },
    async createProject({ path: file, crs }) {
      return setProject(ProjectFile.create(file, parseCrsCode(crs).epsg));
    },
    async projectInfo() {
      return editor ? info() : null;
    },
    async closeProject() {
      const had = !!editor;
      closeCurrent();
      return { closed: had };
    },
    async getParcelLayer({ offset, limit }) {
      return current().parcels.layerPage(offset, limit);
    },
    async getParcel({ fid }) {
      return current().parcels.get(fid);
    },
    async searchParcels(q) {
      return current().parcels.search(q);
    },
    async updateParcelAttributes({ fid, changes }) {
      const ed = current();
      const cmd = UpdateAttributesCommand.create(ed.parcels, fid, changes as Record<string, unknown>);
      if (!cmd.isEmpty()) ed.execute(cmd);
      return { parcel: ed.parcels.get(fid), history: ed.historyState(locale) };
    },
    async undo() {
      const ed = current();
      const cmd = ed.undo();
      return { history: ed.historyState(locale), changed: cmd.parcels(), label: cmd.label(locale) };
    },
    async redo() {
      const ed = current();
      const cmd = ed.redo();
      return { history: ed.historyState(locale), changed: cmd.parcels(), label: cmd.label(locale) };
    },
    async history() {
      return current().historyState(locale);
    },
    async auditLog({ limit }) {
      return current().audit.recent(limit ?? 100);
    },
    async inspectImport({ path: file, layer }) {
      const kind = sheetKind(path.resolve(file));
      if (kind) return inspectSheetImport(path.resolve(file), kind, editor ? readProjectProfile(editor.project.db) : null);
      const source = openSource(file, { layer });
      try {
        const sample: Record<string, unknown>[] = [];
        for (const f of source.features()) {
          sample.push(f.properties);
          if (sample.length >= 5) break;
        }
        let crs: string | null = null;
        if (source.crsWkt) {
          const m = /^EPSG:(\d+)$/i.exec(source.crsWkt.trim());
          crs = m ? `EPSG:${m[1]}` : (crsFromWkt(source.crsWkt)?.code ?? null);
        }
        const preview: ImportPreview = {
          file: source.file,
          format: source.format,
          layers: source.format === 'GeoPackage' ? listGeoPackageLayers(source.file).map((l) => l.name) : [source.layer],
          layer: source.layer,
          features: source.featureCount,
          fields: source.fields,
          crs,
          crsSuggestions: crs ? [] : suggestZones(samplePositions(source) as Array<[number, number]>),
          encoding: source.encoding,
          mapping: detectFieldMapping(source.fields),
          sample,
        };
        return preview;
      } finally {
        source.close();
      }
    },
    async startImport({ files, options }) {
      const ed = current();
      let cancel = () => {};
      const jobId = jobs.start(
        'import',
        async (job) => {
          const run = runImportJob(ed.project, { files, options }, user, job);
          cancel = run.cancel;
          try {
            return await run.promise;
          } finally {
            // Parcels were written under the undo history; earlier steps stay valid (fids are stable),
            // but the map and counts must be reloaded by the caller from projectInfo().
            // The import wrote over another connection: validation reads the parcels again.
            if (editor === ed) validation?.invalidate();
          }
        },
        () => cancel(),
      );
      return { jobId };
    },
    async jobStatus({ jobId }) {
      return jobs.status(jobId);
    },
    async cancelJob({ jobId }) {
      return { cancelled: jobs.cancel(jobId) };
    },
    async chooseFiles() {
      // Plain Node has no native dialog; the renderer then shows its own browser over listDirectory.
      return { paths: [], native: false };
    },
    async listDirectory({ path: dir, extensions }) {
      return listDirectory(dir ?? os.homedir(), extensions ?? [...IMPORTABLE_EXTENSIONS]);
    },
    async startValidation(req) {
      const session = currentValidation();
      const tolerance = req?.tolerance;
      if (tolerance !== undefined && (typeof tolerance !== 'number' || !Number.isFinite(tolerance) || tolerance < 0)) {
        throw new UserError('validation.badSetting', { detail: `tolerance must be a number >= 0, got ${String(tolerance)}` });
      }
      let cancel = () => {};
      const jobId = jobs.start(
        'validation',
        async (job) => {
          const run = runValidationJob(session, { tolerance }, job);
          cancel = run.cancel;
          return await run.promise;
        },
        () => cancel(),
      );
      return { jobId };
    },
    async findings(q) {
      return currentValidation().query(checkFindingsQuery(q));
    },
    async markException({ fingerprint, reason }) {
      const session = currentValidation();
      session.markException(String(fingerprint ?? ''), typeof reason === 'string' ? reason : '');
      return { history: current().historyState(locale) };
    },
    async revokeException({ fingerprint }) {
      currentValidation().revokeException(String(fingerprint ?? ''));
      return { history: current().historyState(locale) };
    },
    async exceptions() {
      return currentValidation().exceptionReview();
    },
    async previewFix(req) {
      return currentValidation().previewFix(checkFixRequest(req));
    },
    async applyFix(req) {
      return currentValidation().applyFix(checkFixRequest(req), locale);
    },
    async repairCandidates(req) {
      const session = currentValidation();
      const fingerprint = req?.fingerprint;
      if (typeof fingerprint !== 'string' || fingerprint === '') {
        throw new UserError('validation.badSetting', { detail: 'fingerprint must be the text id of a finding' });
      }
      return listRepairCandidates(
        { list: () => session.list(), planFix: (r) => session.planFix(r), parcel: (fid) => session.editor.parcels.get(fid) },
        fingerprint,
      );
    },
    async listLevelProfiles() {
      return levelProfileList(editor ? readProjectProfile(editor.project.db) : null);
    },
    async saveLevelProfile(req) {
      const saved = saveProjectProfile(current().project.db, req?.profile, user);
      return levelProfileList(saved);
    },
    async buildFindings(req) {
      const limit = req?.limit ?? 500;
      const offset = req?.offset ?? 0;
      if (!Number.isInteger(limit) || limit < 1 || limit > 10_000 || !Number.isInteger(offset) || offset < 0) {
        throw new UserError('cli.usage', { detail: `buildFindings: limit 1-10000 and offset >= 0, got ${String(limit)} / ${String(offset)}` });
      }
      return readBuildFindingsPage(current().project.db, offset, limit);
    },
    async getReferenceAreas() {
      return readReferenceAreas(current().project.db);
    },
    dispose() {
      closeCurrent();
    },
  };
  return api;
}

function levelProfileList(saved: LevelProfile | null): LevelProfileList {
  return { profiles: availableProfiles(saved), current: saved?.name ?? null };
}

/** The import preview of a drawn sheet: its levels and their roles, nothing built yet (the dialog lets the user fix the roles first). */
function inspectSheetImport(file: string, kind: 'dgn' | 'dxf', saved: LevelProfile | null): ImportPreview {
  const sheet = inspectSheet(file, kind, saved);
  const points: Array<[number, number]> = [];
  for (const l of sheet.drawing.lines) {
    points.push([l.points[0][0], l.points[0][1]]);
    if (points.length >= 200) break;
  }
  return {
    file,
    format: kind.toUpperCase(),
    layers: [],
    layer: null,
    features: sheet.drawing.lines.length + sheet.drawing.texts.length + sheet.drawing.points.length,
    fields: [],
    crs: null,
    crsSuggestions: suggestZones(points),
    encoding: null,
    mapping: {},
    sample: [],
    sheetLevels: sheet.levels,
    levelProfile: sheet.profile,
    levelProfileFrom: sheet.from,
  };
}

function safeUserName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return '';
  }
}

function listDirectory(dir: string, extensions: string[]): { path: string; parent: string | null; entries: DirEntry[] } {
  const resolved = path.resolve(dir);
  if (!existsSync(resolved) || !statSync(resolved).isDirectory()) {
    throw new UserError('import.fileNotFound', { file: resolved });
  }
  const exts = extensions.map((e) => e.toLowerCase());
  const entries: DirEntry[] = [];
  for (const d of readdirSync(resolved, { withFileTypes: true })) {
    if (d.name.startsWith('.')) continue;
    const full = path.join(resolved, d.name);
    let size = 0;
    let isDir = d.isDirectory();
    try {
      const st = statSync(full);
      isDir = st.isDirectory();
      size = st.size;
    } catch {
      continue;
    }
    if (!isDir && exts.length && !exts.includes(path.extname(d.name).toLowerCase())) continue;
    entries.push({ name: d.name, path: full, dir: isDir, size });
  }
  entries.sort((a, b) => (a.dir === b.dir ? a.name.localeCompare(b.name, 'vi') : a.dir ? -1 : 1));
  const parent = path.dirname(resolved);
  return { path: resolved, parent: parent === resolved ? null : parent, entries };
}
