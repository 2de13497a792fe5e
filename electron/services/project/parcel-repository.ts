/**
 * Reading and writing parcel rows of a project. The write methods are used only by commands (through
 * the EditContext interface) and by the import transaction; nothing else writes parcels.
 */
import type Database from 'better-sqlite3';
import { UserError } from '../../../shared/errors.js';
import type { AreaGeometry, Extent } from '../../../shared/geo/geometry.js';
import { decodeGpkgGeometry, encodeGpkgGeometry, toMultiPolygon } from '../../../shared/geo/gpkg-geometry.js';
import { geometryArea } from '../../../shared/geo/measure.js';
import type { EditContext, ExceptionContext } from '../../../shared/commands/command.js';
import type { ParcelSummary } from '../../../shared/ipc/contract.js';
import { ParcelLayerPageWriter } from '../../../shared/ipc/parcel-layer-page.js';
import { readGpkgPolygonsFlat } from '../../../shared/geo/gpkg-flat.js';
import {
  PARCEL_COLUMNS,
  type Parcel,
  type ParcelAttributeName,
  type ParcelAttributes,
} from '../../../shared/model/parcel.js';
import { GEOM_COLUMN, PARCELS_TABLE, RTREE_TABLE } from './schema.js';

const ATTR_NAMES = PARCEL_COLUMNS.map((c) => c.name);
const ATTR_SQL = ATTR_NAMES.map((n) => `"${n}"`).join(', ');

type Row = ParcelAttributes & { fid: number; geom: Uint8Array | null };

/** Area rounded to 0.1 mm², so stored values do not carry float noise into comparisons and exports. */
export function roundArea(a: number): number {
  return Math.round(a * 1e4) / 1e4;
}

export function decodeParcelGeometry(blob: Uint8Array | null): AreaGeometry | null {
  if (!blob) return null;
  const g = decodeGpkgGeometry(blob).geometry;
  return g && (g.type === 'Polygon' || g.type === 'MultiPolygon') ? g : null;
}

export class ParcelRepository implements EditContext {
  private readonly stmts;
  /** Last fid of each page served, by the offset that follows it, while the data is unchanged. */
  private pageEnds: { version: string; lastFid: Map<number, number> } = { version: '', lastFid: new Map() };
  /** Accepted exceptions of the project; the editor attaches the store (pd_exceptions). */
  exceptions?: ExceptionContext;

  constructor(
    private readonly db: Database.Database,
    private readonly srsId: number,
  ) {
    this.stmts = {
      get: db.prepare(`SELECT fid, ${GEOM_COLUMN} AS geom, ${ATTR_SQL} FROM ${PARCELS_TABLE} WHERE fid = ?`),
      attrs: db.prepare(`SELECT ${ATTR_SQL} FROM ${PARCELS_TABLE} WHERE fid = ?`),
      geom: db.prepare(`SELECT ${GEOM_COLUMN} AS geom FROM ${PARCELS_TABLE} WHERE fid = ?`),
      setGeom: db.prepare(`UPDATE ${PARCELS_TABLE} SET ${GEOM_COLUMN} = ?, area = ? WHERE fid = ?`),
      // Raw rows (arrays, not objects): 100k of them per project open.
      page: db
        .prepare(`SELECT fid, ${GEOM_COLUMN}, sheet_no, parcel_no, land_type, area FROM ${PARCELS_TABLE} ORDER BY fid LIMIT ? OFFSET ?`)
        .raw(true),
      pageAfter: db
        .prepare(`SELECT fid, ${GEOM_COLUMN}, sheet_no, parcel_no, land_type, area FROM ${PARCELS_TABLE} WHERE fid > ? ORDER BY fid LIMIT ?`)
        .raw(true),
      changes: db.prepare('SELECT total_changes() AS n'),
      count: db.prepare(`SELECT count(*) AS n FROM ${PARCELS_TABLE}`),
      insert: db.prepare(
        `INSERT INTO ${PARCELS_TABLE} (fid, ${GEOM_COLUMN}, ${ATTR_SQL}) VALUES (?, ?, ${ATTR_NAMES.map(() => '?').join(', ')})`,
      ),
      remove: db.prepare(`DELETE FROM ${PARCELS_TABLE} WHERE fid = ?`),
    };
  }

  get(fid: number): Parcel {
    const row = this.stmts.get.get(fid) as Row | undefined;
    if (!row) throw new UserError('parcel.notFound', { fid });
    const { geom, ...rest } = row;
    return { ...rest, geometry: decodeParcelGeometry(geom) };
  }

  getAttributes(fid: number): ParcelAttributes {
    const row = this.stmts.attrs.get(fid) as ParcelAttributes | undefined;
    if (!row) throw new UserError('parcel.notFound', { fid });
    return row;
  }

  setAttributes(fid: number, changes: Partial<ParcelAttributes>): void {
    const keys = Object.keys(changes).filter((k) => ATTR_NAMES.includes(k as ParcelAttributeName));
    if (keys.length === 0) return;
    const sql = `UPDATE ${PARCELS_TABLE} SET ${keys.map((k) => `"${k}" = ?`).join(', ')} WHERE fid = ?`;
    const info = this.db.prepare(sql).run(...keys.map((k) => changes[k as ParcelAttributeName] ?? null), fid);
    if (info.changes !== 1) throw new UserError('parcel.notFound', { fid });
  }

  getGeometry(fid: number): AreaGeometry | null {
    const row = this.stmts.geom.get(fid) as { geom: Uint8Array | null } | undefined;
    if (!row) throw new UserError('parcel.notFound', { fid });
    return decodeParcelGeometry(row.geom);
  }

  setGeometry(fid: number, geometry: AreaGeometry | null): void {
    const multi = toMultiPolygon(geometry);
    const blob = multi ? encodeGpkgGeometry(multi, this.srsId) : null;
    const area = multi ? roundArea(geometryArea(multi)) : null;
    const info = this.stmts.setGeom.run(blob, area, fid);
    if (info.changes !== 1) throw new UserError('parcel.notFound', { fid });
  }

  insertParcel(fid: number | null, geometry: AreaGeometry | null, attrs: ParcelAttributes): number {
    const multi = toMultiPolygon(geometry);
    const blob = multi ? encodeGpkgGeometry(multi, this.srsId) : null;
    const values = PARCEL_COLUMNS.map((c) => (c.name === 'area' ? (multi ? roundArea(geometryArea(multi)) : null) : attrs[c.name]));
    const info = this.stmts.insert.run(fid, blob, ...values);
    return Number(info.lastInsertRowid);
  }

  deleteParcel(fid: number): void {
    const info = this.stmts.remove.run(fid);
    if (info.changes !== 1) throw new UserError('parcel.notFound', { fid });
  }

  count(): number {
    return (this.stmts.count.get() as { n: number }).n;
  }

  /**
   * One page of the bulk parcel layer in the binary format of shared/ipc/parcel-layer-page.ts:
   * parcels `offset` … `offset + limit - 1` in fid order, geometry read from the blobs straight into
   * the page (the general decoder only for blobs the fast reader declines).
   */
  layerPage(offset: number, limit: number): ArrayBuffer {
    const start = Math.max(0, Math.floor(offset) || 0);
    const size = Math.max(1, Math.min(Math.floor(limit) || 1, 100_000));
    // The map asks for consecutive pages; continuing after the previous page's last fid spares
    // SQLite stepping over every earlier row again (OFFSET 100 000 costs ~40 ms).
    const version = this.dataVersion();
    const after = this.pageEnds.version === version ? this.pageEnds.lastFid.get(start) : undefined;
    const rows = (after === undefined ? this.stmts.page.all(size, start) : this.stmts.pageAfter.all(after, size)) as Array<
      [number, Uint8Array | null, string | null, string | null, string | null, number | null]
    >;
    if (this.pageEnds.version !== version) this.pageEnds = { version, lastFid: new Map() };
    if (rows.length > 0) {
      if (this.pageEnds.lastFid.size >= 64) this.pageEnds.lastFid.clear();
      this.pageEnds.lastFid.set(start + rows.length, rows[rows.length - 1][0]);
    }
    const page = new ParcelLayerPageWriter(this.count(), start);
    for (const [fid, geom, sheetNo, parcelNo, landType, area] of rows) {
      page.beginParcel(fid, { sheetNo, parcelNo, landType, area });
      if (!geom || readGpkgPolygonsFlat(geom, page)) continue;
      page.discardGeometry();
      let g: AreaGeometry | null = null;
      try {
        g = decodeParcelGeometry(geom);
      } catch {
        // One damaged blob must not keep 100k parcels off the map: the parcel is drawn without a
        // shape (its attributes stay searchable) and validation reports it as empty-geometry.
      }
      if (g) page.addGeometry(g);
    }
    return page.finish();
  }

  /** Changes to the file since it was opened, by this connection or another (an import worker). */
  private dataVersion(): string {
    return `${this.db.pragma('data_version', { simple: true })}:${(this.stmts.changes.get() as { n: number }).n}`;
  }

  search(q: { sheet?: string; parcelNo?: string; limit?: number }): ParcelSummary[] {
    const where: string[] = [];
    const args: unknown[] = [];
    // Numbers are text: "05" and "5" are the same sheet to a technician.
    if (q.sheet !== undefined && q.sheet.trim() !== '') {
      where.push(`(p.sheet_no = ? OR CAST(p.sheet_no AS INTEGER) = CAST(? AS INTEGER) AND ? GLOB '[0-9]*')`);
      const s = q.sheet.trim();
      args.push(s, s, s);
    }
    if (q.parcelNo !== undefined && q.parcelNo.trim() !== '') {
      where.push(`(p.parcel_no = ? OR CAST(p.parcel_no AS INTEGER) = CAST(? AS INTEGER) AND ? GLOB '[0-9]*')`);
      const s = q.parcelNo.trim();
      args.push(s, s, s);
    }
    const limit = Math.max(1, Math.min(q.limit ?? 200, 100_000));
    const sql = `SELECT p.fid, p.sheet_no, p.parcel_no, p.land_type, p.area, r.minx, r.miny, r.maxx, r.maxy
      FROM ${PARCELS_TABLE} p LEFT JOIN ${RTREE_TABLE} r ON r.id = p.fid
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY CAST(p.sheet_no AS INTEGER), CAST(p.parcel_no AS INTEGER), p.fid LIMIT ?`;
    const rows = this.db.prepare(sql).all(...args, limit) as Array<
      Omit<ParcelSummary, 'extent'> & { minx: number | null; miny: number; maxx: number; maxy: number }
    >;
    return rows.map(({ minx, miny, maxx, maxy, ...rest }) => ({
      ...rest,
      extent: minx === null ? null : ([minx, miny, maxx, maxy] as Extent),
    }));
  }
}
