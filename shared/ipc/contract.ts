/**
 * The one API between the renderer and the services.
 *
 * `contract` is a runtime object: its keys are the method names, and the phantom types carry the
 * request and response. The Electron preload allowlist, the IPC registration in electron/ipc.ts and
 * the loopback web bridge (electron/web) are all generated from these keys, so a method exists
 * everywhere or nowhere. Every request is a single JSON-serialisable object; every response too,
 * except for the few methods marked `binary`, which answer one ArrayBuffer (Electron's structured
 * clone carries it as is; the web bridge sends it as application/octet-stream).
 */
import type { ImportTarget, ReferenceAreas } from '../model/reference-area.js';
import type { Extent, AreaGeometry, Geometry } from '../geo/geometry.js';
import type { Parcel, ParcelAttributes } from '../model/parcel.js';
import type { ErrorPayload } from '../errors.js';
import type { ExceptionReview, FindingsPage, FindingsQuery, FixPreview, FixRequest, FixResult, RepairCandidates } from './validation.js';
import type { LevelProfile, LevelRole } from '../sheet/level-profile.js';

declare const REQ: unique symbol;
declare const RES: unique symbol;
/** Phantom marker carrying request/response types of one API method. */
export interface Method<Req, Res> {
  readonly [REQ]?: Req;
  readonly [RES]?: Res;
  /** Methods that change the project are marked so bridges can log them and refuse them read-only. */
  readonly writes: boolean;
  /** The answer is one ArrayBuffer, not JSON (bulk data such as the parcel layer pages). */
  readonly binary?: boolean;
}
function method<Req, Res>(writes = false): Method<Req, Res> {
  return { writes } as Method<Req, Res>;
}
/** A read-only method answering bytes; their format is described where they are written and read. */
function binaryMethod<Req>(): Method<Req, ArrayBuffer> {
  return { writes: false, binary: true } as Method<Req, ArrayBuffer>;
}

export type Empty = Record<string, never>;

export interface SheetSummary {
  sheet: string;
  parcels: number;
}

export interface HistoryState {
  canUndo: boolean;
  canRedo: boolean;
  /** Command label of the step Ctrl+Z would undo, e.g. "Sửa thuộc tính thửa 12". */
  undoLabel: string | null;
  redoLabel: string | null;
}

export interface ProjectInfo {
  path: string;
  name: string;
  parcels: number;
  /** "EPSG:5899" */
  crs: string;
  srsId: number;
  /** proj4 definition the map registers for this CRS. */
  proj4: string;
  extent: Extent | null;
  sheets: SheetSummary[];
  history: HistoryState;
  /** True when this is the bundled sample project. */
  sample: boolean;
}

export interface ParcelSummary {
  fid: number;
  sheet_no: string | null;
  parcel_no: string | null;
  land_type: string | null;
  area: number | null;
  extent: Extent | null;
}

export interface AuditEntry {
  id: number;
  at: string;
  user: string;
  command: string;
  label: string;
  parcels: number[];
  undone: boolean;
}

export interface EditResult {
  parcel: Parcel;
  history: HistoryState;
}

export interface HistoryStepResult {
  history: HistoryState;
  /** Parcels whose attributes or geometry changed, so the map and panels refresh them. */
  changed: number[];
  label: string;
}

/** Project attribute -> source column. Missing keys fall back to auto-detection. */
export type FieldMapping = Partial<Record<keyof ParcelAttributes, string | null>>;

export interface ImportOptions {
  /** Target CRS of a new project, or the CRS to assume for inputs without one ("EPSG:5899"). */
  crs?: string;
  commune?: string;
  layer?: string;
  mapping?: FieldMapping;
  /** Sheet number to give parcels whose source has none. */
  sheet?: string;
  /** Level/layer profile for DGN/DXF sheets: a profile name or the path of a profile JSON file; the project's saved profile when absent. */
  profile?: string;
  /** DGN/DXF sheets: the profile itself (as edited in the import dialog); wins over `profile`. */
  levelProfile?: LevelProfile;
  /** Force the text encoding of legacy files (DBF, DGN/DXF text) instead of detecting it: 'tcvn3', 'vni', 'windows-1258', 'utf-8'. */
  encoding?: string;
  /**
   * What the files are: parcels (default), sheet frames (`sheet_frames`) or the commune boundary
   * (`admin_boundaries`); the last two are what `crosses-sheet` and `gap` check the parcels against.
   */
  importAs?: ImportTarget;
}

export interface CrsSuggestion {
  crs: string;
  meridian: string;
  provinces: string[];
}

export interface ImportPreview {
  file: string;
  format: string;
  layers: string[];
  layer: string | null;
  features: number;
  fields: string[];
  /** Detected CRS of the source, null when it has none. */
  crs: string | null;
  /** For sources without CRS: plausible VN-2000 zones for the coordinates, most likely first. */
  crsSuggestions: CrsSuggestion[];
  encoding: string | null;
  mapping: FieldMapping;
  sample: Record<string, unknown>[];
  /** Drawn sheets (DGN/DXF): every level with its lines + texts and its role under `levelProfile`. */
  sheetLevels?: SheetLevelInfo[];
  /** Drawn sheets: the profile the roles come from — the project's saved one, else the built-in one that fits best. */
  levelProfile?: LevelProfile;
  /** Drawn sheets: 'project' when `levelProfile` is the project's saved profile, 'fitted' when it was chosen for the file. */
  levelProfileFrom?: 'project' | 'fitted';
}

/** One level (DGN) or layer (DXF) of a drawn sheet, as the import dialog's profile step shows it. */
export interface SheetLevelInfo {
  level: string;
  /** Lines + texts + points on the level. */
  count: number;
  role: LevelRole;
}

/** The level profiles to choose from: the project's own first, then the built-in ones. */
export interface LevelProfileList {
  profiles: LevelProfile[];
  /** Name of the project's saved profile, null when it has none yet. */
  current: string | null;
}

/** A row of pd_build_findings: what building parcels from a sheet found, with where to zoom. */
export interface BuildFindingRow {
  id: number;
  findingId: string;
  rule: string;
  severity: string;
  sourceFile: string;
  sheetNo: string | null;
  x: number;
  y: number;
  /** GeoJSON geometry in the project CRS (the face, line or point involved), null when none. */
  geometry: Geometry | null;
  levels: Array<string | number>;
  elements: number[];
  detail: Record<string, string | number>;
}

export interface BuildFindingsPage {
  total: number;
  rows: BuildFindingRow[];
}

export interface ImportInputReport {
  file: string;
  format: string;
  features: number;
  imported: number;
  skipped: number;
  crs: string | null;
  /** Drawn sheets (DGN/DXF): elements read per level (DGN level number or DXF layer name). */
  levels?: Record<string, number>;
  /** Drawn sheets: parcels built from the boundary lines (labeled or not). */
  built?: number;
  /** Drawn sheets: build findings per rule id (see docs/dgn.md "Building parcels"). */
  findings?: Record<string, number>;
  /** Drawn sheets: the sheet number given to the parcels (from the frame, else --sheet). */
  sheet?: string | null;
  /** Drawn sheets: the level profile used (saved in the project as its level profile). */
  profile?: string;
  /** Drawn sheets: the role of every level under that profile. */
  levelRoles?: Record<string, LevelRole>;
  /** Drawn sheets: levels the profile does not name, kept as reference layers. */
  referenceLevels?: string[];
  /** Drawn sheets: lines and texts stored in pd_reference_lines / pd_reference_texts. */
  referenceLines?: number;
  referenceTexts?: number;
  /** Sheet frames stored from this file (`--as sheet-frames`, or a drawn sheet's frame level). */
  frames?: number;
  /** Commune boundaries stored from this file (`--as commune-boundary`). */
  boundaries?: number;
}

export interface ImportReport {
  inputs: ImportInputReport[];
  parcels: number;
}

export type JobState = 'running' | 'done' | 'failed' | 'cancelled';

export interface JobStatus<R = unknown> {
  jobId: string;
  kind: string;
  state: JobState;
  phase: string;
  done: number;
  total: number;
  result: R | null;
  error: ErrorPayload | null;
}

export interface DirEntry {
  name: string;
  path: string;
  dir: boolean;
  size: number;
}

export interface AppInfo {
  version: string;
  /** 'electron' or 'web' */
  shell: string;
  home: string;
}

export const contract = {
  appInfo: method<Empty, AppInfo>(),
  openProject: method<{ path: string }, ProjectInfo>(),
  openSampleProject: method<Empty, ProjectInfo>(true),
  createProject: method<{ path: string; crs: string }, ProjectInfo>(true),
  projectInfo: method<Empty, ProjectInfo | null>(),
  closeProject: method<Empty, { closed: boolean }>(),
  /**
   * Parcels `offset` … `offset + limit - 1` (fid order) of the bulk map layer, as the binary page of
   * shared/ipc/parcel-layer-page.ts (read it with decodeParcelLayerPage).
   */
  getParcelLayer: binaryMethod<{ offset: number; limit: number }>(),
  getParcel: method<{ fid: number }, Parcel>(),
  searchParcels: method<{ sheet?: string; parcelNo?: string; limit?: number }, ParcelSummary[]>(),
  updateParcelAttributes: method<{ fid: number; changes: Partial<ParcelAttributes> }, EditResult>(true),
  undo: method<Empty, HistoryStepResult>(true),
  redo: method<Empty, HistoryStepResult>(true),
  history: method<Empty, HistoryState>(),
  auditLog: method<{ limit?: number }, AuditEntry[]>(),
  inspectImport: method<{ path: string; layer?: string }, ImportPreview>(),
  startImport: method<{ files: string[]; options: ImportOptions }, { jobId: string }>(true),
  jobStatus: method<{ jobId: string }, JobStatus>(),
  cancelJob: method<{ jobId: string }, { cancelled: boolean }>(),
  /**
   * Ask the user for files. The Electron shell answers with the native dialog (native: true); plain Node
   * services answer native: false and the renderer shows its own file browser built on listDirectory.
   */
  chooseFiles: method<{ purpose: 'open-project' | 'import' | 'new-project' }, { paths: string[]; native: boolean }>(),
  listDirectory: method<{ path?: string; extensions?: string[] }, { path: string; parent: string | null; entries: DirEntry[] }>(),
  /** Full topology validation as a job (poll jobStatus); `tolerance` (m) is stored as the project's. */
  startValidation: method<{ tolerance?: number }, { jobId: string }>(true),
  /** The findings list, kept up to date after every edit (see shared/ipc/validation.ts). */
  findings: method<FindingsQuery, FindingsPage>(),
  markException: method<{ fingerprint: string; reason: string }, { history: HistoryState }>(true),
  revokeException: method<{ fingerprint: string }, { history: HistoryState }>(true),
  /** Every accepted exception on record (revoked ones too), for review. */
  exceptions: method<Empty, ExceptionReview[]>(),
  /** What a repair would change, without changing anything. */
  previewFix: method<FixRequest, FixPreview>(),
  /** Apply the repairs as one undo step; the findings are re-checked before this returns. */
  applyFix: method<FixRequest, FixResult>(true),
  /**
   * The parcels that could get the region of a gap, overlap or sliver finding (choose 'ask'), each with
   * the areas and checks of the engine's repair to it; nothing is changed. Apply the pick with
   * `applyFix({ choose: 'ask', fingerprints: [fp], choices: { [fp]: fid } })`.
   */
  repairCandidates: method<{ fingerprint: string }, RepairCandidates>(),
  /** Level profiles for DGN/DXF sheets: the project's saved one and the built-in ones. */
  listLevelProfiles: method<Empty, LevelProfileList>(),
  /** Validate and save the project's level profile (pd_settings 'level_profile'), audited. */
  saveLevelProfile: method<{ profile: LevelProfile }, LevelProfileList>(true),
  /** The findings of building parcels from imported sheets (pd_build_findings), in import order. */
  buildFindings: method<{ limit?: number; offset?: number }, BuildFindingsPage>(),
  /**
   * The project's sheet frames (`sheet_frames`) and commune boundaries (`admin_boundaries`) with their
   * attributes, in the project CRS, for the map's frame and boundary layers; empty lists when it has none.
   */
  getReferenceAreas: method<Empty, ReferenceAreas>(),
} as const;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type RequestOf<K extends MethodName> = Contract[K] extends Method<infer Q, unknown> ? Q : never;
export type ResponseOf<K extends MethodName> = Contract[K] extends Method<unknown, infer R> ? R : never;

/** The shape the renderer calls: `api.openProject({ path })`. */
export type Api = { [K in MethodName]: (req: RequestOf<K>) => Promise<ResponseOf<K>> };

export const METHOD_NAMES = Object.keys(contract) as MethodName[];

/** The IPC channel a method travels on (Electron) and its path under the web bridge. */
export function channelOf(name: MethodName): string {
  return `parceldesk:${name}`;
}

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

/** True for methods whose answer is an ArrayBuffer (see `binary` on {@link Method}). */
export function isBinaryMethod(name: MethodName): boolean {
  return (contract[name] as Method<unknown, unknown>).binary === true;
}

/**
 * What a shell returns for every call: the renderer never sees a thrown Error from the other side,
 * only this envelope (Electron: `window.parceldesk.invoke`; web: the body of `POST /api/<method>`).
 */
export type BridgeResult<T> = { ok: true; value: T } | { ok: false; error: ErrorPayload };

/**
 * Commands the native menu sends to the renderer on its one event channel. The renderer runs them
 * through the same `api` calls as its own buttons, so a menu item never bypasses the command layer.
 */
export const MENU_COMMANDS = ['open-project', 'import', 'open-sample', 'undo', 'redo', 'lang-vi', 'lang-en', 'about'] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

/** The Electron event channel menu commands travel on (kept apart from the `parceldesk:<method>` channels). */
export const MENU_CHANNEL = 'parceldesk-menu';

export function isMenuCommand(name: unknown): name is MenuCommand {
  return typeof name === 'string' && (MENU_COMMANDS as readonly string[]).includes(name);
}

/** What the Electron preload exposes as `window.parceldesk`. */
export interface PreloadBridge {
  invoke<K extends MethodName>(method: K, req: RequestOf<K>): Promise<BridgeResult<ResponseOf<K>>>;
  /** Returns a function that stops listening. */
  onMenuCommand(cb: (command: MenuCommand) => void): () => void;
}
