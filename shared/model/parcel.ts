import type { AreaGeometry } from '../geo/geometry.js';

/**
 * The attribute columns of the `parcels` feature table, in the order the GeoPackage declares them.
 * Names are the project's own (English, snake_case); importers map Vietnamese source names
 * (MaXa, SoHieuToBanDo, SoThuTuThua, …) onto them, see shared/model/field-mapping.ts.
 */
export interface ParcelAttributes {
  /** National parcel ID (mã định danh thửa đất, 12-char GeoHash); filled by the parcel-ID issue. */
  parcel_id: string | null;
  /** 5-digit commune code (mã xã). */
  commune_code: string | null;
  /** Sheet sequence number within the commune (số hiệu tờ bản đồ). */
  sheet_no: string | null;
  /** Parcel number within the sheet (số thứ tự thửa). */
  parcel_no: string | null;
  /** Current land-use code (ký hiệu mục đích sử dụng), e.g. ODT, LUC. */
  land_type: string | null;
  /** Land-use code on the legal papers. */
  land_type_legal: string | null;
  /** Legal area in m² (diện tích pháp lý). */
  area_legal: number | null;
  /** Computed planar area in m²; maintained by the store, never typed by the user. */
  area: number | null;
  /** Address of the parcel (địa chỉ). */
  address: string | null;
  /** Old key `<commune>.<sheet>.<parcel>` from legacy data (mã thửa cũ). */
  legacy_key: string | null;
}

export type ParcelAttributeName = keyof ParcelAttributes;

/** Attributes a user may edit from the attribute panel (area is computed, so it is not here). */
export const EDITABLE_PARCEL_ATTRIBUTES: readonly ParcelAttributeName[] = [
  'parcel_id',
  'commune_code',
  'sheet_no',
  'parcel_no',
  'land_type',
  'land_type_legal',
  'area_legal',
  'address',
  'legacy_key',
] as const;

/** Column order and SQL type of the parcel attributes in the GeoPackage. */
export const PARCEL_COLUMNS: ReadonlyArray<{ name: ParcelAttributeName; sql: 'TEXT' | 'REAL' }> = [
  { name: 'parcel_id', sql: 'TEXT' },
  { name: 'commune_code', sql: 'TEXT' },
  { name: 'sheet_no', sql: 'TEXT' },
  { name: 'parcel_no', sql: 'TEXT' },
  { name: 'land_type', sql: 'TEXT' },
  { name: 'land_type_legal', sql: 'TEXT' },
  { name: 'area_legal', sql: 'REAL' },
  { name: 'area', sql: 'REAL' },
  { name: 'address', sql: 'TEXT' },
  { name: 'legacy_key', sql: 'TEXT' },
];

/** A parcel row: the GeoPackage feature id plus attributes and geometry. */
export interface Parcel extends ParcelAttributes {
  fid: number;
  geometry: AreaGeometry | null;
}

export function emptyParcelAttributes(): ParcelAttributes {
  return {
    parcel_id: null,
    commune_code: null,
    sheet_no: null,
    parcel_no: null,
    land_type: null,
    land_type_legal: null,
    area_legal: null,
    area: null,
    address: null,
    legacy_key: null,
  };
}
