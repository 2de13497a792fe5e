/**
 * Reading and writing coordinate-system WKT: Shapefile .prj (ESRI WKT1), GeoPackage / GDAL (OGC WKT1)
 * and WKT2 (PROJCRS, BOUNDCRS). Only the CRSs ParcelDesk supports are recognised — VN-2000 TM-3 zones,
 * VN-2000 geographic, WGS 84 — everything else is reported as unsupported with its declared name,
 * because guessing a CRS silently is how cadastral data ends up hundreds of metres off.
 */
import {
  crsByEpsg,
  crsByMeridian,
  DEPRECATED_VN2000,
  VN2000_GEOGRAPHIC,
  VN2000_ZONES,
  WGS84,
  type CrsDef,
} from './crs.js';

// ---------------------------------------------------------------------------------------------
// WKT syntax tree

/** One WKT keyword with its arguments: quoted strings, numbers, bare words (EAST) or nested nodes. */
export interface WktNode {
  keyword: string;
  args: WktValue[];
}
export type WktValue = WktNode | string | number;

const MAX_WKT_LENGTH = 200_000;
const MAX_DEPTH = 32;

/** Parses WKT1 or WKT2 text into its tree. @throws SyntaxError on malformed text */
export function parseWkt(text: string): WktNode {
  if (text.length > MAX_WKT_LENGTH) throw new SyntaxError(`WKT longer than ${MAX_WKT_LENGTH} characters`);
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const fail = (what: string): never => {
    throw new SyntaxError(`${what} at character ${i} of WKT`);
  };
  const word = (): string => {
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i, i + 64));
    if (!m) return fail('expected a keyword');
    i += m[0].length;
    return m[0];
  };
  const node = (keyword: string, depth: number): WktNode => {
    if (depth > MAX_DEPTH) fail('WKT nested too deeply');
    const open = text[i];
    if (open !== '[' && open !== '(') fail(`expected [ after ${keyword}`);
    const close = open === '[' ? ']' : ')';
    i++;
    const args: WktValue[] = [];
    ws();
    if (text[i] === close) {
      i++;
      return { keyword, args };
    }
    for (;;) {
      ws();
      args.push(value(depth));
      ws();
      const c = text[i];
      if (c === ',') {
        i++;
        continue;
      }
      if (c === close) {
        i++;
        return { keyword, args };
      }
      fail(`expected , or ${close}`);
    }
  };
  const value = (depth: number): WktValue => {
    const c = text[i];
    if (c === '"') {
      let s = '';
      i++;
      for (;;) {
        if (i >= text.length) fail('unterminated string');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            s += '"';
            i += 2;
            continue;
          }
          i++;
          return s;
        }
        s += text[i++];
      }
    }
    const num = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 64));
    if (num) {
      i += num[0].length;
      return Number(num[0]);
    }
    const w = word();
    ws();
    if (text[i] === '[' || text[i] === '(') return node(w.toUpperCase(), depth + 1);
    return w;
  };
  ws();
  const root = node(word().toUpperCase(), 0);
  ws();
  if (i < text.length) fail('unexpected text after the WKT');
  return root;
}

const isNode = (v: WktValue | undefined): v is WktNode => typeof v === 'object' && v !== null;
const children = (n: WktNode, ...keywords: string[]): WktNode[] =>
  n.args.filter((a): a is WktNode => isNode(a) && keywords.includes(a.keyword));
const child = (n: WktNode, ...keywords: string[]): WktNode | undefined => children(n, ...keywords)[0];
const nameOf = (n: WktNode | undefined): string => (n && typeof n.args[0] === 'string' ? n.args[0] : '');
/** Lower-case letters and digits only: "D_Vietnam_2000" and "Vietnam 2000" compare equal. */
const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** EPSG code from this node's own AUTHORITY["EPSG","5899"] (WKT1) or ID["EPSG",5899] (WKT2). */
function epsgOf(n: WktNode): number | null {
  for (const a of children(n, 'AUTHORITY', 'ID')) {
    if (typeof a.args[0] === 'string' && a.args[0].toUpperCase() === 'EPSG') {
      const code = Number(a.args[1]);
      if (Number.isInteger(code)) return code;
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Recognition

/** What a WKT declares, as far as ParcelDesk is concerned. */
export interface WktReading {
  /** The supported CRS the WKT means, or null when unsupported or unreadable. */
  crs: CrsDef | null;
  /** The CRS name written in the WKT ("" when none could be read). */
  declaredName: string;
  /**
   * Set when the WKT is one of the deprecated EPSG 6956–6959 definitions (false easting and false
   * northing swapped); `crs` is then the replacement zone. See deprecatedFalseOriginShift.
   */
  deprecatedEpsg?: number;
  /** Why `crs` is null, in technical terms for the "detail" of import.badCrs. */
  reason?: string;
}

const DEG = Math.PI / 180;
const close = (a: number | undefined, b: number, tol: number) => a !== undefined && Math.abs(a - b) <= tol;

function isVn2000Datum(datum: WktNode | undefined): boolean {
  if (!datum) return false;
  const n = norm(nameOf(datum));
  if (n.includes('vn2000') || n.includes('vietnam2000')) return true;
  // Some writers name the datum after the ellipsoid but keep the official shift; either rotation sign.
  const tw = child(datum, 'TOWGS84');
  if (!tw) return false;
  const v = tw.args.map(Number);
  return close(v[0], -191.90441429, 0.01) && close(v[1], -39.30318279, 0.01) && close(v[2], -111.45032835, 0.01);
}

function isWgs84Datum(datum: WktNode | undefined): boolean {
  if (!datum) return false;
  const n = norm(nameOf(datum));
  const named = n === 'wgs1984' || n === 'dwgs1984' || n === 'wgs84' || n === 'worldgeodeticsystem1984' ||
    n.startsWith('worldgeodeticsystem1984');
  const tw = child(datum, 'TOWGS84');
  return named && (!tw || tw.args.every((a) => Number(a) === 0));
}

/** The datum node of a geographic CRS node (WKT1 DATUM, WKT2 DATUM/TRF/ENSEMBLE). */
function datumOf(geog: WktNode | undefined): WktNode | undefined {
  return geog && child(geog, 'DATUM', 'GEODETICDATUM', 'TRF', 'ENSEMBLE');
}

/** Radians per unit of the node's own UNIT/ANGLEUNIT, or the default when absent. */
function unitFactor(n: WktNode, keywords: string[], fallback: number): number {
  const u = child(n, ...keywords);
  const f = u ? Number(u.args[1]) : fallback;
  return Number.isFinite(f) && f > 0 ? f : fallback;
}

interface TmParams {
  method: string;
  lat0?: number;
  lon0?: number;
  k?: number;
  fe?: number;
  fn?: number;
}

const PARAM_ALIASES: Record<string, keyof Omit<TmParams, 'method'>> = {
  latitudeoforigin: 'lat0',
  latitudeofnaturalorigin: 'lat0',
  centralmeridian: 'lon0',
  longitudeofnaturalorigin: 'lon0',
  longitudeoforigin: 'lon0',
  scalefactor: 'k',
  scalefactoratnaturalorigin: 'k',
  falseeasting: 'fe',
  falsenorthing: 'fn',
};

/** Projection method and parameters in degrees and metres. */
function projectionParams(projcs: WktNode, angleToRad: number, lengthToM: number): TmParams {
  const conversion = child(projcs, 'CONVERSION', 'DERIVINGCONVERSION');
  const owner = conversion ?? projcs;
  const methodNode = conversion ? child(conversion, 'METHOD', 'PROJECTION') : child(projcs, 'PROJECTION');
  const out: TmParams = { method: norm(nameOf(methodNode)) };
  for (const prm of children(owner, 'PARAMETER')) {
    const key = PARAM_ALIASES[norm(nameOf(prm))];
    const raw = Number(prm.args[1]);
    if (!key || !Number.isFinite(raw)) continue;
    if (key === 'lat0' || key === 'lon0') {
      out[key] = (raw * unitFactor(prm, ['ANGLEUNIT', 'UNIT'], angleToRad)) / DEG;
    } else if (key === 'k') {
      out[key] = raw * unitFactor(prm, ['SCALEUNIT'], 1);
    } else {
      out[key] = raw * unitFactor(prm, ['LENGTHUNIT', 'UNIT'], lengthToM);
    }
  }
  return out;
}

/** Zone whose meridian someone wrote as decimal "107.45" meaning 107°45′, for a helpful reason. */
function degreeMinuteMistake(lon0: number): CrsDef | undefined {
  const whole = Math.floor(lon0 + 1e-9);
  const frac = Math.round((lon0 - whole) * 100);
  if (Math.abs(lon0 - (whole + frac / 100)) > 1e-6 || frac >= 60) return undefined;
  return crsByMeridian(whole + frac / 60);
}

function readProjected(projcs: WktNode, declaredName: string): WktReading {
  const geog = child(projcs, 'GEOGCS', 'BASEGEOGCRS', 'BASEGEODCRS', 'GEOGCRS');
  const datum = datumOf(geog);
  const datumName = nameOf(datum);
  if (!isVn2000Datum(datum)) {
    return { crs: null, declaredName, reason: `datum "${datumName || '?'}" is not VN-2000` };
  }
  // WKT1 puts the linear unit on the PROJCS and the angular unit on the GEOGCS; WKT2 on each parameter.
  const axis = child(projcs, 'AXIS');
  const lengthToM = child(projcs, 'UNIT', 'LENGTHUNIT')
    ? unitFactor(projcs, ['UNIT', 'LENGTHUNIT'], 1)
    : axis
      ? unitFactor(axis, ['LENGTHUNIT', 'UNIT'], 1)
      : 1;
  if (Math.abs(lengthToM - 1) > 1e-12) {
    return { crs: null, declaredName, reason: `linear unit is not the metre (factor ${lengthToM})` };
  }
  const angleToRad = geog ? unitFactor(geog, ['UNIT', 'ANGLEUNIT'], DEG) : DEG;
  const tm = projectionParams(projcs, angleToRad, lengthToM);
  if (!(tm.method === 'transversemercator' || tm.method === 'gausskruger')) {
    return { crs: null, declaredName, reason: `projection "${tm.method || '?'}" is not Transverse Mercator` };
  }
  if (tm.lon0 === undefined) return { crs: null, declaredName, reason: 'no central meridian' };
  if (!close(tm.k, 0.9999, 1e-9)) {
    return { crs: null, declaredName, reason: `scale factor ${tm.k ?? '?'} is not the TM-3 0.9999 (UTM is not for cadastre)` };
  }
  if (!close(tm.lat0 ?? 0, 0, 1e-9)) return { crs: null, declaredName, reason: `latitude of origin ${tm.lat0} is not 0` };
  const zone = crsByMeridian(tm.lon0);
  if (close(tm.fe, 500000, 1e-3) && close(tm.fn ?? 0, 0, 1e-3)) {
    if (zone) return { crs: zone, declaredName };
    const meant = degreeMinuteMistake(tm.lon0);
    return {
      crs: null,
      declaredName,
      reason: meant
        ? `central meridian ${tm.lon0} is no VN-2000 zone; it looks like ${meant.meridianLabel} written as a decimal (${meant.code}, ${meant.meridian}°)`
        : `central meridian ${tm.lon0} is no VN-2000 TM-3 zone`,
    };
  }
  if (close(tm.fe ?? 0, 0, 1e-3) && close(tm.fn, 500000, 1e-3) && zone) {
    const deprecated = [...DEPRECATED_VN2000].find(([, rep]) => rep === zone.epsg);
    if (deprecated) return { crs: zone, declaredName, deprecatedEpsg: deprecated[0] };
  }
  return { crs: null, declaredName, reason: `false easting/northing ${tm.fe ?? '?'}/${tm.fn ?? '?'} are not 500000/0` };
}

function readGeographic(geog: WktNode, declaredName: string): WktReading {
  const toRad = unitFactor(geog, ['UNIT', 'ANGLEUNIT'], DEG);
  const cs = child(geog, 'CS');
  if (cs && norm(String(cs.args[0] ?? '')) !== 'ellipsoidal') {
    return { crs: null, declaredName, reason: 'geocentric, not geographic' };
  }
  if (Math.abs(toRad - DEG) > 1e-12) return { crs: null, declaredName, reason: 'angular unit is not the degree' };
  const datum = datumOf(geog);
  if (isVn2000Datum(datum)) return { crs: VN2000_GEOGRAPHIC, declaredName };
  if (isWgs84Datum(datum)) return { crs: WGS84, declaredName };
  return { crs: null, declaredName, reason: `datum "${nameOf(datum) || '?'}" is neither VN-2000 nor WGS 84` };
}

/** The horizontal CRS inside BOUNDCRS / COMPOUNDCRS wrappers. */
function horizontal(root: WktNode): WktNode {
  if (root.keyword === 'BOUNDCRS') {
    const src = child(root, 'SOURCECRS');
    const inner = src?.args.find(isNode);
    return inner ? horizontal(inner) : root;
  }
  if (root.keyword === 'COMPOUNDCRS' || root.keyword === 'COMPD_CS') {
    const inner = root.args.find(isNode);
    return inner ? horizontal(inner) : root;
  }
  return root;
}

const PROJECTED = ['PROJCS', 'PROJCRS', 'PROJECTEDCRS'];
const GEOGRAPHIC = ['GEOGCS', 'GEOGCRS', 'GEOGRAPHICCRS', 'GEODCRS', 'GEODETICCRS'];

/**
 * Reads a .prj / GeoPackage / GDAL WKT. An EPSG authority code on the CRS is trusted when its
 * parameters (if written) agree; otherwise the datum, projection and parameters decide.
 */
export function readWkt(wkt: string): WktReading {
  let root: WktNode;
  try {
    root = horizontal(parseWkt(wkt.replace(/^\uFEFF/, '').trim()));
  } catch (e) {
    return { crs: null, declaredName: '', reason: `unreadable WKT: ${(e as Error).message}` };
  }
  const declaredName = nameOf(root);
  const isProjected = PROJECTED.includes(root.keyword);
  if (!isProjected && !GEOGRAPHIC.includes(root.keyword)) {
    return { crs: null, declaredName, reason: `${root.keyword} is not a projected or geographic CRS` };
  }
  const byParams = isProjected ? readProjected(root, declaredName) : readGeographic(root, declaredName);
  const epsg = epsgOf(root);
  if (epsg === null) return byParams;

  const replacement = DEPRECATED_VN2000.get(epsg);
  if (replacement !== undefined) {
    return { crs: crsByEpsg(replacement)!, declaredName, deprecatedEpsg: epsg };
  }
  const known = crsByEpsg(epsg);
  const hasParams = isProjected
    ? children(child(root, 'CONVERSION') ?? root, 'PARAMETER').length > 0
    : datumOf(root) !== undefined;
  if (known && (!hasParams || byParams.crs?.epsg === known.epsg)) return { crs: known, declaredName };
  if (known) {
    return {
      crs: null,
      declaredName,
      reason: `declared EPSG:${epsg} but its parameters do not match it${byParams.reason ? ` (${byParams.reason})` : ''}`,
    };
  }
  return byParams.crs ? byParams : { ...byParams, reason: `EPSG:${epsg} is not supported${byParams.reason ? ` (${byParams.reason})` : ''}` };
}

/** The supported CRS a WKT declares (the replacement zone for deprecated 6956–6959), or null. */
export function crsFromWkt(wkt: string): CrsDef | null {
  return readWkt(wkt).crs;
}

/**
 * Offset to apply to coordinates of a file tagged with a deprecated 6956–6959 definition.
 * Most such files carry ordinary TM-3 coordinates (X ≈ 500 km ± 330 km) and only the tag is wrong:
 * [0, 0]. Data really computed with the swapped definition has X ≈ easting − 500 km and
 * Y ≈ northing + 500 km: then [+500000, −500000] turns it into the replacement zone.
 */
export function deprecatedFalseOriginShift(sampleX: number, sampleY: number): [number, number] {
  const looksStandard = sampleX > 150_000 && sampleX < 850_000;
  const looksSwapped = Math.abs(sampleX) < 350_000 && sampleY > 1_350_000 && sampleY < 3_150_000;
  return !looksStandard && looksSwapped ? [500_000, -500_000] : [0, 0];
}

// ---------------------------------------------------------------------------------------------
// Writing

/** ESRI names as GDAL writes them into .prj files (from the ESRI projection database). */
function esriName(def: CrsDef): string {
  switch (def.epsg) {
    case 5896:
      return 'VN_2000_TM-3_zone_481';
    case 5897:
      return 'VN_2000_TM-3_zone_482';
    case 5898:
      return 'VN_2000_TM-3_zone_491';
    case 5899:
      return 'VN_2000_TM-3_107-45';
    default:
      return def.name.replace(' / ', '_').replace(/ /g, '_');
  }
}

const ESRI_VN2000_GEOGCS =
  'GEOGCS["GCS_VN_2000",DATUM["D_Vietnam_2000",SPHEROID["WGS_1984",6378137.0,298.257223563]],' +
  'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';

/** ESRI number style: always a decimal point ("500000.0"), as ArcGIS and GDAL write .prj files. */
const esriNum = (v: number) => (Number.isInteger(v) ? v.toFixed(1) : String(v));

/** The .prj text (ESRI WKT1, one line) a Shapefile in this CRS should carry. */
export function prjForCrs(def: CrsDef): string {
  if (def.epsg === WGS84.epsg) {
    return (
      'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],' +
      'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]'
    );
  }
  if (def.epsg === VN2000_GEOGRAPHIC.epsg) return ESRI_VN2000_GEOGCS;
  if (def.meridian === null || !VN2000_ZONES.includes(def)) {
    throw new RangeError(`no .prj form for ${def.code}`);
  }
  return (
    `PROJCS["${esriName(def)}",${ESRI_VN2000_GEOGCS},PROJECTION["Transverse_Mercator"],` +
    'PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],' +
    `PARAMETER["Central_Meridian",${esriNum(def.meridian)}],PARAMETER["Scale_Factor",0.9999],` +
    'PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]'
  );
}
