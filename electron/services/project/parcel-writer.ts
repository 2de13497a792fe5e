/**
 * Bulk insertion of parcels inside an import transaction.
 *
 * Per-row R-tree triggers would call back into JavaScript four times per parcel; for 100k parcels
 * that dominates the import. Within the caller's transaction the writer drops the triggers, writes
 * the R-tree rows itself from the envelopes it already computed, and recreates the triggers before
 * the transaction commits — so the file is never observed without them.
 */
import type Database from 'better-sqlite3';
import type { AreaGeometry } from '../../../shared/geo/geometry.js';
import { encodeGpkgGeometry, extentOf, toMultiPolygon } from '../../../shared/geo/gpkg-geometry.js';
import { geometryArea } from '../../../shared/geo/measure.js';
import { PARCEL_COLUMNS, type ParcelAttributes } from '../../../shared/model/parcel.js';
import { roundArea } from './parcel-repository.js';
import { PARCELS_TABLE, RTREE_TABLE, RTREE_TRIGGER_NAMES, rtreeTriggerDdl, GEOM_COLUMN } from './schema.js';

export class ParcelWriter {
  private readonly insertParcel: Database.Statement;
  private readonly insertRtree: Database.Statement;
  private open = false;
  written = 0;

  constructor(
    private readonly db: Database.Database,
    private readonly srsId: number,
  ) {
    const cols = PARCEL_COLUMNS.map((c) => `"${c.name}"`).join(', ');
    const marks = PARCEL_COLUMNS.map(() => '?').join(', ');
    this.insertParcel = db.prepare(`INSERT INTO ${PARCELS_TABLE} (${GEOM_COLUMN}, ${cols}) VALUES (?, ${marks})`);
    this.insertRtree = db.prepare(`INSERT INTO ${RTREE_TABLE} (id, minx, maxx, miny, maxy) VALUES (?, ?, ?, ?, ?)`);
  }

  /** Call inside a transaction, before the first add(). */
  begin(): void {
    if (!this.db.inTransaction) throw new Error('ParcelWriter.begin() needs an open transaction');
    for (const name of RTREE_TRIGGER_NAMES) this.db.exec(`DROP TRIGGER IF EXISTS "${name}"`);
    this.open = true;
  }

  /** Insert one parcel; `area` is computed here from the geometry. Returns the new fid. */
  add(geometry: AreaGeometry | null, attrs: ParcelAttributes): number {
    if (!this.open) throw new Error('ParcelWriter.add() before begin()');
    const multi = toMultiPolygon(geometry);
    const blob = multi ? encodeGpkgGeometry(multi, this.srsId) : null;
    const area = multi ? roundArea(geometryArea(multi)) : null;
    const values = PARCEL_COLUMNS.map((c) => (c.name === 'area' ? area : attrs[c.name]));
    const fid = Number(this.insertParcel.run(blob, ...values).lastInsertRowid);
    const e = multi ? extentOf(multi) : null;
    if (e) this.insertRtree.run(fid, e[0], e[2], e[1], e[3]);
    this.written++;
    return fid;
  }

  /** Recreate the R-tree triggers; call before committing. */
  end(): void {
    if (!this.open) return;
    this.db.exec(rtreeTriggerDdl());
    this.open = false;
  }
}
