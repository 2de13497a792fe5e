/**
 * A drawn cadastral sheet (DGN V7 or DXF) as an import source: the file is read into the shared
 * sheet drawing (shared/sheet/from-dgn.ts, from-dxf.ts), its levels take their roles from the level
 * profile, parcels are built from the boundary lines and labels (shared/sheet/build-parcels.ts),
 * and the built parcels are served as features — so the import pipeline writes them like any
 * other parcels, in the same single transaction. The build findings, the per-level counts and
 * roles, and the drawing itself (for the reference layers) travel with the source.
 */
import { UserError } from '../../../shared/errors.js';
import type { TextEncodingName } from '../../../shared/encoding/index.js';
import { suggestZones, type CrsDef } from '../../../shared/geo/crs.js';
import type { ImportInputReport } from '../../../shared/ipc/contract.js';
import { buildParcels, type BuildResult } from '../../../shared/sheet/build-parcels.js';
import { drawingLevels, toBuildDrawing, type SheetDrawing } from '../../../shared/sheet/drawing.js';
import { sheetFromDgn } from '../../../shared/sheet/from-dgn.js';
import { sheetFromDxf } from '../../../shared/sheet/from-dxf.js';
import { builtInProfiles, roleFunction, roleOf, type LevelProfile, type LevelRole } from '../../../shared/sheet/level-profile.js';
import { pickProfile } from '../../../shared/sheet/pick-profile.js';
import { readDgnFile } from '../importers/dgn-file.js';
import { readDxfFile } from '../importers/dxf-file.js';
import type { FeatureSource, SourceFeature } from '../importers/feature-source.js';

export interface SheetSourceOptions {
  /** Level profile; when absent, the built-in profile that fits the drawing best (the default, circular 25/2014, on a tie). */
  profile?: LevelProfile;
  /** Sheet number when the frame does not give one. */
  sheet?: string;
  /** Snapping tolerance (m); default from the sheet scale. */
  tolerance?: number;
  /** Forced 8-bit text encoding (detected from the texts otherwise). */
  encoding?: TextEncodingName;
}

/** What building the sheet produced, beside the features. */
export interface SheetBuild {
  /** Lines + texts + points per level (DGN level number or DXF layer name, as a string key). */
  levels: Record<string, number>;
  /** The role of every level of the drawing under the profile ('reference' when it names none). */
  roles: Record<string, LevelRole>;
  profile: LevelProfile;
  drawing: SheetDrawing;
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
    levelRoles: source.sheet.roles,
    referenceLevels: Object.keys(source.sheet.roles).filter((l) => source.sheet.roles[l] === 'reference'),
    built: stats.parcels,
    findings: { ...stats.findings },
    sheet: stats.sheetNo,
    profile: source.sheet.profile.name,
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

/** Reads a DGN V7 or ASCII DXF sheet into the shared drawing. Throws UserError naming the file for bad input. */
export function readSheetDrawing(file: string, kind: 'dgn' | 'dxf', encoding?: TextEncodingName): SheetDrawing {
  return kind === 'dgn'
    ? sheetFromDgn(readDgnFile(file, { textEncoding: encoding }), file)
    : sheetFromDxf(readDxfFile(file, { textEncoding: encoding }), file);
}

/** The role of every level of a drawing under a profile, levels in drawing order (numbers first). */
export function levelRoles(drawing: SheetDrawing, profile: LevelProfile): Record<string, LevelRole> {
  const roles: Record<string, LevelRole> = {};
  for (const level of drawingLevels(drawing)) roles[level] = roleOf(profile, level);
  return roles;
}

/** A sheet's levels for the import dialog, before anything is built. */
export interface SheetInspection {
  drawing: SheetDrawing;
  profile: LevelProfile;
  /** 'project': the project's saved profile; 'fitted': the built-in profile that fits the drawing best. */
  from: 'project' | 'fitted';
  levels: Array<{ level: string; count: number; role: LevelRole }>;
}

/** Reads a sheet and gives each level its role under the project's profile, or the best-fitting built-in one. */
export function inspectSheet(file: string, kind: 'dgn' | 'dxf', saved: LevelProfile | null, encoding?: TextEncodingName): SheetInspection {
  const drawing = readSheetDrawing(file, kind, encoding);
  const profile = saved ?? pickProfile(drawing, builtInProfiles());
  const roles = levelRoles(drawing, profile);
  return {
    drawing,
    profile,
    from: saved ? 'project' : 'fitted',
    levels: Object.keys(roles).map((level) => ({ level, count: drawing.counts[level] ?? 0, role: roles[level] })),
  };
}

/** Opens an ASCII DXF sheet and builds its parcels. Throws UserError naming the file for bad input. */
export function openDxfSheet(file: string, options: SheetSourceOptions = {}): SheetSource {
  return sheetSource(readSheetDrawing(file, 'dxf', options.encoding), 'DXF', options);
}

/** Opens a DGN V7 sheet and builds its parcels. Throws UserError naming the file for bad input. */
export function openDgnSheet(file: string, options: SheetSourceOptions = {}): SheetSource {
  return sheetSource(readSheetDrawing(file, 'dgn', options.encoding), 'DGN', options);
}

/** Builds the parcels of a drawing and wraps them as a feature source. */
export function sheetSource(drawing: SheetDrawing, format: string, options: SheetSourceOptions): SheetSource {
  const profile = options.profile ?? pickProfile(drawing, builtInProfiles());
  const file = drawing.file;
  const roles = levelRoles(drawing, profile);
  const result = buildParcels(toBuildDrawing(drawing), roleFunction(profile), { sheetNo: options.sheet, tolerance: options.tolerance });
  if (result.parcels.length === 0) {
    const boundaryLevels = Object.keys(roles).filter((l) => roles[l] === 'boundary');
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
    sheet: { levels: { ...drawing.counts }, roles, profile, drawing, result },
  };
}
