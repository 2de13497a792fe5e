/**
 * The synthetic commune: a realistic, fully deterministic cadastral dataset in VN-2000 made by the
 * project's own code. It is the bundled sample project a new user opens first, and the source of
 * test fixtures (validation, import, numbering, benchmarks at 100 000+ parcels).
 *
 * The commune is clearly marked as synthetic ("Xã Mẫu (dữ liệu tổng hợp)", commune code 99901,
 * a code no real commune has: real 5-digit codes stop near 32 300). See docs/sample.md.
 */
import type { LineStringGeometry, PolygonGeometry, Position } from '../geo/geometry.js';
import { emptyParcelAttributes, type ParcelAttributes } from '../model/parcel.js';
import { UserError } from '../errors.js';
import { interiorPoint } from './interior-point.js';
import { DensityError, layoutCommune, type FaceInfo, type FaceKind } from './layout.js';
import { numberBySheet } from './numbering.js';
import { createRandom, hashUnit } from './random.js';
import { mm, signedAreaXY } from './ring-math.js';
import {
  EdgeIndex,
  seedBends,
  seedDuplicateVertices,
  seedEdgeGaps,
  seedFrameEdges,
  seedSheetCrossings,
  seedSlivers,
  type SeededError,
  type SeedWork,
} from './seed-errors.js';
import { createWarp } from './warp.js';

export type { SeededError } from './seed-errors.js';

/** How many errors of each kind to plant (all default to 0: a clean partition). */
export interface SeedErrorCounts {
  overlaps?: number;
  gaps?: number;
  selfIntersections?: number;
  nearMisses?: number;
  duplicateNumbers?: number;
  missingNumbers?: number;
  invalidLandTypes?: number;
  slivers?: number;
  spikes?: number;
  duplicateVertices?: number;
  areaMismatches?: number;
  duplicateParcels?: number;
  /** Parcels drawn across their sheet line (`crosses-sheet`); needs `sheetLines: true` and 2+ sheets. */
  crossesSheet?: number;
  /** Notches on the commune edge: gaps open to the outside, found only against the commune boundary. */
  edgeGaps?: number;
}

export type SampleScale = 500 | 1000 | 2000;

export interface GenerateCommuneOptions {
  /** Any integer; the same seed always gives the same commune (default 1). */
  seed?: number;
  /** Number of map sheets, laid out as the most square rows × columns grid with exactly this many (default 4). */
  sheets?: number;
  /** Sheet scale: 1:500 (250 m sheets), 1:1000 (500 m) or 1:2000 (1 km) (default 1000). */
  scale?: SampleScale;
  /** Parcels to aim at per sheet, within about ±15 % (default 100 / 500 / 700 for 1:500 / 1:1000 / 1:2000). */
  parcelsPerSheet?: number;
  /** Coordinate system label written to the output (default 'EPSG:5899', VN-2000 TM-3 107°45′, Đà Nẵng). */
  crs?: string;
  /** South-west corner of the sheet block, VN-2000 easting/northing in metres (default [545000, 1775000]). */
  origin?: [number, number];
  /** Five-digit commune code (default '99901'). */
  communeCode?: string;
  errors?: SeedErrorCounts;
  /** Jitter of shared vertices, independently per parcel, up to this many millimetres (0–20, default 0). */
  noiseMm?: number;
  /**
   * Cut the plan at the sheet lines, so every parcel lies inside its sheet's frame (default false:
   * the layout ignores sheet lines and about 5 % of parcels reach across one). Changes the commune.
   */
  sheetLines?: boolean;
  /** Also return the commune boundary (`boundary`, the outline of all parcels) (default false). */
  communeBoundary?: boolean;
}

export interface SampleSheet {
  /** Sheet sequence number in the commune ("tờ số"), left→right, top→bottom from 1. */
  sheetNo: string;
  frame: PolygonGeometry;
  scale: number;
}

export interface SampleParcel {
  geometry: PolygonGeometry;
  attributes: ParcelAttributes;
}

/** Centre line of a land-occupying linear object; its area is also a parcel (DGT, DTL, SON). */
export interface SampleCorridor {
  kind: 'road' | 'lane' | 'canal' | 'river';
  name: string;
  /** Nominal width in metres. */
  width: number;
  centerline: LineStringGeometry;
}

export interface SyntheticCommune {
  crs: string;
  communeCode: string;
  communeName: string;
  sheets: SampleSheet[];
  /** Ordered by sheet, then parcel number. */
  parcels: SampleParcel[];
  seeded: SeededError[];
  roadsAndRivers: SampleCorridor[];
  /** The commune boundary: the outline of the sheet block, which the parcels fill (only with `communeBoundary`). */
  boundary?: PolygonGeometry;
}

export const SAMPLE_COMMUNE_NAME = 'Xã Mẫu (dữ liệu tổng hợp)';
export const SAMPLE_COMMUNE_CODE = '99901';
const SHEET_SIDE: Record<SampleScale, number> = { 500: 250, 1000: 500, 2000: 1000 };
const DEFAULT_PER_SHEET: Record<SampleScale, number> = { 500: 100, 1000: 500, 2000: 700 };
const ROW_HEIGHT: Record<SampleScale, number> = { 500: 12.5, 1000: 25, 2000: 50 };
const FIELD_NAMES = ['Đồng Trước', 'Đồng Sau', 'Bàu Sen', 'Cồn Cát', 'Ruộng Giữa', 'Gò Cao', 'Bãi Dưới', 'Đồng Làng'];
const BAD_CODES_RESIDENTIAL = ['OTN', 'ODTT'];
const BAD_CODES_FIELD = ['BHK', 'LUN', 'NHK', 'LUCC'];

function bad(option: string, detail: string): never {
  throw new UserError('sample.badOption', { option, detail });
}

function count(value: number | undefined, option: string, max = 1_000_000): number {
  if (value === undefined) return 0;
  if (!Number.isInteger(value) || value < 0 || value > max) bad(option, `cần số nguyên từ 0 đến ${max} / expected an integer 0–${max}, got ${value}`);
  return value;
}

/** Rows × columns with rows·columns = n, as square as possible (rows ≤ columns). */
export function sheetGrid(n: number): { rows: number; cols: number } {
  let rows = Math.floor(Math.sqrt(n));
  while (n % rows !== 0) rows--;
  return { rows, cols: n / rows };
}

/** Generate a synthetic commune. Throws UserError for options out of range. */
export function generateCommune(opts: GenerateCommuneOptions = {}): SyntheticCommune {
  const seed = opts.seed ?? 1;
  if (!Number.isInteger(seed)) bad('seed', `cần số nguyên / expected an integer, got ${seed}`);
  const nSheets = opts.sheets ?? 4;
  if (!Number.isInteger(nSheets) || nSheets < 1 || nSheets > 10_000) bad('sheets', `1–10000, got ${nSheets}`);
  const scale = opts.scale ?? 1000;
  if (!(scale in SHEET_SIDE)) bad('scale', `500, 1000 hoặc/or 2000, got ${scale}`);
  const perSheet = opts.parcelsPerSheet ?? DEFAULT_PER_SHEET[scale];
  if (!Number.isInteger(perSheet) || perSheet < 1) bad('parcelsPerSheet', `cần số nguyên dương / expected a positive integer, got ${perSheet}`);
  const crs = opts.crs ?? 'EPSG:5899';
  if (!/^EPSG:\d{4,6}$/.test(crs)) bad('crs', `dạng EPSG:NNNN / expected EPSG:NNNN, got ${crs}`);
  const origin = opts.origin ?? [545_000, 1_775_000];
  if (!Array.isArray(origin) || origin.length !== 2 || !origin.every((v) => Number.isFinite(v))) {
    bad('origin', `cần [easting, northing] / expected [easting, northing]`);
  }
  const communeCode = opts.communeCode ?? SAMPLE_COMMUNE_CODE;
  if (!/^\d{5}$/.test(communeCode)) bad('communeCode', `cần 5 chữ số / expected 5 digits, got ${communeCode}`);
  const noiseMm = opts.noiseMm ?? 0;
  if (!Number.isFinite(noiseMm) || noiseMm < 0 || noiseMm > 20) bad('noiseMm', `0–20 mm, got ${noiseMm}`);
  const e = opts.errors ?? {};
  const want = {
    overlap: count(e.overlaps, 'errors.overlaps'),
    gap: count(e.gaps, 'errors.gaps'),
    invalidRing: count(e.selfIntersections, 'errors.selfIntersections'),
    nearMiss: count(e.nearMisses, 'errors.nearMisses'),
    duplicateNumber: count(e.duplicateNumbers, 'errors.duplicateNumbers'),
    missingNumber: count(e.missingNumbers, 'errors.missingNumbers'),
    invalidLandType: count(e.invalidLandTypes, 'errors.invalidLandTypes'),
    sliver: count(e.slivers, 'errors.slivers'),
    spike: count(e.spikes, 'errors.spikes'),
    duplicateVertex: count(e.duplicateVertices, 'errors.duplicateVertices'),
    areaMismatch: count(e.areaMismatches, 'errors.areaMismatches'),
    duplicateParcel: count(e.duplicateParcels, 'errors.duplicateParcels'),
    crossesSheet: count(e.crossesSheet, 'errors.crossesSheet'),
    edgeGap: count(e.edgeGaps, 'errors.edgeGaps'),
  };
  const sheetLines = opts.sheetLines ?? false;
  if (typeof sheetLines !== 'boolean') bad('sheetLines', `true/false, got ${String(sheetLines)}`);
  if (want.crossesSheet > 0 && !sheetLines) {
    bad('errors.crossesSheet', 'cần sheetLines: true (thửa phải nằm trong khung tờ) / needs sheetLines: true (parcels inside their frames)');
  }

  const { rows, cols } = sheetGrid(nSheets);
  const side = SHEET_SIDE[scale];
  const W = cols * side;
  const H = rows * side;
  const [ox, oy] = origin;
  const random = createRandom(seed);

  let layout;
  try {
    layout = layoutCommune({ width: W, height: H, targetParcels: perSheet * nSheets, random, ...(sheetLines ? { sheetSide: side } : {}) });
  } catch (err) {
    if (err instanceof DensityError) {
      throw new UserError(err.kind === 'dense' ? 'sample.tooDense' : 'sample.tooSparse', {
        requested: perSheet,
        scale,
        min: Math.ceil(err.minParcels / nSheets),
        max: Math.floor(err.maxParcels / nSheets),
      });
    }
    throw err;
  }

  // Bend the plan, move it to VN-2000 and round every vertex once to the millimetre.
  const warp = createWarp(W, H, random, sheetLines ? { width: side, height: side } : undefined);
  const lb = layout.builder;
  const x: number[] = new Array(lb.count);
  const y: number[] = new Array(lb.count);
  for (let i = 0; i < lb.count; i++) {
    const [wx, wy] = warp(lb.u[i]!, lb.v[i]!);
    x[i] = mm(ox + wx);
    y[i] = mm(oy + wy);
  }
  const infos: FaceInfo[] = layout.faces.slice();
  const work: SeedWork = {
    x,
    y,
    rings: lb.rings(),
    kinds: infos.map((f) => f.kind),
    privateVerts: new Set(),
    touched: new Set(),
    frame: { xmin: ox, ymin: oy, xmax: mm(ox + W), ymax: mm(oy + H) },
    random,
  };
  const seeded: SeededError[] = [];
  const need = (rule: string, requested: number, got: SeededError[]): void => {
    if (got.length < requested) {
      throw new UserError('sample.tooManyErrors', { rule, requested, placed: got.length });
    }
    seeded.push(...got);
  };

  // Slivers first: they add parcels that must be numbered like any other.
  need('sliver', want.sliver, seedSlivers(work, want.sliver, (parent) => infos.push({ ...infos[parent]! })));

  // Sheet of each parcel from its interior point; numbering per sheet.
  const nParcels = work.rings.length;
  const points: Position[] = new Array(nParcels);
  const sheetOf: string[] = new Array(nParcels);
  for (let f = 0; f < nParcels; f++) {
    const ring = work.rings[f]!;
    const coords: Position[] = ring.map((id) => [x[id]!, y[id]!]);
    coords.push(coords[0]!);
    const p = interiorPoint([coords])!;
    points[f] = p;
    const col = Math.min(cols - 1, Math.max(0, Math.floor((p[0] - ox) / side)));
    const rowFromSouth = Math.min(rows - 1, Math.max(0, Math.floor((p[1] - oy) / side)));
    sheetOf[f] = String((rows - 1 - rowFromSouth) * cols + col + 1);
  }
  const numbers = numberBySheet(points, sheetOf, { rowHeight: ROW_HEIGHT[scale] });

  // Land use, legal land use and address.
  const landType: string[] = new Array(nParcels);
  const landTypeLegal: string[] = new Array(nParcels);
  const address: string[] = new Array(nParcels);
  const institution = new Map<number, string>();
  pickInstitutions(infos, layout.villages.length, nParcels, institution, random);
  for (let f = 0; f < nParcels; f++) {
    const info = infos[f]!;
    const r = hashUnit(seed, f, 1);
    const r2 = hashUnit(seed, f, 2);
    let lt: string;
    let legal: string;
    switch (info.kind) {
      case 'road':
      case 'lane':
        lt = legal = 'DGT';
        break;
      case 'canal':
        lt = legal = 'DTL';
        break;
      case 'river':
        lt = legal = 'SON';
        break;
      case 'residential':
        lt = 'ONT';
        // A house on garden land without a change of use on paper.
        legal = r2 < 0.05 ? 'CLN' : 'ONT';
        break;
      case 'field': {
        const inst = institution.get(f);
        if (inst) {
          lt = legal = inst;
          break;
        }
        if (info.nearRiver && r < 0.35) lt = 'NTS';
        else if (info.vil > 0.5) lt = r < 0.5 ? 'CLN' : 'HNK';
        else if (info.vil > 0.2) lt = r < 0.5 ? 'HNK' : 'LUC';
        else lt = r < 0.85 ? 'LUC' : 'HNK';
        // Rice land turned into ponds or gardens without the papers following.
        legal = r2 < 0.04 && lt !== 'LUC' ? 'LUC' : lt;
        break;
      }
    }
    landType[f] = lt;
    landTypeLegal[f] = legal;
    address[f] = addressOf(info, institution.has(f));
  }

  // Numbering errors, per sheet, round-robin so they spread over the sheets.
  const sheetNos = Array.from({ length: nSheets }, (_, i) => String(i + 1));
  const members = new Map<string, number[]>();
  for (let f = 0; f < nParcels; f++) {
    const list = members.get(sheetOf[f]!);
    if (list) list.push(f);
    else members.set(sheetOf[f]!, [f]);
  }
  const maxOf = (sheet: string): number => Math.max(0, ...(members.get(sheet) ?? []).map((f) => numbers[f]!));
  const numberSeeds: SeededError[] = [];
  const usable = sheetNos.filter((s) => (members.get(s)?.length ?? 0) >= 10);
  const perSheetQuota = (k: number): boolean => usable.length > 0 && k <= usable.length * 2;
  if ((want.missingNumber > 0 || want.duplicateNumber > 0) && !perSheetQuota(Math.max(want.missingNumber, want.duplicateNumber))) {
    throw new UserError('sample.tooManyErrors', {
      rule: want.missingNumber > 0 ? 'missing-number' : 'duplicate-number',
      requested: Math.max(want.missingNumber, want.duplicateNumber),
      placed: usable.length * 2,
    });
  }
  const missingBySheet = new Map<string, number[]>();
  for (let k = 0; k < want.missingNumber; k++) {
    // A parcel left without a number: the validator's missing-number, and a hole in the sequence.
    const sheet = usable[k % usable.length]!;
    const max = maxOf(sheet);
    const taken = missingBySheet.get(sheet) ?? [];
    let skip = 2 + Math.floor(random.next() * Math.max(1, Math.floor(max / 3)));
    while (taken.includes(skip)) skip++;
    const f = members.get(sheet)!.find((g) => numbers[g] === skip)!;
    numbers[f] = 0;
    taken.push(skip);
    missingBySheet.set(sheet, taken);
    numberSeeds.push({
      rule: 'missing-number',
      parcelIndexes: [f],
      note: `sheet ${sheet}: parcel left without a number (should be ${skip})`,
      sheetNo: sheet,
      parcelNo: String(skip),
    });
  }
  for (let k = 0; k < want.duplicateNumber; k++) {
    const sheet = usable[k % usable.length]!;
    const list = members.get(sheet)!;
    const max = maxOf(sheet);
    const last = list.find((f) => numbers[f] === max)!;
    const missing = missingBySheet.get(sheet) ?? [];
    let j = 1 + Math.floor(random.next() * Math.max(1, Math.floor(max / 2)));
    while (missing.includes(j) || !list.some((f) => numbers[f] === j && f !== last)) j++;
    const twin = list.find((f) => numbers[f] === j && f !== last)!;
    numbers[last] = j;
    numberSeeds.push({
      rule: 'duplicate-number',
      parcelIndexes: [twin, last],
      note: `sheet ${sheet}: number ${j} given twice (the last parcel took it)`,
      sheetNo: sheet,
      parcelNo: String(j),
    });
  }
  seeded.push(...numberSeeds);

  // Invalid land-use codes: legacy 2014 codes and typing slips.
  const ltCandidates = shuffle(
    Array.from({ length: nParcels }, (_, f) => f).filter(
      (f) => (infos[f]!.kind === 'residential' || infos[f]!.kind === 'field') && !institution.has(f),
    ),
    random,
  );
  if (ltCandidates.length < want.invalidLandType) {
    throw new UserError('sample.tooManyErrors', { rule: 'invalid-land-type', requested: want.invalidLandType, placed: ltCandidates.length });
  }
  for (let k = 0; k < want.invalidLandType; k++) {
    const f = ltCandidates[k]!;
    const codes = infos[f]!.kind === 'residential' ? BAD_CODES_RESIDENTIAL : BAD_CODES_FIELD;
    const code = codes[k % codes.length]!;
    seeded.push({ rule: 'invalid-land-type', parcelIndexes: [f], note: `land type ${code} instead of ${landType[f]}` });
    landType[f] = code;
  }

  // Geometric errors, each well away from the others.
  // Inner sheet lines (easting / northing), where the plan was cut when `sheetLines` is set.
  const sheetXs = new Set<number>();
  const sheetYs = new Set<number>();
  if (sheetLines) {
    for (let c = 1; c < cols; c++) sheetXs.add(mm(ox + c * side));
    for (let r = 1; r < rows; r++) sheetYs.add(mm(oy + r * side));
  }
  if (want.overlap + want.gap + want.nearMiss + want.invalidRing + want.spike + want.duplicateVertex + want.crossesSheet + want.edgeGap > 0) {
    const edges = new EdgeIndex(work.rings);
    need('overlap', want.overlap, seedBends(work, 'overlap', want.overlap, edges));
    need('gap', want.gap, seedBends(work, 'gap', want.gap, edges));
    need('near-miss', want.nearMiss, seedBends(work, 'near-miss', want.nearMiss, edges));
    need('invalid-ring', want.invalidRing, seedFrameEdges(work, 'invalid-ring', want.invalidRing, edges));
    need('spike', want.spike, seedFrameEdges(work, 'spike', want.spike, edges));
    need('duplicate-vertex', want.duplicateVertex, seedDuplicateVertices(work, want.duplicateVertex, edges));
    need('crosses-sheet', want.crossesSheet, seedSheetCrossings(work, want.crossesSheet, edges, { xs: sheetXs, ys: sheetYs }));
    need('gap', want.edgeGap, seedEdgeGaps(work, want.edgeGap, edges));
  }

  // Final coordinates: millimetre noise on shared vertices, independently for every parcel's copy.
  const usage = new Uint8Array(x.length);
  const lastRing = new Int32Array(x.length).fill(-1);
  for (let f = 0; f < nParcels; f++) {
    for (const id of work.rings[f]!) {
      if (lastRing[id] !== f) {
        lastRing[id] = f;
        if (usage[id]! < 255) usage[id]!++;
      }
    }
  }
  const { xmin, ymin, xmax, ymax } = work.frame;
  const noise = noiseMm / 1000;
  const rings: Position[][] = new Array(nParcels);
  for (let f = 0; f < nParcels; f++) {
    const ring: Position[] = work.rings[f]!.map((id) => {
      let px = x[id]!;
      let py = y[id]!;
      if (noise > 0 && usage[id]! >= 2 && !work.privateVerts.has(id)) {
        const r = noise * Math.sqrt(hashUnit(seed, f, id, 11));
        const a = 2 * Math.PI * hashUnit(seed, f, id, 12);
        const onX = px === xmin || px === xmax || sheetXs.has(px);
        const onY = py === ymin || py === ymax || sheetYs.has(py);
        // Frame (and sheet-line) vertices slide along their line only, so the block still fills its sheets.
        if (!onX) px = mm(px + (onY ? (hashUnit(seed, f, id, 13) * 2 - 1) * noise : r * Math.cos(a)));
        if (!onY) py = mm(py + (onX ? (hashUnit(seed, f, id, 13) * 2 - 1) * noise : r * Math.sin(a)));
      }
      return [px, py];
    });
    ring.push([ring[0]![0], ring[0]![1]]);
    rings[f] = ring;
  }

  // Assemble parcels.
  const parcels: SampleParcel[] = [];
  const areaOf: number[] = [];
  for (let f = 0; f < nParcels; f++) {
    const a = emptyParcelAttributes();
    a.commune_code = communeCode;
    a.sheet_no = sheetOf[f]!;
    a.parcel_no = numbers[f]! > 0 ? String(numbers[f]) : null;
    a.land_type = landType[f]!;
    a.land_type_legal = landTypeLegal[f]!;
    a.address = address[f]!;
    a.legacy_key = a.parcel_no === null ? null : `${communeCode}.${a.sheet_no}.${a.parcel_no}`;
    areaOf.push(signedAreaXY(rings[f]!));
    parcels.push({ geometry: { type: 'Polygon', coordinates: [rings[f]!] }, attributes: a });
  }

  // Exact copies of a few parcels, added as the next number of their sheet.
  const dupCandidates = shuffle(
    Array.from({ length: nParcels }, (_, f) => f).filter((f) => !work.touched.has(f) && infos[f]!.kind !== 'road' && numbers[f]! > 0),
    random,
  );
  if (dupCandidates.length < want.duplicateParcel) {
    throw new UserError('sample.tooManyErrors', { rule: 'duplicate-parcel', requested: want.duplicateParcel, placed: dupCandidates.length });
  }
  const sheetMax = new Map<string, number>();
  for (let f = 0; f < nParcels; f++) sheetMax.set(sheetOf[f]!, Math.max(sheetMax.get(sheetOf[f]!) ?? 0, numbers[f]!));
  for (let k = 0; k < want.duplicateParcel; k++) {
    const f = dupCandidates[k]!;
    const src = parcels[f]!;
    const sheet = src.attributes.sheet_no!;
    const no = (sheetMax.get(sheet) ?? 0) + 1;
    sheetMax.set(sheet, no);
    const attrs = { ...src.attributes, parcel_no: String(no), legacy_key: `${communeCode}.${sheet}.${no}` };
    parcels.push({ geometry: { type: 'Polygon', coordinates: [rings[f]!.map((p) => [p[0], p[1]] as Position)] }, attributes: attrs });
    areaOf.push(areaOf[f]!);
    infos.push({ ...infos[f]! });
    seeded.push({ rule: 'duplicate-parcel', parcelIndexes: [f, parcels.length - 1], note: `exact copy of parcel #${f} numbered ${no}` });
  }

  // Areas: computed area, and a legal area that agrees within a realistic margin except where seeded.
  const mismatch = new Set(
    shuffle(
      Array.from({ length: parcels.length }, (_, f) => f).filter(
        (f) => isPrivateLand(infos[f]!.kind) && areaOf[f]! >= 50 && !seeded.some((s) => s.rule === 'duplicate-parcel' && s.parcelIndexes.includes(f)),
      ),
      random,
    ).slice(0, want.areaMismatch),
  );
  if (mismatch.size < want.areaMismatch) {
    throw new UserError('sample.tooManyErrors', { rule: 'area-mismatch', requested: want.areaMismatch, placed: mismatch.size });
  }
  for (let f = 0; f < parcels.length; f++) {
    const a = parcels[f]!.attributes;
    const area = areaOf[f]!;
    a.area = Math.round(area * 100) / 100;
    if (!isPrivateLand(infos[f]!.kind) && !institution.has(f)) {
      // Roads, canals and rivers carry no certificate, hence no legal area.
      a.area_legal = null;
      continue;
    }
    if (mismatch.has(f)) {
      const delta = Math.max(0.2 * area, 4 * Math.sqrt(area));
      const sign = delta > 0.5 * area || random.chance(0.5) ? 1 : -1;
      a.area_legal = Math.round((area + sign * delta) * 10) / 10;
      seeded.push({
        rule: 'area-mismatch',
        parcelIndexes: [f],
        note: `legal area ${a.area_legal} m² vs computed ${a.area.toFixed(1)} m²`,
      });
    } else {
      const u = hashUnit(seed, f, 3);
      const off = u < 0.6 ? 0 : (hashUnit(seed, f, 4) * 2 - 1) * 0.1 * Math.sqrt(area);
      a.area_legal = Math.round((area + off) * 10) / 10;
    }
  }
  // Duplicates share the original's legal area.
  for (const s of seeded) {
    if (s.rule === 'duplicate-parcel') parcels[s.parcelIndexes[1]!]!.attributes.area_legal = parcels[s.parcelIndexes[0]!]!.attributes.area_legal;
  }

  // Order by sheet, then number, and renumber the seed references accordingly.
  const order = Array.from({ length: parcels.length }, (_, i) => i).sort((a, b) => {
    const pa = parcels[a]!.attributes;
    const pb = parcels[b]!.attributes;
    return Number(pa.sheet_no) - Number(pb.sheet_no) || Number(pa.parcel_no) - Number(pb.parcel_no) || a - b;
  });
  const newIndex = new Int32Array(parcels.length);
  order.forEach((old, i) => {
    newIndex[old] = i;
  });
  const sortedSeeds = seeded.map((s) => ({
    ...s,
    parcelIndexes: s.parcelIndexes.map((i) => newIndex[i]!),
    note: s.note.replace(/#(\d+)/g, (_, i: string) => {
      const p = parcels[Number(i)]!.attributes;
      return `sheet ${p.sheet_no} parcel ${p.parcel_no}`;
    }),
  }));

  const shift = (pts: Array<[number, number]>): Position[] =>
    pts.map(([u, v]) => {
      const [wx, wy] = warp(u, v);
      return [mm(ox + wx), mm(oy + wy)];
    });

  return {
    crs,
    communeCode,
    communeName: SAMPLE_COMMUNE_NAME,
    sheets: sheetNos.map((sheetNo, i) => {
      const row = Math.floor(i / cols);
      const col = i % cols;
      const x0 = ox + col * side;
      const y1 = oy + H - row * side;
      return {
        sheetNo,
        scale,
        frame: {
          type: 'Polygon',
          coordinates: [[[x0, y1 - side], [x0 + side, y1 - side], [x0 + side, y1], [x0, y1], [x0, y1 - side]]],
        },
      };
    }),
    parcels: order.map((i) => parcels[i]!),
    seeded: sortedSeeds,
    roadsAndRivers: layout.corridors.map((c) => ({
      kind: c.kind,
      name: c.name,
      width: Math.round(c.width * 10) / 10,
      centerline: { type: 'LineString', coordinates: shift(c.points) },
    })),
    ...(opts.communeBoundary
      ? {
          boundary: {
            type: 'Polygon' as const,
            coordinates: [[[xmin, ymin], [xmax, ymin], [xmax, ymax], [xmin, ymax], [xmin, ymin]]],
          },
        }
      : {}),
  };
}

function isPrivateLand(kind: FaceKind): boolean {
  return kind === 'residential' || kind === 'field';
}

function addressOf(info: FaceInfo, inVillage: boolean): string {
  switch (info.kind) {
    case 'residential':
      return `Thôn ${info.village + 1}, Xã Mẫu`;
    case 'field':
      return inVillage || info.vil > 0.5
        ? `Thôn ${info.village + 1}, Xã Mẫu`
        : `Xứ đồng ${FIELD_NAMES[info.village % FIELD_NAMES.length]}, Xã Mẫu`;
    default:
      return 'Xã Mẫu';
  }
}

/**
 * Public buildings on fields near village centres: each village gets a school (DGD), a clinic (DYT)
 * or a pagoda (TIN) in turn on its most central field, and every second village a cemetery (NTD)
 * on a field at its outskirts.
 */
function pickInstitutions(
  infos: FaceInfo[],
  villages: number,
  nParcels: number,
  out: Map<number, string>,
  random: ReturnType<typeof createRandom>,
): void {
  const best = new Int32Array(villages).fill(-1);
  const edge: number[][] = Array.from({ length: villages }, () => []);
  for (let f = 0; f < nParcels; f++) {
    const info = infos[f]!;
    if (info.kind !== 'field') continue;
    const b = best[info.village]!;
    if (b < 0 || info.vil > infos[b]!.vil) best[info.village] = f;
    if (info.vil > 0.05 && info.vil < 0.2) edge[info.village]!.push(f);
  }
  const kinds = ['DGD', 'DYT', 'TIN'];
  for (let k = 0; k < villages; k++) {
    if (best[k]! >= 0) out.set(best[k]!, kinds[k % 3]!);
    if (k % 2 === 0 && edge[k]!.length > 0) {
      const f = edge[k]![Math.floor(random.next() * edge[k]!.length)]!;
      if (!out.has(f)) out.set(f, 'NTD');
    }
  }
}

function shuffle<T>(items: T[], random: ReturnType<typeof createRandom>): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
