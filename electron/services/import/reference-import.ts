/**
 * Loading sheet frames and commune boundaries: a polygon file read like a parcel file (same CRS
 * handling, field mapping, errors naming the file) but stored in `sheet_frames` or
 * `admin_boundaries` instead of `parcels`; and the frame of a drawn sheet taken from its frame
 * level (or computed from its sheet code) when the sheet is imported.
 */
import { UserError } from '../../../shared/errors.js';
import type { CrsDef } from '../../../shared/geo/crs.js';
import type { PolygonCoords, Position } from '../../../shared/geo/geometry.js';
import type { ImportInputReport, ImportOptions } from '../../../shared/ipc/contract.js';
import { IMPORT_TARGETS, type CommuneBoundary, type ImportTarget, type SheetFrame } from '../../../shared/model/reference-area.js';
import { readSheetFrame } from '../../../shared/sheet/frame-text.js';
import { frameFromDrawing, frameFromSheetCode } from '../../../shared/sheet/sheet-frame.js';
import type { FeatureSource } from '../importers/feature-source.js';
import { importOne, type ProgressSink } from './import-pipeline.js';
import type { SheetSource } from './sheet-source.js';

/** The import target named by `--as` / the dialog, checked (parcels when absent). */
export function importTarget(value: string | undefined, file: string): ImportTarget {
  if (value === undefined || value === '') return 'parcels';
  if ((IMPORT_TARGETS as readonly string[]).includes(value)) return value as ImportTarget;
  throw new UserError('import.badTarget', { file, target: value, known: IMPORT_TARGETS.join(', ') });
}

/**
 * The frame of a drawn sheet in project coordinates: the closed figure on its frame level around
 * its parcels, else the square its sheet code stands for; null when neither is there.
 */
export function drawnSheetFrame(source: SheetSource, toProject: ((p: Position) => Position) | null, communeCode: string | null): SheetFrame | null {
  const { drawing, roles, result } = source.sheet;
  const at = (p: Position): Position => (toProject ? toProject(p) : p);
  const labels = result.parcels.map((p) => at(p.labelPoint));
  const info = readSheetFrame(drawing.texts.filter((t) => roles[t.level] === 'frame').map((t) => t.text));
  let polygon: PolygonCoords | null = frameFromDrawing(drawing, roles, labels, toProject);
  if (!polygon && info.sheetCode && labels.length > 0) {
    // The code gives the corner in the sheet's own zone: compute there, then move to the project.
    const near = result.parcels[0].labelPoint;
    const square = frameFromSheetCode(info.sheetCode, near);
    polygon = square ? square.map((ring) => ring.map(at)) : null;
  }
  if (!polygon) return null;
  return {
    sheetNo: result.stats.sheetNo,
    communeCode,
    scale: result.stats.scale ?? info.scale ?? null,
    sheetCode: info.sheetCode ?? null,
    polygon,
  };
}

export interface ReferenceImportResult {
  report: ImportInputReport;
  frames: SheetFrame[];
  boundaries: CommuneBoundary[];
}

/**
 * Reads one source as sheet frames or commune boundaries (reprojected to `target`). Frames need a
 * sheet number (a mapped column or `options.sheet`); boundaries are grouped per commune code.
 */
export function importReferenceOne(
  source: FeatureSource,
  target: CrsDef,
  options: ImportOptions,
  as: 'sheet-frames' | 'commune-boundary',
  sink: ProgressSink,
  drawnFrame?: (crs: string | null) => SheetFrame | null,
): ReferenceImportResult {
  const frames: SheetFrame[] = [];
  const byCommune = new Map<string | null, CommuneBoundary>();
  let n = 0;
  const report = importOne(source, target, options, (geom, attrs) => {
    const polys = geom.type === 'Polygon' ? [geom.coordinates] : geom.coordinates;
    n++;
    if (as === 'sheet-frames') {
      if (drawnFrame) return;
      if (!attrs.sheet_no) throw new UserError('import.frameNoSheet', { file: source.file, feature: n });
      for (const polygon of polys) frames.push({ sheetNo: attrs.sheet_no, communeCode: attrs.commune_code ?? null, scale: null, sheetCode: null, polygon });
      return;
    }
    const code = attrs.commune_code ?? null;
    let b = byCommune.get(code);
    if (!b) byCommune.set(code, (b = { communeCode: code, name: null, polygons: [] }));
    b.polygons.push(...polys);
  }, sink);
  // A drawn sheet's frame level is its frame; its built parcels are not frames.
  if (as === 'sheet-frames' && drawnFrame) {
    const frame = drawnFrame(report.crs);
    if (!frame) throw new UserError('import.noFrame', { file: source.file });
    if (!frame.sheetNo && options.sheet) frame.sheetNo = options.sheet;
    if (!frame.sheetNo) throw new UserError('import.frameNoSheet', { file: source.file, feature: 1 });
    frames.length = 0;
    frames.push(frame);
  }
  const boundaries = [...byCommune.values()];
  report.imported = as === 'sheet-frames' ? frames.length : boundaries.length;
  if (as === 'sheet-frames') report.frames = frames.length;
  else report.boundaries = boundaries.length;
  return { report, frames, boundaries };
}
