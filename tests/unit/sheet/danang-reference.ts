/**
 * The reference answer for building parcels from the Đà Nẵng sheets: the ward's parcels from the
 * GeoPackage the sheets were drawn from, and which of them the linework can rebuild exactly — a
 * parcel that no other parcel overlaps (computed with the topology engine at tolerance 0) and that
 * is one simple polygon. Overlapping parcels' boundaries cross each other's interiors, so the
 * linework cuts them into extra faces; those must be explained by build findings instead.
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AreaGeometry, PolygonCoords } from '../../../shared/geo/geometry.js';
import { decodeGpkgGeometry } from '../../../shared/geo/gpkg-geometry.js';
import { ParcelSetBuilder } from '../../../shared/topology/parcel-set.js';
import { validate } from '../../../shared/validation/validate.js';

export const DATA_DIR = fileURLToPath(new URL('../../../../shared/data/', import.meta.url));
export const REFERENCE_GPKG = `${DATA_DIR}vn-danang/danang_parcels_vn2000_epsg5899.gpkg`;
export const SHEET_DIR = `${DATA_DIR}vn-danang-dgn/`;

export interface ReferenceParcel {
  fid: number;
  parcelNo: string;
  geometry: AreaGeometry;
  /** Shoelace area (exterior minus holes), m². */
  area: number;
  box: [number, number, number, number];
  /** Rebuildable: single polygon, no overlap with any other parcel, no invalid ring. */
  clean: boolean;
  /** Why not clean (rule ids of the topology engine, or 'multipart'). */
  reasons: string[];
  /** Fids of the parcels it overlaps. */
  overlaps: number[];
}

export function ringArea(ring: readonly (readonly number[])[]): number {
  const ox = ring[0][0], oy = ring[0][1];
  let a = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    a += (ring[i][0] - ox) * (ring[i + 1][1] - oy) - (ring[i + 1][0] - ox) * (ring[i][1] - oy);
  }
  return a / 2;
}

export function polygonArea(poly: PolygonCoords): number {
  return poly.reduce((s, r, i) => s + (i === 0 ? Math.abs(ringArea(r)) : -Math.abs(ringArea(r))), 0);
}

/** True when (x, y) is inside the parcel (winding number over all rings of all parts). */
export function containsPoint(g: AreaGeometry, x: number, y: number): boolean {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  let w = 0;
  for (const poly of polys) {
    for (const ring of poly) {
      for (let i = 0; i + 1 < ring.length; i++) {
        const [x1, y1] = ring[i];
        const [x2, y2] = ring[i + 1];
        if (y1 <= y) {
          if (y2 > y && (x2 - x1) * (y - y1) - (x - x1) * (y2 - y1) > 0) w++;
        } else if (y2 <= y && (x2 - x1) * (y - y1) - (x - x1) * (y2 - y1) < 0) w--;
      }
    }
  }
  return w !== 0;
}

export function haveReference(): boolean {
  return existsSync(REFERENCE_GPKG);
}

/** Parcels of one ward, with the clean flag computed by the topology engine. */
export function loadWard(maXa: string): ReferenceParcel[] {
  const db = new Database(REFERENCE_GPKG, { readonly: true });
  try {
    const rows = db
      .prepare(`SELECT fid, SoThuTuThua AS no, geom FROM parcels WHERE MaXa = ? ORDER BY fid`)
      .all(maXa) as Array<{ fid: number; no: string | number | null; geom: Uint8Array | null }>;
    const out: ReferenceParcel[] = [];
    const builder = new ParcelSetBuilder();
    for (const r of rows) {
      if (!r.geom) continue;
      const g = decodeGpkgGeometry(r.geom).geometry;
      if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) continue;
      const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
      let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
      for (const p of polys) for (const [x, y] of p[0]) (x0 = Math.min(x0, x)), (y0 = Math.min(y0, y)), (x1 = Math.max(x1, x)), (y1 = Math.max(y1, y));
      const reasons = polys.length > 1 ? ['multipart'] : [];
      out.push({ fid: r.fid, parcelNo: String(r.no ?? '').trim(), geometry: g, area: polys.reduce((s, p) => s + polygonArea(p), 0), box: [x0, y0, x1, y1], clean: false, reasons, overlaps: [] });
      builder.add(r.fid, g);
    }
    const result = validate(builder.build(), { tolerance: 0, rules: ['overlap', 'invalid-ring', 'duplicate-parcel'] });
    const byFid = new Map(out.map((p) => [p.fid, p]));
    for (const f of result.findings) {
      for (const fid of f.parcels) {
        const p = byFid.get(fid);
        if (p && !p.reasons.includes(f.rule)) p.reasons.push(f.rule);
        if (p && f.rule === 'overlap') for (const o of f.parcels) if (o !== fid && !p.overlaps.includes(o)) p.overlaps.push(o);
      }
    }
    for (const p of out) p.clean = p.reasons.length === 0;
    return out;
  } finally {
    db.close();
  }
}
