import { describe, expect, it } from 'vitest';
import { UserError } from '../../../shared/errors.js';
import {
  detectFieldMapping,
  FIELD_ALIASES,
  MAPPABLE_FIELDS,
  mapAttributes,
  normaliseFieldName,
  parseDecimal,
  parseMappingArgs,
  resolveFieldMapping,
  type ResolvedFieldMapping,
} from '../../../shared/model/field-mapping.js';

function catchUserError(fn: () => unknown): UserError {
  try {
    fn();
  } catch (err) {
    if (err instanceof UserError) return err;
    throw err;
  }
  throw new Error('expected a UserError');
}

/** The detected mapping with the unmapped fields left out, for readable expectations. */
function mapped(m: ResolvedFieldMapping): Record<string, string> {
  return Object.fromEntries(Object.entries(m).filter(([, v]) => v !== null)) as Record<string, string>;
}

describe('normaliseFieldName', () => {
  it('folds case, Vietnamese diacritics, đ and separators', () => {
    expect(normaliseFieldName('Số hiệu tờ bản đồ')).toBe('sohieutobando');
    expect(normaliseFieldName('SO_HIEU_TO_BAN_DO')).toBe('sohieutobando');
    expect(normaliseFieldName('soHieuToBanDo')).toBe('sohieutobando');
    expect(normaliseFieldName('Địa chỉ')).toBe('diachi');
    // Decomposed input (macOS file names, some exports) folds the same way.
    expect(normaliseFieldName('Mã xã'.normalize('NFD'))).toBe('maxa');
  });

  it('has aliases that are already normalised and belong to one field only', () => {
    const owner = new Map<string, string>();
    for (const field of MAPPABLE_FIELDS) {
      for (const alias of FIELD_ALIASES[field]) {
        expect(normaliseFieldName(alias)).toBe(alias);
        expect(owner.get(alias), `${alias} under ${field} and ${owner.get(alias)}`).toBeUndefined();
        owner.set(alias, field);
      }
    }
  });
});

describe('detectFieldMapping', () => {
  it('maps the Đà Nẵng GeoPackage fields', () => {
    const m = detectFieldMapping(['OBJECTID', 'MaXa', 'SoThuTuThua', 'SoHieuToBanDo', 'DienTich', 'KyHieuMucDichSuDung']);
    expect(m).toEqual({
      parcel_id: null,
      commune_code: 'MaXa',
      sheet_no: 'SoHieuToBanDo',
      parcel_no: 'SoThuTuThua',
      land_type: 'KyHieuMucDichSuDung',
      land_type_legal: null,
      area_legal: 'DienTich',
      address: null,
      legacy_key: null,
    });
  });

  it('maps the provincial database names, keeping old numbers and the parcel ID apart', () => {
    const m = detectFieldMapping([
      'maXa',
      'soHieuToBanDoCu',
      'soThuTuThuaCu',
      'soHieuToBanDo',
      'soThuTuThua',
      'dienTich',
      'dienTichPhapLy',
      'diaChi',
      'maMucDichSuDung',
      'maThuaDat',
      'thoiHanSuDung',
    ]);
    expect(mapped(m)).toEqual({
      parcel_id: 'maThuaDat',
      commune_code: 'maXa',
      sheet_no: 'soHieuToBanDo',
      parcel_no: 'soThuTuThua',
      land_type: 'maMucDichSuDung',
      area_legal: 'dienTichPhapLy',
      address: 'diaChi',
    });
  });

  it('maps old DBF upper-case names and headers written with diacritics', () => {
    expect(mapped(detectFieldMapping(['MA_XA', 'SOTO', 'SOTHUA', 'LOAIDAT', 'MDSD_PL', 'DIENTICH', 'DIACHI', 'MATHUA']))).toEqual({
      commune_code: 'MA_XA',
      sheet_no: 'SOTO',
      parcel_no: 'SOTHUA',
      land_type: 'LOAIDAT',
      land_type_legal: 'MDSD_PL',
      area_legal: 'DIENTICH',
      address: 'DIACHI',
      legacy_key: 'MATHUA',
    });
    expect(mapped(detectFieldMapping(['Mã xã', 'Số tờ', 'Số thửa', 'Loại đất', 'Diện tích', 'Địa chỉ']))).toEqual({
      commune_code: 'Mã xã',
      sheet_no: 'Số tờ',
      parcel_no: 'Số thửa',
      land_type: 'Loại đất',
      area_legal: 'Diện tích',
      address: 'Địa chỉ',
    });
    expect(mapped(detectFieldMapping(['SHBANDO', 'SHTHUA', 'KHLOAIDAT', 'DTPL', 'MaDVHC']))).toEqual({
      commune_code: 'MaDVHC',
      sheet_no: 'SHBANDO',
      parcel_no: 'SHTHUA',
      land_type: 'KHLOAIDAT',
      area_legal: 'DTPL',
    });
  });

  it('never takes a computed or measured area as the legal area', () => {
    expect(detectFieldMapping(['DienTichTinh', 'DienTich']).area_legal).toBe('DienTich');
    expect(detectFieldMapping(['DienTich', 'DienTichTinh']).area_legal).toBe('DienTich');
    expect(detectFieldMapping(['Shape_Area', 'DienTichTinh', 'DienTichHinhHoc', 'DienTichBanDo']).area_legal).toBeNull();
    // Stem rules: a legal marker ranks above a plain "DienTich…" column, whatever the column order.
    expect(detectFieldMapping(['DienTichTinh', 'DienTichGiayTo', 'DienTich_PhapLy_M2']).area_legal).toBe('DienTich_PhapLy_M2');
    expect(detectFieldMapping(['DienTichTinh', 'DienTichGiayTo']).area_legal).toBe('DienTichGiayTo');
  });

  it('uses careful stem rules for unusual names', () => {
    expect(
      mapped(
        detectFieldMapping([
          'MucDichSD',
          'LoaiDat_PhapLy2',
          'DiaChiChuSuDung',
          'DiaChiThuaDat_Moi',
          'SoToBD',
          'SoThua_Moi',
          'SoThuaCu2',
          'MaXaMoi',
          'MaDinhDanhThuaDat12',
        ]),
      ),
    ).toEqual({
      parcel_id: 'MaDinhDanhThuaDat12',
      commune_code: 'MaXaMoi',
      sheet_no: 'SoToBD',
      parcel_no: 'SoThua_Moi',
      land_type: 'MucDichSD',
      land_type_legal: 'LoaiDat_PhapLy2',
      address: 'DiaChiThuaDat_Moi',
    });
    // Old sheet/parcel numbers alone are not the current ones; an owner's address is not the parcel's.
    expect(mapped(detectFieldMapping(['soHieuToBanDoCu', 'soThuTuThuaCu', 'DiaChiChuSuDung']))).toEqual({});
  });

  it('maps the French cadastre (fr-etalab) without false matches', () => {
    const m = detectFieldMapping(['id', 'commune', 'prefixe', 'section', 'numero', 'contenance', 'arpente', 'created', 'updated']);
    expect(mapped(m)).toEqual({ commune_code: 'commune', parcel_no: 'numero', area_legal: 'contenance' });
  });

  it("re-imports ParcelDesk's own columns onto themselves, except the computed area", () => {
    const own = ['parcel_id', 'commune_code', 'sheet_no', 'parcel_no', 'land_type', 'land_type_legal', 'area_legal', 'area', 'address', 'legacy_key'];
    const m = detectFieldMapping(own);
    for (const f of MAPPABLE_FIELDS) expect(m[f]).toBe(f);
    expect(Object.values(m)).not.toContain('area');
  });

  it('maps nothing from unrelated columns', () => {
    expect(mapped(detectFieldMapping(['OBJECTID', 'Shape_Leng', 'Shape_Area', 'GhiChu', 'NguoiNhap']))).toEqual({});
  });
});

describe('parseMappingArgs', () => {
  it('reads field=column pairs; an empty column unmaps the field', () => {
    expect(parseMappingArgs(['sheet_no=SoTo', 'parcel-no=So Thua', 'ADDRESS=', 'legacy_key=a=b'])).toEqual({
      sheet_no: 'SoTo',
      parcel_no: 'So Thua',
      address: null,
      legacy_key: 'a=b',
    });
    expect(parseMappingArgs([])).toEqual({});
  });

  it('refuses unknown fields, the computed area, a missing "=" and a field given twice', () => {
    const unknown = catchUserError(() => parseMappingArgs(['sohieu=SoTo']));
    expect(unknown.code).toBe('import.badMapping');
    expect(unknown.message).toContain('sohieu');
    expect(unknown.message).toContain('sheet_no');
    expect(catchUserError(() => parseMappingArgs(['area=Shape_Area'])).message).toContain('area_legal');
    expect(catchUserError(() => parseMappingArgs(['sheet_no'])).code).toBe('import.badMapping');
    expect(catchUserError(() => parseMappingArgs(['sheet_no=A', 'sheet_no=B'])).message).toContain('twice');
  });
});

describe('resolveFieldMapping', () => {
  const fields = ['MaXa', 'SoTo', 'SoHieu', 'SoThua', 'DienTich', 'DienTichPL', 'LoaiDat'];

  it('lets overrides win and auto-detects the rest among unclaimed columns', () => {
    const m = resolveFieldMapping(fields, { area_legal: 'DienTich', sheet_no: 'SoHieu', land_type: null }, 'a.shp');
    expect(m.area_legal).toBe('DienTich');
    expect(m.sheet_no).toBe('SoHieu');
    expect(m.land_type).toBeNull();
    expect(m.commune_code).toBe('MaXa');
    expect(m.parcel_no).toBe('SoThua');
    // Without overrides the legal column is preferred and SoTo is the sheet.
    const auto = resolveFieldMapping(fields, {}, 'a.shp');
    expect(auto.area_legal).toBe('DienTichPL');
    expect(auto.sheet_no).toBe('SoTo');
  });

  it('does not let a column claimed by an override be auto-mapped to another field', () => {
    const m = resolveFieldMapping(['MaXa', 'SoTo', 'SoThua'], { parcel_no: 'SoTo' });
    expect(m.parcel_no).toBe('SoTo');
    expect(m.sheet_no).toBeNull();
  });

  it('finds a column written in another case, and names file, column and field when it is missing', () => {
    expect(resolveFieldMapping(fields, { sheet_no: 'soto' }).sheet_no).toBe('SoTo');
    const err = catchUserError(() => resolveFieldMapping(fields, { sheet_no: 'SoToBanDo' }, '/data/to12.shp'));
    expect(err.code).toBe('import.missingColumn');
    expect(err.params).toEqual({ file: '/data/to12.shp', column: 'SoToBanDo', field: 'sheet_no' });
    expect(err.message).toContain('/data/to12.shp');
  });

  it('refuses unknown or computed project fields in overrides', () => {
    expect(catchUserError(() => resolveFieldMapping(fields, { area: 'DienTich' })).code).toBe('import.badMapping');
    expect(
      catchUserError(() => resolveFieldMapping(fields, { owner: 'Chu' } as unknown as Record<string, string>)).code,
    ).toBe('import.badMapping');
  });
});

describe('parseDecimal', () => {
  it.each([
    ['123,5', 123.5],
    ['123.5', 123.5],
    ['1.234,5', 1234.5],
    ['1,234.5', 1234.5],
    ['1.234.567', 1234567],
    ['1,234,567', 1234567],
    ['1 234,5', 1234.5],
    ['1\u00a0234,5', 1234.5],
    [' 85,25 m2 ', 85.25],
    ['85 m²', 85],
    ['0', 0],
    ['.5', 0.5],
    ['-3', -3],
  ])('%j -> %d', (text, value) => {
    expect(parseDecimal(text)).toBeCloseTo(value, 9);
  });

  it('returns null for empty text and NaN for text that is not a number', () => {
    expect(parseDecimal('  ')).toBeNull();
    for (const bad of ['abc', '12a', '1,2,3.4.5', '1.2.3,4,5', '--1', 'm2']) expect(parseDecimal(bad)).toBeNaN();
  });
});

describe('mapAttributes', () => {
  const mapping = detectFieldMapping(['MaXa', 'SoHieuToBanDo', 'SoThuTuThua', 'DienTich', 'KyHieuMucDichSuDung', 'DiaChi']);

  it('converts numbers and text the way cadastral files write them', () => {
    const a = mapAttributes(
      { MaXa: 20203, SoHieuToBanDo: 12, SoThuTuThua: '45.000', DienTich: '1.234,5', KyHieuMucDichSuDung: ' odt ', DiaChi: ' Tổ 5 '.normalize('NFD') },
      mapping,
    );
    expect(a).toEqual({
      parcel_id: null,
      commune_code: '20203',
      sheet_no: '12',
      parcel_no: '45',
      land_type: 'ODT',
      land_type_legal: null,
      area_legal: 1234.5,
      area: null,
      address: 'Tổ 5',
      legacy_key: '20203.12.45',
    });
    expect(a.address).toBe('Tổ 5'.normalize('NFC'));
  });

  it('gives numeric commune codes their leading zeros back', () => {
    expect(mapAttributes({ MaXa: 4, SoHieuToBanDo: 1, SoThuTuThua: 2 }, mapping).commune_code).toBe('00004');
    expect(mapAttributes({ MaXa: '4.0' }, mapping).commune_code).toBe('00004');
    expect(mapAttributes({ MaXa: 4, SoHieuToBanDo: 1, SoThuTuThua: 2 }, mapping).legacy_key).toBe('00004.1.2');
  });

  it('keeps empty values null and leaves descriptions un-upper-cased', () => {
    const a = mapAttributes({ MaXa: '  ', SoHieuToBanDo: null, SoThuTuThua: '', DienTich: '', KyHieuMucDichSuDung: 'Đất ở' }, mapping);
    expect(a.commune_code).toBeNull();
    expect(a.sheet_no).toBeNull();
    expect(a.parcel_no).toBeNull();
    expect(a.area_legal).toBeNull();
    expect(a.land_type).toBe('Đất ở');
    expect(a.legacy_key).toBeNull();
  });

  it('fills the commune from the import option only where the source has none', () => {
    expect(mapAttributes({ MaXa: null, SoHieuToBanDo: 3, SoThuTuThua: 9 }, mapping, '20266')).toMatchObject({
      commune_code: '20266',
      legacy_key: '20266.3.9',
    });
    expect(mapAttributes({ MaXa: '20203' }, mapping, '20266').commune_code).toBe('20203');
  });

  it('keeps an existing legacy key', () => {
    const m = { ...mapping, legacy_key: 'MaThua' };
    expect(mapAttributes({ MaXa: '20203', SoHieuToBanDo: 1, SoThuTuThua: 2, MaThua: '07954.1.2' }, m).legacy_key).toBe('07954.1.2');
  });

  it('refuses a legal area that is not a number or is negative', () => {
    const err = catchUserError(() => mapAttributes({ DienTich: 'khoảng 100' }, mapping));
    expect(err.code).toBe('parcel.badValue');
    expect(err.params).toMatchObject({ field: 'area_legal', value: 'khoảng 100' });
    expect(catchUserError(() => mapAttributes({ DienTich: -5 }, mapping)).code).toBe('parcel.badValue');
    expect(catchUserError(() => mapAttributes({ DienTich: true }, mapping)).code).toBe('parcel.badValue');
  });

  it('ignores unmapped fields and never fills the computed area', () => {
    const a = mapAttributes({ DienTich: 50, Shape_Area: 49.9 }, { area_legal: 'DienTich', sheet_no: null });
    expect(a.area_legal).toBe(50);
    expect(a.area).toBeNull();
    expect(a.sheet_no).toBeNull();
  });
});
