/**
 * Sheet frames and commune boundaries in the project: two GeoPackage feature tables beside
 * `parcels`, each with its R-tree, so GDAL and QGIS show them too (docs/file-format.md).
 *
 * - `sheet_frames` (POLYGON): sheet_no, commune_code, scale, sheet_code, source_file
 * - `admin_boundaries` (MULTIPOLYGON): commune_code, name, source_file
 *
 * Rows are written inside the caller's transaction (the import's); loading the same source file
 * again replaces its rows. Validation reads them back as a {@link ValidationReference}.
 */
import type Database from 'better-sqlite3';
import type { AreaGeometry, Extent, MultiPolygonGeometry, PolygonCoords } from '../../../shared/geo/geometry.js';
import { decodeGpkgGeometry } from '../../../shared/geo/gpkg-geometry.js';
import type {
  CommuneBoundary,
  CommuneBoundaryFeature,
  ReferenceAreas,
  SheetFrame,
  SheetFrameFeature,
  ValidationReference,
} from '../../../shared/model/reference-area.js';
import { ensureLayer, replaceRows, type LayerDef } from '../import/reference-layers.js';

export const SHEET_FRAMES_TABLE = 'sheet_frames';
export const ADMIN_BOUNDARIES_TABLE = 'admin_boundaries';

const FRAMES: LayerDef = {
  table: SHEET_FRAMES_TABLE,
  type: 'POLYGON',
  columns: 'sheet_no TEXT, commune_code TEXT, scale INTEGER, sheet_code TEXT, source_file TEXT NOT NULL',
  description: 'Khung tờ bản đồ / Sheet frames',
};
const BOUNDARIES: LayerDef = {
  table: ADMIN_BOUNDARIES_TABLE,
  type: 'MULTIPOLYGON',
  columns: 'commune_code TEXT, name TEXT, source_file TEXT NOT NULL',
  description: 'Địa giới hành chính xã / Commune boundaries',
};

function ringsBox(polys: readonly PolygonCoords[]): [number, number, number, number] {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const poly of polys) {
    for (const [x, y] of poly[0] ?? []) {
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  return [x0, y0, x1, y1];
}

function tableExists(db: Database.Database, table: string): boolean {
  return !!db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(table);
}

/** Creates both tables (empty) if the project has none yet; inside the caller's transaction. */
export function ensureReferenceAreaTables(db: Database.Database, srsId: number): void {
  ensureLayer(db, FRAMES, srsId);
  ensureLayer(db, BOUNDARIES, srsId);
}

/** Replaces the frames loaded from `sourceFile` with these; returns how many were written. */
export function writeSheetFrames(db: Database.Database, srsId: number, sourceFile: string, frames: readonly SheetFrame[]): number {
  ensureReferenceAreaTables(db, srsId);
  return replaceRows(
    db,
    FRAMES,
    srsId,
    sourceFile,
    frames.map((f) => ({
      geometry: { type: 'Polygon', coordinates: f.polygon },
      box: ringsBox([f.polygon]),
      values: [f.sheetNo, f.communeCode, f.scale, f.sheetCode, sourceFile],
    })),
  );
}

/** Replaces the boundaries loaded from `sourceFile` with these; returns how many were written. */
export function writeCommuneBoundaries(db: Database.Database, srsId: number, sourceFile: string, boundaries: readonly CommuneBoundary[]): number {
  ensureReferenceAreaTables(db, srsId);
  return replaceRows(
    db,
    BOUNDARIES,
    srsId,
    sourceFile,
    boundaries.map((b) => ({
      geometry: { type: 'MultiPolygon', coordinates: b.polygons } as MultiPolygonGeometry,
      box: ringsBox(b.polygons),
      values: [b.communeCode, b.name, sourceFile],
    })),
  );
}

function text(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  const s = String(v).trim();
  return s === '' ? null : s;
}

function polygonsOf(blob: unknown): PolygonCoords[] {
  if (!(blob instanceof Uint8Array)) return [];
  try {
    const g = decodeGpkgGeometry(blob).geometry;
    if (g?.type === 'Polygon') return [g.coordinates];
    if (g?.type === 'MultiPolygon') return g.coordinates;
  } catch {
    // A damaged row (edited by another program) checks nothing rather than stopping validation.
  }
  return [];
}

/** The frames and boundaries stored in the project (empty lists when it has none). */
export function readValidationReference(db: Database.Database): ValidationReference {
  const frames: SheetFrame[] = [];
  const boundaries: CommuneBoundary[] = [];
  if (tableExists(db, SHEET_FRAMES_TABLE)) {
    const rows = db.prepare(`SELECT geom, sheet_no, commune_code, scale, sheet_code FROM ${SHEET_FRAMES_TABLE} ORDER BY fid`).all() as Record<string, unknown>[];
    for (const r of rows) {
      for (const polygon of polygonsOf(r.geom)) {
        const scale = Number(r.scale);
        frames.push({
          sheetNo: text(r.sheet_no),
          communeCode: text(r.commune_code),
          scale: r.scale === null || !Number.isFinite(scale) ? null : scale,
          sheetCode: text(r.sheet_code),
          polygon,
        });
      }
    }
  }
  if (tableExists(db, ADMIN_BOUNDARIES_TABLE)) {
    const rows = db.prepare(`SELECT geom, commune_code, name FROM ${ADMIN_BOUNDARIES_TABLE} ORDER BY fid`).all() as Record<string, unknown>[];
    for (const r of rows) {
      const polygons = polygonsOf(r.geom);
      if (polygons.length > 0) boundaries.push({ communeCode: text(r.commune_code), name: text(r.name), polygons });
    }
  }
  return { frames, boundaries };
}

function areaOf(blob: unknown): AreaGeometry | null {
  const polygons = polygonsOf(blob);
  if (polygons.length === 0) return null;
  return polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0]! } : { type: 'MultiPolygon', coordinates: polygons };
}

function scaleOf(v: unknown): number | null {
  const n = Number(v);
  return v === null || v === undefined || !Number.isFinite(n) ? null : n;
}

/**
 * Every stored frame and boundary row with its attributes, in the project CRS, for the map (a row
 * whose geometry cannot be read is left out, as validation leaves it out).
 */
export function readReferenceAreas(db: Database.Database): ReferenceAreas {
  const frames: SheetFrameFeature[] = [];
  const boundaries: CommuneBoundaryFeature[] = [];
  if (tableExists(db, SHEET_FRAMES_TABLE)) {
    const rows = db
      .prepare(`SELECT fid, geom, sheet_no, commune_code, scale, sheet_code, source_file FROM ${SHEET_FRAMES_TABLE} ORDER BY fid`)
      .all() as Record<string, unknown>[];
    for (const r of rows) {
      const geometry = areaOf(r.geom);
      if (!geometry) continue;
      frames.push({
        fid: Number(r.fid),
        sheetNo: text(r.sheet_no),
        communeCode: text(r.commune_code),
        scale: scaleOf(r.scale),
        sheetCode: text(r.sheet_code),
        sourceFile: String(r.source_file ?? ''),
        geometry,
      });
    }
  }
  if (tableExists(db, ADMIN_BOUNDARIES_TABLE)) {
    const rows = db
      .prepare(`SELECT fid, geom, commune_code, name, source_file FROM ${ADMIN_BOUNDARIES_TABLE} ORDER BY fid`)
      .all() as Record<string, unknown>[];
    for (const r of rows) {
      const geometry = areaOf(r.geom);
      if (!geometry) continue;
      boundaries.push({
        fid: Number(r.fid),
        communeCode: text(r.commune_code),
        name: text(r.name),
        sourceFile: String(r.source_file ?? ''),
        geometry,
      });
    }
  }
  return { frames, boundaries };
}

/** How many frames and boundaries the project holds, and their extent (for the map's layer list). */
export function referenceAreaCounts(db: Database.Database): { frames: number; boundaries: number; extent: Extent | null } {
  const count = (t: string): number => (tableExists(db, t) ? Number((db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n) : 0);
  const frames = count(SHEET_FRAMES_TABLE);
  const boundaries = count(ADMIN_BOUNDARIES_TABLE);
  let extent: Extent | null = null;
  for (const t of [SHEET_FRAMES_TABLE, ADMIN_BOUNDARIES_TABLE]) {
    if (!tableExists(db, t)) continue;
    const e = db.prepare(`SELECT min_x, min_y, max_x, max_y FROM gpkg_contents WHERE table_name = ?`).get(t) as Record<string, number | null> | undefined;
    if (!e || e.min_x === null) continue;
    extent = extent
      ? [Math.min(extent[0], e.min_x!), Math.min(extent[1], e.min_y!), Math.max(extent[2], e.max_x!), Math.max(extent[3], e.max_y!)]
      : [e.min_x!, e.min_y!, e.max_x!, e.max_y!];
  }
  return { frames, boundaries, extent };
}
