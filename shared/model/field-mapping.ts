/**
 * Field mapping: which source column feeds which parcel attribute, and how its values are read.
 *
 * Cadastral files name the same things many ways (MaXa, maXa, MA_XA, Mã xã…; SoHieuToBanDo, SoTo,
 * SHBANDO…). Names are compared after normalisation (lower case, Vietnamese diacritics removed,
 * đ → d, everything but letters and digits dropped), first against exact aliases in order of
 * preference, then against a few careful stem rules. Docs: docs/import.md "Field mapping".
 */
import { UserError } from '../errors.js';
import type { FieldMapping } from '../ipc/contract.js';
import { EDITABLE_PARCEL_ATTRIBUTES, emptyParcelAttributes, type ParcelAttributeName, type ParcelAttributes } from './parcel.js';

/** Attributes a source column can feed. `area` is not here: the store computes it from the geometry. */
export type MappableField = Exclude<ParcelAttributeName, 'area'>;

export const MAPPABLE_FIELDS: readonly MappableField[] = EDITABLE_PARCEL_ATTRIBUTES.filter(
  (f): f is MappableField => f !== 'area',
);

/** A mapping with every mappable field present: the column name, or null when nothing feeds it. */
export type ResolvedFieldMapping = Record<MappableField, string | null>;

/**
 * Exact aliases per field, already normalised (see normaliseFieldName), most preferred first: when a
 * file has both DienTichPhapLy and DienTich, the legal one wins. The project's own column names come
 * first so a ParcelDesk export re-imports onto itself. No alias appears under two fields.
 */
export const FIELD_ALIASES: Readonly<Record<MappableField, readonly string[]>> = {
  parcel_id: ['parcelid', 'madinhdanh', 'madinhdanhthua', 'madinhdanhthuadat', 'mathuadat', 'madinhdanhtd'],
  commune_code: [
    'communecode',
    'maxa',
    'maxaphuong',
    'maphuongxa',
    'madvhc',
    'madvhcxa',
    'madonvihanhchinh',
    'madonvihanhchinhxa',
    'xaid',
    'commune',
  ],
  sheet_no: [
    'sheetno',
    'sohieutobando',
    'sohieuto',
    'sotobando',
    'shtobando',
    'shbando',
    'soto',
    'toso',
    'tobando',
    'tobd',
    'shto',
    'sheet',
    'sheetnumber',
    'mapsheet',
    'to',
  ],
  parcel_no: [
    'parcelno',
    'sothututhua',
    'sohieuthua',
    'sothua',
    'shthua',
    'thuaso',
    'thua',
    'stthua',
    'parcelnumber',
    'parcel',
    // French cadastre (fr-etalab): "numero" is the parcel number within its section.
    'numero',
  ],
  land_type: [
    'landtype',
    'kyhieumucdichsudung',
    'mamucdichsudung',
    'kyhieumdsd',
    'mamdsd',
    'khmdsd',
    'mdsd',
    'mucdichsudung',
    'loaidat',
    'maloaidat',
    'khloaidat',
    'kyhieuloaidat',
    'loaidathientrang',
    'mdsdhientrang',
    'mucdich',
    'landuse',
  ],
  land_type_legal: [
    'landtypelegal',
    'loaidatpl',
    'loaidatphaply',
    'mdsdpl',
    'mdsdphaply',
    'mucdichphaply',
    'mucdichsudungphaply',
    'kyhieumucdichsudungphaply',
    'mamucdichsudungphaply',
    'mamucdichsudungpl',
    'kyhieumdsdpl',
    'loaidatgcn',
    'mdsdgcn',
    'mucdichgcn',
  ],
  area_legal: [
    'arealegal',
    'dientichphaply',
    'dientichpl',
    'dtphaply',
    'dtpl',
    'dientichgcn',
    'dtgcn',
    'dientich',
    'dientichthua',
    'dientichthuadat',
    'dt',
    'legalarea',
    // French cadastre (fr-etalab): "contenance" is the legal (recorded) area in m².
    'contenance',
  ],
  address: ['address', 'diachi', 'diachithua', 'diachithuadat', 'diachitd'],
  legacy_key: ['legacykey', 'mathua', 'mathuacu', 'mathuadatcu'],
};

/**
 * Compare form of a column or field name: "Số hiệu tờ bản đồ", "SO_HIEU_TO_BAN_DO" and
 * "soHieuToBanDo" all become "sohieutobando".
 */
export function normaliseFieldName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

// Suffix markers that disqualify a column in the stem rules.
/** Old numbering ("…Cu" = cũ, "…Truoc" = trước): legacy values, never the current ones. */
const OLD = /(cu|old|truoc)$/;
/** Legal / certificate markers: pháp lý, PL, GCN (giấy chứng nhận). */
const LEGAL = /(phaply|pl|gcn|legal)$|phaply|gcn/;
/**
 * Computed or measured areas (tính, hình học, bản đồ, đo đạc, thực tế, hiện trạng, Shape_Area):
 * the store computes the parcel area itself, and a computed value stored as the legal area would
 * make every later area check compare a number with itself.
 */
const COMPUTED_AREA = /tinh|hinhhoc|hh$|bando|bd$|dodac|do$|thucte|tt$|hientrang|ht$|shape|calc|geom|tudong/;
/** Owner-related address columns (địa chỉ chủ sử dụng, người sử dụng) are not the parcel's address. */
const OWNER = /chu|owner|nguoi|csd|nsd/;

interface StemRule {
  field: MappableField;
  /** Lower rank wins when several columns match the same field. */
  rank: number;
  test: (n: string) => boolean;
}

/** Stem rules, applied only to fields and columns that no exact alias matched. */
const STEM_RULES: readonly StemRule[] = [
  { field: 'parcel_id', rank: 1, test: (n) => n.includes('madinhdanh') || n.includes('parcelid') },
  {
    field: 'commune_code',
    rank: 1,
    test: (n) => (n.startsWith('maxa') || n.startsWith('madvhc')) && !OLD.test(n),
  },
  {
    field: 'sheet_no',
    rank: 1,
    test: (n) =>
      (n.includes('tobando') || n.startsWith('sohieuto') || n.startsWith('soto') || n.startsWith('sheet')) &&
      !OLD.test(n) &&
      !n.includes('tyle') &&
      !n.includes('scale'),
  },
  {
    field: 'parcel_no',
    rank: 1,
    test: (n) =>
      (n.includes('thututhua') || n.startsWith('sothua') || n.startsWith('shthua') || n.startsWith('sohieuthua')) &&
      !OLD.test(n),
  },
  {
    field: 'land_type_legal',
    rank: 1,
    test: (n) => isLandUseStem(n) && LEGAL.test(n),
  },
  {
    field: 'land_type',
    rank: 1,
    test: (n) => isLandUseStem(n) && !LEGAL.test(n) && !OLD.test(n),
  },
  {
    field: 'area_legal',
    rank: 1,
    test: (n) => (n.startsWith('dientich') || n.startsWith('dt')) && LEGAL.test(n) && !OLD.test(n),
  },
  {
    field: 'area_legal',
    rank: 2,
    test: (n) => n.startsWith('dientich') && !COMPUTED_AREA.test(n.slice(8)) && !OLD.test(n),
  },
  { field: 'address', rank: 1, test: (n) => (n.includes('diachi') || n.includes('address')) && !OWNER.test(n) },
];

function isLandUseStem(n: string): boolean {
  return (
    (n.includes('mucdich') || n.includes('loaidat') || n.includes('mdsd') || n.includes('landuse')) &&
    // Area per land use, land-use term and origin are other attributes of the same record.
    !n.includes('dientich') &&
    !n.startsWith('dt') &&
    !n.includes('thoihan') &&
    !n.includes('nguongoc')
  );
}

/**
 * Guesses the mapping from a source's column names. Every mappable field is present in the result,
 * null when no column fits. A column feeds at most one field.
 */
export function detectFieldMapping(fields: string[]): ResolvedFieldMapping {
  return detect(fields, new Set());
}

/** Detection for the fields not in `skip` (those an override already decided). */
function detect(fields: string[], skip: ReadonlySet<MappableField>): ResolvedFieldMapping {
  const result = Object.fromEntries(MAPPABLE_FIELDS.map((f) => [f, null])) as ResolvedFieldMapping;
  const norm = fields.map(normaliseFieldName);
  const used = new Set<number>();

  for (const field of MAPPABLE_FIELDS) {
    if (skip.has(field)) continue;
    for (const alias of FIELD_ALIASES[field]) {
      const i = norm.findIndex((n, k) => n === alias && !used.has(k));
      if (i >= 0) {
        result[field] = fields[i]!;
        used.add(i);
        break;
      }
    }
  }

  for (const field of MAPPABLE_FIELDS) {
    if (result[field] !== null || skip.has(field)) continue;
    let best: { rank: number; column: number } | null = null;
    for (const rule of STEM_RULES) {
      if (rule.field !== field) continue;
      for (let k = 0; k < norm.length; k++) {
        if (used.has(k) || !rule.test(norm[k]!)) continue;
        if (!best || rule.rank < best.rank) best = { rank: rule.rank, column: k };
        break;
      }
    }
    if (best) {
      result[field] = fields[best.column]!;
      used.add(best.column);
    }
  }
  return result;
}

/**
 * Parses CLI `--map field=column` arguments. An empty column (`address=`) means "do not import
 * this field". Unknown project fields, `area` (computed), a missing '=' and a field given twice are
 * refused with UserError('import.badMapping').
 */
export function parseMappingArgs(args: readonly string[]): FieldMapping {
  const mapping: FieldMapping = {};
  for (const arg of args) {
    const eq = arg.indexOf('=');
    if (eq < 0) {
      throw new UserError('import.badMapping', { detail: `"${arg}": expected field=column, e.g. sheet_no=SoTo` });
    }
    const field = toMappableField(arg.slice(0, eq));
    if (field in mapping) {
      throw new UserError('import.badMapping', { detail: `field ${field} is mapped twice` });
    }
    const column = arg.slice(eq + 1).trim();
    mapping[field] = column === '' ? null : column;
  }
  return mapping;
}

function toMappableField(name: string): MappableField {
  const key = name.trim().toLowerCase().replace(/-/g, '_');
  if (key === 'area') {
    throw new UserError('import.badMapping', {
      detail: 'area is computed from the geometry; map the legal area to area_legal',
    });
  }
  if ((MAPPABLE_FIELDS as readonly string[]).includes(key)) return key as MappableField;
  throw new UserError('import.badMapping', {
    detail: `unknown field "${name.trim()}"; fields are ${MAPPABLE_FIELDS.join(', ')}`,
  });
}

/**
 * The mapping an import uses: explicit overrides win (null = do not import the field), every other
 * field is auto-detected among the columns the overrides did not claim. An override naming a column
 * the source lacks is refused with UserError('import.missingColumn'); the column is matched exactly,
 * else by its normalised name when that is unambiguous ("soto" finds "SoTo").
 *
 * @param file the source file, named in error messages.
 */
export function resolveFieldMapping(
  fields: string[],
  overrides: FieldMapping = {},
  file = '',
): ResolvedFieldMapping {
  const chosen = new Map<MappableField, string | null>();
  for (const [key, column] of Object.entries(overrides)) {
    if (column === undefined) continue;
    const field = toMappableField(key);
    chosen.set(field, column === null || column.trim() === '' ? null : findColumn(fields, column, field, file));
  }
  const claimed = new Set([...chosen.values()].filter((c): c is string => c !== null));
  const auto = detect(
    fields.filter((f) => !claimed.has(f)),
    new Set(chosen.keys()),
  );
  const result = { ...auto };
  for (const [field, column] of chosen) result[field] = column;
  return result;
}

function findColumn(fields: string[], column: string, field: MappableField, file: string): string {
  if (fields.includes(column)) return column;
  const trimmed = column.trim();
  if (fields.includes(trimmed)) return trimmed;
  const n = normaliseFieldName(trimmed);
  const hits = fields.filter((f) => normaliseFieldName(f) === n);
  if (hits.length === 1) return hits[0]!;
  throw new UserError('import.missingColumn', { file, column: trimmed, field });
}

/** A source attribute value (see electron/services/importers/feature-source.ts FieldValue). */
type SourceValue = string | number | boolean | null | undefined;

/**
 * Converts one source record to parcel attributes.
 * - text is trimmed and NFC-normalised; empty → null;
 * - commune codes from numeric columns get their leading zeros back (5 digits);
 * - sheet and parcel numbers are kept as text without the ".0" of DBF numeric fields;
 * - land-use codes are upper-cased when they are plain codes (odt → ODT);
 * - the legal area accepts "123,5", "1.234,5", "1,234.5", "1 234,5" and a trailing m²;
 * - legacy_key, when no column feeds it, is `<commune>.<sheet>.<parcel>` if all three are known;
 * - `commune` fills commune_code where the source has none.
 * A legal area that is not a number (or negative) throws UserError('parcel.badValue'); the caller
 * adds the file and feature to the message. `area` stays null: the store computes it.
 */
export function mapAttributes(
  props: Readonly<Record<string, SourceValue>>,
  mapping: FieldMapping,
  commune?: string | null,
): ParcelAttributes {
  const out = emptyParcelAttributes();
  const get = (field: MappableField): SourceValue => {
    const column = mapping[field];
    return column ? props[column] : null;
  };
  out.parcel_id = toText(get('parcel_id'));
  out.commune_code = toCommuneCode(get('commune_code')) ?? toCommuneCode(commune ?? null);
  out.sheet_no = toNumberText(get('sheet_no'));
  out.parcel_no = toNumberText(get('parcel_no'));
  out.land_type = toLandCode(get('land_type'));
  out.land_type_legal = toLandCode(get('land_type_legal'));
  out.area_legal = toArea(get('area_legal'));
  out.address = toText(get('address'));
  out.legacy_key = toText(get('legacy_key'));
  if (out.legacy_key === null && out.commune_code && out.sheet_no && out.parcel_no) {
    out.legacy_key = `${out.commune_code}.${out.sheet_no}.${out.parcel_no}`;
  }
  return out;
}

function toText(v: SourceValue): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : null;
  const s = String(v).normalize('NFC').trim();
  return s === '' ? null : s;
}

/** "12", 12, 12.0 and "12.000" all read as "12": DBF numeric fields add the decimals. */
function toNumberText(v: SourceValue): string | null {
  const s = toText(v);
  if (s === null) return null;
  const m = /^([+-]?\d+)[.,]0+$/.exec(s);
  return m ? m[1]! : s;
}

function toCommuneCode(v: SourceValue): string | null {
  const s = toNumberText(v);
  if (s === null) return null;
  // Commune codes are 5 digits; a numeric column turns 00004 into 4.
  return /^\d{1,4}$/.test(s) ? s.padStart(5, '0') : s;
}

function toLandCode(v: SourceValue): string | null {
  const s = toText(v);
  if (s === null) return null;
  // Only plain ASCII codes are upper-cased; a description such as "Đất ở" is left as written.
  return /^[A-Za-z0-9+,;/ .-]+$/.test(s) ? s.toUpperCase() : s;
}

function toArea(v: SourceValue): number | null {
  if (v === null || v === undefined) return null;
  let n: number | null;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'boolean') n = Number.NaN;
  else n = parseDecimal(v);
  if (n === null) return null;
  if (!Number.isFinite(n) || n < 0) {
    throw new UserError('parcel.badValue', { field: 'area_legal', value: String(v) });
  }
  return n;
}

/**
 * Reads a decimal number written the Vietnamese way or the machine way. Returns null for empty text
 * and NaN for text that is not a number.
 * - a single ',' is the decimal comma ("123,5"); several are thousands separators ("1,234,567");
 * - a single '.' is the decimal point ("123.5"); several are thousands separators ("1.234.567");
 * - with both, the last one is the decimal separator ("1.234,5" and "1,234.5");
 * - spaces (also non-breaking and thin) between digit groups are thousands separators;
 * - a trailing unit m2 / m² / m^2 is ignored.
 */
export function parseDecimal(text: string): number | null {
  let s = text
    .normalize('NFC')
    .trim()
    .replace(/(\d)\s*m(2|²|\^2)$/i, '$1')
    .replace(/[\s\u00a0\u2009\u202f]/g, '');
  if (s === '') return null;
  const commas = s.split(',').length - 1;
  const dots = s.split('.').length - 1;
  if (commas > 0 && dots > 0) {
    const decimal = s.lastIndexOf(',') > s.lastIndexOf('.') ? ',' : '.';
    const thousands = decimal === ',' ? '.' : ',';
    if (s.split(decimal).length - 1 > 1) return Number.NaN;
    s = s.split(thousands).join('').replace(decimal, '.');
  } else if (commas > 1) {
    s = s.split(',').join('');
  } else if (commas === 1) {
    s = s.replace(',', '.');
  } else if (dots > 1) {
    s = s.split('.').join('');
  }
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(s)) return Number.NaN;
  return Number(s);
}
