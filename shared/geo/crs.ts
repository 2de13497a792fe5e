/**
 * The coordinate systems ParcelDesk works in: VN-2000 / TM-3 cadastral zones (one central meridian per
 * pre-2025 province, circular 25/2014 appendix 02), VN-2000 geographic and WGS 84.
 *
 * Every VN-2000 definition carries the official 7-parameter shift to WGS 84 in the Position Vector
 * convention, exactly as PROJ exports EPSG:6960 ("VN-2000 to WGS 84 (2)"). The web variant with the
 * three rotation signs flipped is off by 0.5–0.75 m, and leaving the shift out misplaces data by ~200 m
 * against WGS 84 basemaps, so the string below is the only one the code base may use.
 */
import proj4 from 'proj4';
import { UserError } from '../errors.js';
import type { CrsSuggestion } from '../ipc/contract.js';

/** One coordinate reference system as the project, the importers and the map use it. */
export interface CrsDef {
  epsg: number;
  /** "EPSG:5899" */
  code: string;
  /** EPSG name, e.g. "VN-2000 / TM-3 107-45" (GDAL writes the same name). */
  name: string;
  /** Central meridian in decimal degrees (TM-3 zones only). */
  meridian: number | null;
  /** Central meridian as technicians write it, e.g. "107°45′". */
  meridianLabel: string | null;
  /** Pre-2025 provinces whose cadastral maps use this zone. */
  provinces: string[];
  proj4: string;
  /** OGC WKT1 for gpkg_spatial_ref_sys.definition, with TOWGS84 of the official 7 parameters. */
  wkt: string;
}

/** The official VN-2000 → WGS 84 parameters (EPSG:6960), Position Vector: dx,dy,dz (m), rx,ry,rz (″), ds (ppm). */
export const VN2000_TOWGS84 = [
  -191.90441429, -39.30318279, -111.45032835, 0.00928836, -0.01975479, 0.00427372, 0.252906278,
] as const;

const TOWGS84_TEXT = VN2000_TOWGS84.join(',');

/** proj4 string of a VN-2000 TM-3 zone, character for character as in docs/crs.md. */
export function tm3Proj4(meridian: number): string {
  return (
    `+proj=tmerc +lat_0=0 +lon_0=${meridian} +k=0.9999 +x_0=500000 +y_0=0 +ellps=WGS84 ` +
    `+towgs84=${TOWGS84_TEXT} +units=m +no_defs`
  );
}

const VN2000_GEOGCS =
  'GEOGCS["VN-2000",DATUM["Vietnam_2000",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],' +
  `TOWGS84[${TOWGS84_TEXT}],AUTHORITY["EPSG","6756"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],` +
  'UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4756"]]';

function tm3Wkt(epsg: number, name: string, meridian: number): string {
  return (
    `PROJCS["${name}",${VN2000_GEOGCS},PROJECTION["Transverse_Mercator"],` +
    `PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",${meridian}],` +
    'PARAMETER["scale_factor",0.9999],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],' +
    'UNIT["metre",1,AUTHORITY["EPSG","9001"]],AXIS["Easting",EAST],AXIS["Northing",NORTH],' +
    `AUTHORITY["EPSG","${epsg}"]]`
  );
}

/** "107°45′" for 107.75. */
export function formatMeridian(deg: number): string {
  const whole = Math.floor(deg + 1e-9);
  const minutes = Math.round((deg - whole) * 60);
  return `${whole}°${String(minutes).padStart(2, '0')}′`;
}

/**
 * A province that uses a zone, with an approximate centre of its territory (lon, lat, ±15 km).
 * The centres are only used to order zone suggestions, never to decide a CRS.
 */
interface ProvinceEntry {
  name: string;
  lon: number;
  lat: number;
}

interface ZoneRow {
  epsg: number;
  name: string;
  meridian: number;
  provinces: ProvinceEntry[];
  /**
   * Area of use of the zone's province-specific usage in the EPSG registry: [west, south, east, north].
   * Zones 5896–5898 also carry a wide "onshore between …" usage; the narrower one is the useful test.
   */
  area: [number, number, number, number];
}

const p = (name: string, lon: number, lat: number): ProvinceEntry => ({ name, lon, lat });

/** Circular 25/2014 appendix 02 (pre-2025 provinces) joined with the EPSG codes. */
const ZONE_ROWS: ZoneRow[] = [
  { epsg: 5896, name: 'VN-2000 / TM-3 zone 481', meridian: 102, provinces: [], area: [102.14, 9.2, 103.51, 22.82] },
  {
    epsg: 9205, name: 'VN-2000 / TM-3 103-00', meridian: 103,
    provinces: [p('Lai Châu', 103.2, 22.3), p('Điện Biên', 103.0, 21.6)],
    area: [102.14, 20.89, 103.99, 22.82],
  },
  {
    epsg: 9206, name: 'VN-2000 / TM-3 104-00', meridian: 104,
    provinces: [p('Sơn La', 104.1, 21.25)],
    area: [103.21, 20.57, 105.03, 22.04],
  },
  {
    epsg: 9207, name: 'VN-2000 / TM-3 104-30', meridian: 104.5,
    provinces: [p('Kiên Giang', 104.95, 10.0), p('Cà Mau', 105.0, 9.1)],
    area: [103.4, 8.33, 105.54, 10.55],
  },
  {
    epsg: 9208, name: 'VN-2000 / TM-3 104-45', meridian: 104.75,
    provinces: [
      p('Lào Cai', 104.1, 22.3), p('Yên Bái', 104.55, 21.75), p('Nghệ An', 104.9, 19.2),
      p('Phú Thọ', 105.1, 21.3), p('An Giang', 105.2, 10.5),
    ],
    area: [103.53, 10.18, 105.86, 22.85],
  },
  {
    epsg: 5897, name: 'VN-2000 / TM-3 zone 482', meridian: 105,
    provinces: [
      p('Thanh Hóa', 105.4, 20.0), p('Vĩnh Phúc', 105.55, 21.35), p('Đồng Tháp', 105.65, 10.55),
      p('Cần Thơ', 105.6, 10.1), p('Bạc Liêu', 105.5, 9.3), p('Hậu Giang', 105.6, 9.8),
      p('Hà Nội', 105.75, 21.0), p('Ninh Bình', 105.9, 20.2), p('Hà Nam', 105.95, 20.55),
    ],
    area: [104.37, 8.97, 106.19, 21.58],
  },
  {
    epsg: 9209, name: 'VN-2000 / TM-3 105-30', meridian: 105.5,
    provinces: [
      p('Hà Giang', 105.0, 22.75), p('Hải Dương', 106.35, 20.95), p('Hà Tĩnh', 105.7, 18.3),
      p('Bắc Ninh', 106.1, 21.1), p('Hưng Yên', 106.05, 20.8), p('Thái Bình', 106.35, 20.5),
      p('Nam Định', 106.2, 20.25), p('Tây Ninh', 106.15, 11.35), p('Vĩnh Long', 106.0, 10.15),
      p('Sóc Trăng', 105.95, 9.6), p('Trà Vinh', 106.3, 9.8),
    ],
    area: [104.33, 9.19, 106.69, 23.4],
  },
  {
    epsg: 9210, name: 'VN-2000 / TM-3 105-45', meridian: 105.75,
    provinces: [
      p('Cao Bằng', 106.1, 22.75), p('Long An', 106.2, 10.75), p('Tiền Giang', 106.35, 10.4),
      p('Bến Tre', 106.45, 10.15), p('Hải Phòng', 106.65, 20.85), p('TP Hồ Chí Minh', 106.7, 10.8),
      p('Bình Dương', 106.65, 11.15),
    ],
    area: [105.26, 9.75, 107.8, 23.12],
  },
  {
    epsg: 9211, name: 'VN-2000 / TM-3 106-00', meridian: 106,
    provinces: [p('Tuyên Quang', 105.25, 22.1), p('Hòa Bình', 105.35, 20.7), p('Quảng Bình', 106.35, 17.5)],
    area: [104.83, 16.92, 107.03, 22.7],
  },
  {
    epsg: 9212, name: 'VN-2000 / TM-3 106-15', meridian: 106.25,
    provinces: [p('Quảng Trị', 106.95, 16.75), p('Bình Phước', 106.85, 11.75)],
    area: [106.41, 11.3, 107.43, 17.22],
  },
  {
    epsg: 9213, name: 'VN-2000 / TM-3 106-30', meridian: 106.5,
    provinces: [p('Bắc Kạn', 105.85, 22.25), p('Thái Nguyên', 105.85, 21.65)],
    area: [105.43, 21.32, 106.25, 22.75],
  },
  {
    epsg: 9214, name: 'VN-2000 / TM-3 107-00', meridian: 107,
    provinces: [p('Bắc Giang', 106.5, 21.35), p('Thừa Thiên-Huế', 107.5, 16.35)],
    area: [105.88, 15.99, 108.24, 21.63],
  },
  {
    epsg: 9215, name: 'VN-2000 / TM-3 107-15', meridian: 107.25,
    provinces: [p('Lạng Sơn', 106.7, 21.85)],
    area: [106.09, 21.32, 107.37, 22.47],
  },
  {
    epsg: 9216, name: 'VN-2000 / TM-3 107-30', meridian: 107.5,
    provinces: [p('Kon Tum', 107.9, 14.65)],
    area: [107.33, 13.92, 108.55, 15.42],
  },
  {
    epsg: 5899, name: 'VN-2000 / TM-3 107-45', meridian: 107.75,
    provinces: [
      p('Quảng Ninh', 107.3, 21.2), p('Đồng Nai', 107.2, 11.05), p('Bà Rịa-Vũng Tàu', 107.25, 10.55),
      p('Quảng Nam', 107.95, 15.55), p('Lâm Đồng', 108.1, 11.75), p('Đà Nẵng', 108.15, 16.05),
    ],
    area: [106.43, 8.57, 108.76, 21.67],
  },
  {
    epsg: 5898, name: 'VN-2000 / TM-3 zone 491', meridian: 108,
    provinces: [p('Quảng Ngãi', 108.7, 14.95)],
    area: [108.23, 14.53, 109.2, 15.49],
  },
  {
    epsg: 9217, name: 'VN-2000 / TM-3 108-15', meridian: 108.25,
    provinces: [p('Ninh Thuận', 108.85, 11.7), p('Khánh Hòa', 109.0, 12.3), p('Bình Định', 108.95, 14.1)],
    area: [108.55, 11.25, 109.53, 14.71],
  },
  {
    epsg: 9218, name: 'VN-2000 / TM-3 108-30', meridian: 108.5,
    provinces: [
      p('Đắk Lắk', 108.2, 12.8), p('Đắk Nông', 107.7, 12.2), p('Phú Yên', 109.0, 13.2),
      p('Gia Lai', 108.1, 13.75), p('Bình Thuận', 108.1, 11.1),
    ],
    area: [107.2, 10.43, 109.52, 14.61],
  },
];

function zoneDef(row: ZoneRow): CrsDef {
  return {
    epsg: row.epsg,
    code: `EPSG:${row.epsg}`,
    name: row.name,
    meridian: row.meridian,
    meridianLabel: formatMeridian(row.meridian),
    provinces: row.provinces.map((pr) => pr.name),
    proj4: tm3Proj4(row.meridian),
    wkt: tm3Wkt(row.epsg, row.name, row.meridian),
  };
}

/** VN-2000 / TM-3 zones, west to east. */
export const VN2000_ZONES: readonly CrsDef[] = Object.freeze(ZONE_ROWS.map(zoneDef));

/** WGS 84 geographic, lon/lat order in ParcelDesk (as GeoJSON and OpenLayers use it). */
export const WGS84: CrsDef = Object.freeze({
  epsg: 4326,
  code: 'EPSG:4326',
  name: 'WGS 84',
  meridian: null,
  meridianLabel: null,
  provinces: [],
  proj4: '+proj=longlat +datum=WGS84 +no_defs',
  // The row the GeoPackage specification itself requires for 4326.
  wkt:
    'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],' +
    'AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],' +
    'UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4326"]]',
});

/** VN-2000 geographic (EPSG:4756), lon/lat order. */
export const VN2000_GEOGRAPHIC: CrsDef = Object.freeze({
  epsg: 4756,
  code: 'EPSG:4756',
  name: 'VN-2000',
  meridian: null,
  meridianLabel: null,
  provinces: [],
  proj4: `+proj=longlat +ellps=WGS84 +towgs84=${TOWGS84_TEXT} +no_defs`,
  wkt: VN2000_GEOGCS,
});

export const ALL_CRS: readonly CrsDef[] = Object.freeze([...VN2000_ZONES, WGS84, VN2000_GEOGRAPHIC]);

/**
 * EPSG deprecated these four because their false easting and false northing are swapped; data tagged
 * with them must be re-tagged with the replacement.
 */
export const DEPRECATED_VN2000: ReadonlyMap<number, number> = new Map([
  [6956, 5896],
  [6957, 5897],
  [6958, 5898],
  [6959, 5899],
]);

const BY_EPSG = new Map(ALL_CRS.map((d) => [d.epsg, d]));

export function crsByEpsg(epsg: number): CrsDef | undefined {
  return BY_EPSG.get(epsg);
}

/**
 * Reads a central meridian: degree-minute "104-45", "104°45′", "104°45'", "104 45", "104d45m"
 * (optionally with seconds), or decimal degrees (104.75 / "104.75"). "104-45" is 104.75, not 104.45.
 * @throws UserError('crs.badMeridian') for anything else.
 */
export function parseMeridian(input: string | number): number {
  if (typeof input === 'number') {
    if (Number.isFinite(input) && input >= -180 && input <= 180) return input;
    throw new UserError('crs.badMeridian', { meridian: String(input) });
  }
  const text = input.trim();
  if (/^[+-]?\d+(\.\d+)?$/.test(text)) {
    const v = Number(text);
    if (v >= -180 && v <= 180) return v;
  }
  const m =
    /^(\d{1,3})\s*(?:°|º|d|-|:|\s)\s*(\d{1,2}(?:\.\d+)?)\s*(?:′|'|m|’)?\s*(?:(\d{1,2}(?:\.\d+)?)\s*(?:″|"|''|s|”)?)?$/i.exec(
      text,
    );
  if (m) {
    const deg = Number(m[1]);
    const min = Number(m[2]);
    const sec = m[3] === undefined ? 0 : Number(m[3]);
    if (deg <= 180 && min < 60 && sec < 60) return deg + min / 60 + sec / 3600;
  }
  throw new UserError('crs.badMeridian', { meridian: text });
}

/** The TM-3 zone with this central meridian (decimal degrees or degree-minute text), if any. */
export function crsByMeridian(meridian: number | string): CrsDef | undefined {
  const deg = typeof meridian === 'number' ? meridian : parseMeridian(meridian);
  return VN2000_ZONES.find((z) => z.meridian !== null && Math.abs(z.meridian - deg) < 1e-6);
}

/**
 * Reads a CRS the user typed or a file declared: "EPSG:5899", "epsg:5899", "5899",
 * "urn:ogc:def:crs:EPSG::5899", or a central meridian "107-45" / "107°45′" / "107.75".
 * @throws UserError('crs.deprecated') for EPSG 6956–6959, UserError('crs.unknown') otherwise.
 */
export function parseCrsCode(text: string): CrsDef {
  const t = String(text).trim();
  const code = /^(?:(?:urn:ogc:def:crs:)?epsg\s*:+\s*)?(\d{4,6})$/i.exec(t);
  if (code) {
    const epsg = Number(code[1]);
    const replacement = DEPRECATED_VN2000.get(epsg);
    if (replacement !== undefined) {
      throw new UserError('crs.deprecated', { crs: `EPSG:${epsg}`, replacement: `EPSG:${replacement}` });
    }
    const def = crsByEpsg(epsg);
    if (def) return def;
    throw new UserError('crs.unknown', { crs: t });
  }
  if (/^\d{2,3}(?:[-°º:\s.]|$)/.test(t)) {
    let deg: number | undefined;
    try {
      deg = parseMeridian(t);
    } catch {
      deg = undefined;
    }
    const zone = deg === undefined ? undefined : crsByMeridian(deg);
    if (zone) return zone;
  }
  throw new UserError('crs.unknown', { crs: t });
}

// ---------------------------------------------------------------------------------------------
// Zone detection for data without a CRS

/** A zone in which a dataset's coordinates make sense, with what the detection saw. */
export interface ZoneSuggestion extends CrsSuggestion {
  epsg: number;
  /** True when the file has northing first (X = northing): the suggestion holds after swapping X/Y. */
  swappedXY: boolean;
  /** Centre of the data in this zone, VN-2000 geographic degrees. */
  lon: number;
  lat: number;
  /** Distance of that centre from the zone's central meridian, degrees. */
  offset: number;
  /** True when the centre lies in the EPSG area of use of the zone's provinces. */
  inAreaOfUse: boolean;
  /** Kilometres from the centre to the nearest (approximate) centre of a province using this zone. */
  provinceDistanceKm: number;
}

/**
 * Coarse outline of mainland Vietnam (lon, lat), drawn ~10 km generous on the coast and borders.
 * It only has to tell Vietnam from Laos, Cambodia, China and the open sea for zone detection.
 */
const VIETNAM_MAINLAND: ReadonlyArray<readonly [number, number]> = [
  [102.1, 22.42], [102.42, 22.82], [103.4, 22.85], [103.96, 22.56], [104.35, 22.88], [104.9, 23.22],
  [105.32, 23.45], [105.9, 23.05], [106.45, 22.98], [106.85, 22.82], [106.78, 22.4], [106.88, 22.02],
  [107.35, 21.78], [107.75, 21.68], [108.12, 21.55], [108.15, 21.35], [107.95, 20.85], [107.1, 20.55],
  [106.8, 20.3], [106.3, 19.8], [105.95, 19.15], [106.0, 18.6], [106.3, 18.25], [106.6, 17.95],
  [106.75, 17.45], [107.3, 16.9], [107.75, 16.55], [108.1, 16.3], [108.42, 16.15], [108.5, 15.85],
  [108.75, 15.55], [108.95, 15.35], [109.08, 14.65], [109.38, 13.75], [109.5, 13.05], [109.55, 12.65],
  [109.4, 12.2], [109.3, 11.85], [109.15, 11.5], [109.1, 11.3], [108.4, 10.85], [107.8, 10.5],
  [107.15, 10.25], [106.8, 10.15], [106.75, 9.85], [106.6, 9.5], [106.25, 9.25], [105.8, 9.05],
  [105.5, 8.85], [104.75, 8.45], [104.65, 9.0], [104.72, 9.5], [104.9, 9.85], [104.75, 10.2],
  [104.42, 10.36], [104.5, 10.5], [105.05, 10.98], [105.5, 11.02], [105.85, 11.05], [106.0, 11.85],
  [106.45, 12.0], [106.65, 12.05], [107.05, 12.35], [107.5, 12.3], [107.6, 12.7], [107.55, 13.2],
  [107.5, 13.8], [107.55, 14.25], [107.4, 14.55], [107.6, 14.75], [107.55, 15.05], [107.35, 15.25],
  [107.15, 15.45], [107.3, 15.75], [107.1, 16.0], [107.05, 16.3], [106.65, 16.4], [106.5, 16.7],
  [106.5, 17.0], [106.15, 17.3], [105.65, 17.8], [105.55, 18.05], [105.15, 18.45], [104.85, 18.7],
  [104.45, 18.85], [103.85, 19.15], [103.95, 19.45], [104.05, 19.7], [104.35, 19.75], [104.65, 20.1],
  [104.65, 20.4], [104.3, 20.6], [104.05, 20.8], [103.75, 20.7], [103.35, 20.75], [103.15, 20.82],
  [102.82, 21.05], [102.9, 21.3], [102.65, 21.6], [102.6, 21.9], [102.3, 22.02],
];

/** Islands and archipelagos outside the mainland outline: [west, south, east, north]. */
const VIETNAM_ISLANDS: ReadonlyArray<readonly [number, number, number, number]> = [
  [103.75, 9.8, 104.15, 10.5], // Phú Quốc and An Thới
  [103.4, 9.2, 103.55, 9.35], // Thổ Chu
  [106.5, 8.6, 106.72, 8.8], // Côn Đảo
  [108.88, 10.45, 108.99, 10.56], // Phú Quý
  [109.05, 15.35, 109.17, 15.43], // Lý Sơn
  [107.28, 17.12, 107.38, 17.2], // Cồn Cỏ
  [107.66, 20.1, 107.76, 20.16], // Bạch Long Vĩ
  [111.1, 15.7, 112.8, 17.2], // Hoàng Sa
  [111.4, 6.4, 117.9, 11.6], // Trường Sa
];

function insideRing(lon: number, lat: number, ring: ReadonlyArray<readonly [number, number]>): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** True when (lon, lat) is on Vietnamese territory (coarse outline plus island boxes). */
export function isInVietnam(lon: number, lat: number): boolean {
  if (!(lon >= 102 && lon <= 118 && lat >= 6 && lat <= 23.5)) return false;
  if (insideRing(lon, lat, VIETNAM_MAINLAND)) return true;
  return VIETNAM_ISLANDS.some(([w, s, e, n]) => lon >= w && lon <= e && lat >= s && lat <= n);
}

/** TM-3 zones are used within ~1.5° of the meridian; this is the generous limit for detection. */
const MAX_MERIDIAN_OFFSET = 3;

function kmBetween(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const kx = 111.32 * Math.cos((((lat1 + lat2) / 2) * Math.PI) / 180);
  return Math.hypot((lon2 - lon1) * kx, (lat2 - lat1) * 110.57);
}

/** Centre of the finite points' bounding box, or null when there is none. */
function pointsCentre(points: ReadonlyArray<readonly [number, number]>): [number, number] | null {
  let minx = Infinity;
  let miny = Infinity;
  let maxx = -Infinity;
  let maxy = -Infinity;
  for (const pt of points) {
    const x = pt[0];
    const y = pt[1];
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    if (x < minx) minx = x;
    if (x > maxx) maxx = x;
    if (y < miny) miny = y;
    if (y > maxy) maxy = y;
  }
  return minx <= maxx ? [(minx + maxx) / 2, (miny + maxy) / 2] : null;
}

const LONLAT_VN2000 = '+proj=longlat +ellps=WGS84 +no_defs';

function zonesFor(easting: number, northing: number, swappedXY: boolean): ZoneSuggestion[] {
  const out: ZoneSuggestion[] = [];
  for (const row of ZONE_ROWS) {
    // Zone detection needs metres-level truth only, so the datum shift is left out on purpose.
    const tm = `+proj=tmerc +lat_0=0 +lon_0=${row.meridian} +k=0.9999 +x_0=500000 +y_0=0 +ellps=WGS84 +units=m +no_defs`;
    const [lon, lat] = proj4(tm, LONLAT_VN2000).forward([easting, northing]) as [number, number];
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) continue;
    const offset = Math.abs(lon - row.meridian);
    if (offset > MAX_MERIDIAN_OFFSET || !isInVietnam(lon, lat)) continue;
    const [w, s, e, n] = row.area;
    const ranked = row.provinces
      .map((pr) => ({ name: pr.name, km: kmBetween(lon, lat, pr.lon, pr.lat) }))
      .sort((a, b) => a.km - b.km);
    const def = crsByEpsg(row.epsg)!;
    out.push({
      crs: def.code,
      meridian: def.meridianLabel ?? '',
      provinces: ranked.map((r) => r.name),
      epsg: row.epsg,
      swappedXY,
      lon,
      lat,
      offset,
      inAreaOfUse: lon >= w && lon <= e && lat >= s && lat <= n,
      provinceDistanceKm: ranked.length > 0 ? ranked[0]!.km : Infinity,
    });
  }
  // Every zone sees the same offset from its meridian (it is just easting − 500 km), so the offset
  // cannot rank zones; what differs is whether the place the zone puts the data in uses that zone.
  out.sort(
    (a, b) =>
      Number(b.inAreaOfUse) - Number(a.inAreaOfUse) ||
      a.provinceDistanceKm - b.provinceDistanceKm ||
      a.epsg - b.epsg,
  );
  // The EPSG area of use is the official statement of where a zone is used; other zones are only
  // worth showing when no zone claims the place.
  const claimed = out.filter((s) => s.inAreaOfUse);
  return claimed.length > 0 ? claimed : out;
}

/** Plausible Vietnamese TM-3 eastings (±3° of any meridian) and northings. */
const looksLikeEasting = (v: number) => v > 150_000 && v < 850_000;
const looksLikeNorthing = (v: number) => v > 850_000 && v < 2_650_000;

function lonLatSuggestion(lon: number, lat: number, swappedXY: boolean): ZoneSuggestion {
  return {
    crs: WGS84.code,
    meridian: '',
    provinces: [],
    epsg: WGS84.epsg,
    swappedXY,
    lon,
    lat,
    offset: 0,
    inAreaOfUse: true,
    provinceDistanceKm: 0,
  };
}

/**
 * For a dataset with no CRS: the zones in which its coordinates land on Vietnamese territory near a
 * province that uses that zone, most likely first. Input is [x, y] as read from the file.
 *
 * - Degrees that fall in Vietnam give EPSG:4326 (with `swappedXY` when latitude comes first).
 * - Northing-first files (X ≈ 1 000 000–2 600 000) are detected and marked `swappedXY`.
 * - Only zones whose EPSG area of use contains the data are listed (all zones that put it on
 *   Vietnamese territory when none does), nearest province using the zone first. An empty list
 *   means no VN-2000 TM-3 zone fits.
 */
export function suggestZones(points: Array<[number, number]>): ZoneSuggestion[] {
  const c = pointsCentre(points);
  if (!c) return [];
  const [x, y] = c;
  if (isInVietnam(x, y)) return [lonLatSuggestion(x, y, false)];
  if (isInVietnam(y, x)) return [lonLatSuggestion(y, x, true)];
  if (looksLikeEasting(x) && looksLikeNorthing(y)) return zonesFor(x, y, false);
  if (looksLikeEasting(y) && looksLikeNorthing(x)) return zonesFor(y, x, true);
  return [];
}
