import type { EditContext } from '../../../shared/commands/command.js';
import type { AreaGeometry } from '../../../shared/geo/geometry.js';
import { emptyParcelAttributes, type ParcelAttributes } from '../../../shared/model/parcel.js';
import { ParcelSetBuilder, type ParcelSet } from '../../../shared/topology/parcel-set.js';
import { UserError } from '../../../shared/errors.js';

interface Row {
  geometry: AreaGeometry | null;
  attrs: ParcelAttributes;
}

/** An in-memory project for command tests: the EditContext the GeoPackage store implements. */
export class MemoryContext implements EditContext {
  readonly rows = new Map<number, Row>();

  static fromSet(set: ParcelSet, geometry: (p: number) => AreaGeometry | null): MemoryContext {
    const ctx = new MemoryContext();
    for (let p = 0; p < set.count; p++) {
      const attrs = emptyParcelAttributes();
      attrs.parcel_no = set.attrs.parcelNo[p];
      attrs.sheet_no = set.attrs.sheetNo[p];
      attrs.commune_code = set.attrs.communeCode[p];
      attrs.land_type = set.attrs.landType[p];
      attrs.area_legal = Number.isFinite(set.attrs.areaLegal[p]) ? set.attrs.areaLegal[p] : null;
      ctx.rows.set(set.fids[p], { geometry: structuredClone(geometry(p)), attrs });
    }
    return ctx;
  }

  private row(fid: number): Row {
    const r = this.rows.get(fid);
    if (!r) throw new UserError('parcel.notFound', { fid });
    return r;
  }

  getAttributes(fid: number): ParcelAttributes {
    return { ...this.row(fid).attrs };
  }

  setAttributes(fid: number, changes: Partial<ParcelAttributes>): void {
    Object.assign(this.row(fid).attrs, changes);
  }

  getGeometry(fid: number): AreaGeometry | null {
    return structuredClone(this.row(fid).geometry);
  }

  setGeometry(fid: number, geometry: AreaGeometry | null): void {
    this.row(fid).geometry = structuredClone(geometry);
  }

  insertParcel(fid: number | null, geometry: AreaGeometry | null, attrs: ParcelAttributes): number {
    const id = fid ?? Math.max(0, ...this.rows.keys()) + 1;
    if (this.rows.has(id)) throw new Error(`fid ${id} exists`);
    this.rows.set(id, { geometry: structuredClone(geometry), attrs: { ...attrs } });
    return id;
  }

  deleteParcel(fid: number): void {
    this.row(fid);
    this.rows.delete(fid);
  }

  /** The project as a ParcelSet again (fid order), for re-validation. */
  toSet(): ParcelSet {
    const b = new ParcelSetBuilder();
    for (const fid of [...this.rows.keys()].sort((a, c) => a - c)) {
      const r = this.rows.get(fid)!;
      b.add(fid, r.geometry, {
        communeCode: r.attrs.commune_code,
        sheetNo: r.attrs.sheet_no,
        parcelNo: r.attrs.parcel_no,
        landType: r.attrs.land_type,
        areaLegal: r.attrs.area_legal,
      });
    }
    return b.build();
  }

  /** Every row serialised, to compare states byte for byte. */
  snapshot(): string {
    return JSON.stringify([...this.rows.entries()].sort((a, b) => a[0] - b[0]));
  }
}
