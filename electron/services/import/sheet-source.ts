/**
 * A drawn cadastral sheet (DGN V7) as an import source: the drawing is read, its levels are given
 * roles by the level profile, parcels are built from the boundary lines and labels
 * (shared/sheet/build-parcels.ts), and the built parcels are served as features — so the import
 * pipeline writes them like any other parcels, in the same single transaction. The build findings
 * and per-level counts travel with the source for the report and the findings table.
 */
import { UserError } from '../../../shared/errors.js';
import type { TextEncodingName } from '../../../shared/encoding/index.js';
import { suggestZones, type CrsDef } from '../../../shared/geo/crs.js';
import type { ImportInputReport } from '../../../shared/ipc/contract.js';
import type { DgnElement } from '../../../shared/dgn/index.js';
import {
  buildParcels,
  type BuildDrawing,
  type BuildLine,
  type BuildResult,
  type BuildText,
  type RoleOf,
} from '../../../shared/sheet/build-parcels.js';
import type { DxfEntity } from '../../../shared/dxf/index.js';
import { readDgnFile } from '../importers/dgn-file.js';
import { readDxfFile } from '../importers/dxf-file.js';
import type { FeatureSource, SourceFeature } from '../importers/feature-source.js';

export interface SheetSourceOptions {
  /** Level profile name; the default profile when absent. */
  profile?: string;
  /** Sheet number when the frame does not give one. */
  sheet?: string;
  /** Snapping tolerance (m); default from the sheet scale. */
  tolerance?: number;
  /** Forced 8-bit text encoding (detected from the texts otherwise). */
  encoding?: TextEncodingName;
}

/** What building the sheet produced, beside the features. */
export interface SheetBuild {
  /** Elements read per level (DGN level number or DXF layer name, as a string key). */
  levels: Record<string, number>;
  profile: string;
  result: BuildResult;
}

export interface SheetSource extends FeatureSource {
  sheet: SheetBuild;
}

/** The drawn-sheet fields of the per-input import report (none for other sources). */
export function sheetReport(source: FeatureSource): Partial<ImportInputReport> {
  if (!isSheetSource(source)) return {};
  const { stats } = source.sheet.result;
  return {
    levels: source.sheet.levels,
    built: stats.parcels,
    findings: { ...stats.findings },
    sheet: stats.sheetNo,
    profile: source.sheet.profile,
  };
}

/**
 * The CRS of a sheet imported into an existing project without --crs: the project's zone when the
 * sheet's coordinates are plausible in it (zone detection lists it, axes not swapped); otherwise
 * the sheet is refused like any CRS-less file, with the zones that fit.
 */
export function sheetCrsInProject(source: SheetSource, project: CrsDef): CrsDef {
  const points: Array<[number, number]> = [];
  for (const p of source.sheet.result.parcels) {
    const [x, y] = p.geometry.coordinates[0][0];
    points.push([x, y]);
    if (points.length >= 200) break;
  }
  const zones = suggestZones(points);
  if (zones.some((z) => z.epsg === project.epsg && !z.swappedXY)) return project;
  throw new UserError('import.noCrs', { file: source.file, suggestions: zones.length ? zones.map((z) => z.crs).join(', ') : '—' });
}

/** True for a source that was built from a drawn sheet. */
export function isSheetSource(source: FeatureSource): source is SheetSource {
  return (source as Partial<SheetSource>).sheet !== undefined;
}

/**
 * Level roles of the default profile, from circular 25/2014 appendix 18 (docs/domain.md §4):
 * boundaries on 10 (parcel boundary), 23 (road boundary), 31 (bank) and 32 (canal); the label
 * point on 11; land type text on 2; area text on 4; parcel number / notes on 13; frame on 63.
 */
const DEFAULT_ROLES: Record<number, string> = {
  10: 'boundary',
  23: 'boundary',
  31: 'boundary',
  32: 'boundary',
  11: 'label',
  2: 'landType',
  4: 'area',
  13: 'parcelNo',
  63: 'frame',
};
/**
 * DXF layer names of the default profile: a layer named after a level ("10", "Level 10", "LV10")
 * takes that level's role; otherwise the usual Vietnamese layer names, compared without diacritics,
 * case or separators (RANH_THUA = parcel boundary, SO_THUA = parcel number, …).
 */
const DEFAULT_LAYER_NAMES: Record<string, string> = {
  RANHTHUA: 'boundary',
  RANHGIOITHUA: 'boundary',
  DUONGRANHTHUA: 'boundary',
  SOTHUA: 'parcelNo',
  NHANTHUA: 'label',
  LOAIDAT: 'landType',
  MDSD: 'landType',
  MUCDICHSUDUNG: 'landType',
  DIENTICH: 'area',
  KHUNG: 'frame',
  KHUNGBANDO: 'frame',
  KHUNGTO: 'frame',
};

function defaultRole(level: number | string): string | undefined {
  if (typeof level === 'number') return DEFAULT_ROLES[level];
  const key = level
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/gi, 'd')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '');
  const numbered = /^(?:LEVEL|LV|L)?(\d{1,2})$/.exec(key);
  if (numbered) return DEFAULT_ROLES[Number(numbered[1])];
  return DEFAULT_LAYER_NAMES[key];
}

const PROFILES: Record<string, RoleOf> = {
  default: defaultRole,
};

function profileRoles(name: string | undefined, file: string): { name: string; roleOf: RoleOf } {
  const key = (name ?? 'default').trim() || 'default';
  const roleOf = PROFILES[key];
  if (!roleOf) throw new UserError('sheet.unknownProfile', { file, profile: key, known: Object.keys(PROFILES).join(', ') });
  return { name: key, roleOf };
}

/** The lines and texts of a DGN drawing (components of cells, chains and text nodes included). */
export function dgnDrawing(elements: readonly DgnElement[]): BuildDrawing {
  const lines: BuildLine[] = [];
  const texts: BuildText[] = [];
  const visit = (el: DgnElement, top: number): void => {
    if (el.deleted) return;
    const element = top;
    switch (el.kind) {
      case 'text':
        if (el.origin && el.text !== undefined) texts.push({ level: el.level, text: el.text, x: el.origin[0], y: el.origin[1], element });
        return;
      case 'text-node':
      case 'cell':
        for (const c of el.children ?? []) visit(c, top);
        return;
      case 'complex-chain':
        for (const part of el.parts ?? []) if (part.length >= 2) lines.push({ level: el.level, points: part, element });
        return;
      case 'complex-shape':
        for (const ring of el.rings ?? (el.points ? [el.points] : [])) {
          if (ring.length >= 2) lines.push({ level: el.level, points: ring, closed: true, element });
        }
        return;
      default:
        if (el.points && el.points.length >= 2) {
          lines.push({ level: el.level, points: el.points, closed: el.kind === 'shape' || el.kind === 'ellipse', element });
        }
    }
  };
  for (const el of elements) visit(el, el.index);
  return { lines, texts };
}

/** The lines and texts of a DXF drawing (block inserts expanded), layers as levels. */
export function dxfDrawing(entities: readonly DxfEntity[]): BuildDrawing {
  const lines: BuildLine[] = [];
  const texts: BuildText[] = [];
  const visit = (e: DxfEntity): void => {
    switch (e.kind) {
      case 'text':
      case 'mtext':
        if (e.origin && e.text !== undefined) texts.push({ level: e.layer, text: e.text, x: e.origin[0], y: e.origin[1], element: e.index });
        return;
      case 'insert':
        for (const c of e.children ?? []) visit(c);
        return;
      default:
        if (e.points && e.points.length >= 2) lines.push({ level: e.layer, points: e.points, closed: e.closed === true, element: e.index });
    }
  };
  for (const e of entities) visit(e);
  return { lines, texts };
}

/** Opens an ASCII DXF sheet and builds its parcels. Throws UserError naming the file for bad input. */
export function openDxfSheet(file: string, options: SheetSourceOptions = {}): SheetSource {
  const profile = profileRoles(options.profile, file);
  const dxf = readDxfFile(file, { textEncoding: options.encoding });
  return sheetSource(file, 'DXF', dxfDrawing(dxf.entities), { ...dxf.counts.byLayer }, profile, options);
}

/** Opens a DGN V7 sheet and builds its parcels. Throws UserError naming the file for bad input. */
export function openDgnSheet(file: string, options: SheetSourceOptions = {}): SheetSource {
  const profile = profileRoles(options.profile, file);
  const dgn = readDgnFile(file, { textEncoding: options.encoding });
  const levels: Record<string, number> = {};
  for (const [level, n] of Object.entries(dgn.counts.byLevel)) levels[level] = n;
  return sheetSource(file, 'DGN', dgnDrawing(dgn.elements), levels, profile, options);
}

/** Builds the parcels of a drawing and wraps them as a feature source. */
export function sheetSource(
  file: string,
  format: string,
  drawing: BuildDrawing,
  levels: Record<string, number>,
  profile: { name: string; roleOf: RoleOf },
  options: SheetSourceOptions,
): SheetSource {
  const result = buildParcels(drawing, profile.roleOf, { sheetNo: options.sheet, tolerance: options.tolerance });
  if (result.parcels.length === 0) {
    const boundaryLevels = [...new Set(drawing.lines.map((l) => l.level))].filter((l) => profile.roleOf(l) === 'boundary');
    throw new UserError('sheet.noParcels', { file, levels: boundaryLevels.length ? boundaryLevels.join(', ') : '—', profile: profile.name });
  }
  const sheetNo = result.stats.sheetNo;
  const features = (): Iterable<SourceFeature> =>
    result.parcels.map((p, index) => ({
      index,
      geometry: p.geometry,
      properties: {
        parcel_no: p.parcelNo,
        land_type: p.landType,
        area_legal: Number.isFinite(p.areaValue) ? p.areaValue : null,
        sheet_no: sheetNo,
      },
    }));
  return {
    file,
    format,
    layer: profile.name,
    fields: ['parcel_no', 'land_type', 'area_legal', 'sheet_no'],
    featureCount: result.parcels.length,
    crsWkt: null,
    encoding: null,
    features,
    close: () => undefined,
    sheet: { levels, profile: profile.name, result },
  };
}
