/**
 * GeoPackage geometry blobs (OGC 12-128r18 §2.1.3): a small header ("GP", version, flags, srs_id,
 * optional envelope) followed by ISO WKB. Written little-endian with an XY envelope, as GDAL does,
 * so the R-tree and GDAL/QGIS read our files without recomputing anything.
 *
 * Decoding accepts what other writers produce: either byte order, any envelope kind, ISO Z/M/ZM type
 * codes (1000/2000/3000 offsets) and EWKB-style high-bit flags. Z and M are dropped: cadastral
 * parcels are 2D.
 */
import type {
  Extent,
  Geometry,
  MultiPolygonGeometry,
  PolygonCoords,
  Position,
} from './geometry.js';

export interface DecodedGpkgGeometry {
  /** null for an empty geometry or a WKB type ParcelDesk does not model (reported via wkbType). */
  geometry: Geometry | null;
  srsId: number;
  envelope: Extent | null;
  /** Base WKB type code 1..7 (Point … GeometryCollection), 0 when empty/unknown. */
  wkbType: number;
  empty: boolean;
}

const WKB_POINT = 1;
const WKB_LINESTRING = 2;
const WKB_POLYGON = 3;
const WKB_MULTIPOINT = 4;
const WKB_MULTILINESTRING = 5;
const WKB_MULTIPOLYGON = 6;
const WKB_COLLECTION = 7;

/** Thrown for a blob that is not a valid GeoPackage geometry; callers turn it into a UserError naming the file. */
export class GeometryBlobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GeometryBlobError';
  }
}

class WkbReader {
  private readonly view: DataView;
  pos: number;
  constructor(
    readonly bytes: Uint8Array,
    start: number,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.pos = start;
  }
  need(n: number): void {
    if (this.pos + n > this.bytes.byteLength) {
      throw new GeometryBlobError(`WKB truncated at byte ${this.pos} (need ${n} more)`);
    }
  }
  u8(): number {
    this.need(1);
    return this.view.getUint8(this.pos++);
  }
  u32(le: boolean): number {
    this.need(4);
    const v = this.view.getUint32(this.pos, le);
    this.pos += 4;
    return v;
  }
  f64(le: boolean): number {
    this.need(8);
    const v = this.view.getFloat64(this.pos, le);
    this.pos += 8;
    return v;
  }
}

interface WkbHeader {
  le: boolean;
  base: number;
  dims: number;
}

function readWkbHeader(r: WkbReader): WkbHeader {
  const order = r.u8();
  if (order !== 0 && order !== 1) throw new GeometryBlobError(`bad WKB byte order ${order}`);
  const le = order === 1;
  let type = r.u32(le);
  let hasZ = false;
  let hasM = false;
  // EWKB flags (PostGIS style) appear in the wild; accept them.
  if (type & 0x80000000) hasZ = true;
  if (type & 0x40000000) hasM = true;
  if (type & 0x20000000) throw new GeometryBlobError('EWKB with embedded SRID is not allowed in GeoPackage');
  type &= 0x0fffffff;
  const thousands = Math.floor(type / 1000);
  const base = type % 1000;
  if (thousands === 1 || thousands === 3) hasZ = true;
  if (thousands === 2 || thousands === 3) hasM = true;
  if (thousands > 3 || base < 1 || base > 7) throw new GeometryBlobError(`unknown WKB geometry type ${type}`);
  return { le, base, dims: 2 + (hasZ ? 1 : 0) + (hasM ? 1 : 0) };
}

/** Upper bound on counts read from a blob so corrupt data fails fast instead of allocating wildly. */
function checkCount(r: WkbReader, n: number, minBytesEach: number): void {
  if (n > r.bytes.byteLength) {
    throw new GeometryBlobError(`implausible element count ${n}`);
  }
  r.need(n * minBytesEach);
}

function readPoints(r: WkbReader, h: WkbHeader): Position[] {
  const n = r.u32(h.le);
  checkCount(r, n, 8 * h.dims);
  const pts: Position[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const x = r.f64(h.le);
    const y = r.f64(h.le);
    for (let d = 2; d < h.dims; d++) r.f64(h.le);
    pts[i] = [x, y];
  }
  return pts;
}

function readPolygon(r: WkbReader, h: WkbHeader): PolygonCoords {
  const rings = r.u32(h.le);
  checkCount(r, rings, 4);
  const out: PolygonCoords = new Array(rings);
  for (let i = 0; i < rings; i++) out[i] = readPoints(r, h);
  return out;
}

function readGeometry(r: WkbReader, depth: number): { geometry: Geometry | null; base: number } {
  if (depth > 8) throw new GeometryBlobError('geometry collections nested too deeply');
  const h = readWkbHeader(r);
  switch (h.base) {
    case WKB_POINT: {
      const x = r.f64(h.le);
      const y = r.f64(h.le);
      for (let d = 2; d < h.dims; d++) r.f64(h.le);
      // An empty point is written as NaN coordinates.
      if (Number.isNaN(x) && Number.isNaN(y)) return { geometry: null, base: h.base };
      return { geometry: { type: 'Point', coordinates: [x, y] }, base: h.base };
    }
    case WKB_LINESTRING: {
      const pts = readPoints(r, h);
      return { geometry: pts.length ? { type: 'LineString', coordinates: pts } : null, base: h.base };
    }
    case WKB_POLYGON: {
      const rings = readPolygon(r, h);
      return { geometry: rings.length ? { type: 'Polygon', coordinates: rings } : null, base: h.base };
    }
    case WKB_MULTIPOINT:
    case WKB_MULTILINESTRING:
    case WKB_MULTIPOLYGON:
    case WKB_COLLECTION: {
      const n = r.u32(h.le);
      checkCount(r, n, 5);
      const parts: Geometry[] = [];
      for (let i = 0; i < n; i++) {
        const part = readGeometry(r, depth + 1).geometry;
        if (part) parts.push(part);
      }
      return { geometry: combineParts(h.base, parts), base: h.base };
    }
    default:
      throw new GeometryBlobError(`unknown WKB geometry type ${h.base}`);
  }
}

/** Multi-geometries map onto ParcelDesk's types; a collection of polygons becomes a MultiPolygon. */
function combineParts(base: number, parts: Geometry[]): Geometry | null {
  if (parts.length === 0) return null;
  const polys = parts.filter((p) => p.type === 'Polygon' || p.type === 'MultiPolygon');
  if (base === WKB_MULTIPOLYGON || (base === WKB_COLLECTION && polys.length === parts.length)) {
    const coords: PolygonCoords[] = [];
    for (const p of polys) {
      if (p.type === 'Polygon') coords.push(p.coordinates);
      else if (p.type === 'MultiPolygon') coords.push(...p.coordinates);
    }
    return { type: 'MultiPolygon', coordinates: coords };
  }
  const lines = parts.filter((p) => p.type === 'LineString');
  if (base === WKB_MULTILINESTRING || (base === WKB_COLLECTION && lines.length === parts.length)) {
    return {
      type: 'MultiLineString',
      coordinates: lines.map((l) => (l.type === 'LineString' ? l.coordinates : [])),
    };
  }
  // MultiPoint and mixed collections are not parcel geometry; the caller counts them as skipped.
  return null;
}

/** Decode a GeoPackage geometry blob. Throws GeometryBlobError for malformed data. */
export function decodeGpkgGeometry(blob: Uint8Array): DecodedGpkgGeometry {
  if (blob.byteLength < 8) throw new GeometryBlobError(`blob of ${blob.byteLength} bytes is too short`);
  if (blob[0] !== 0x47 || blob[1] !== 0x50) throw new GeometryBlobError('missing "GP" magic');
  const flags = blob[3];
  if (flags & 0x20) throw new GeometryBlobError('extended GeoPackage geometry types are not supported');
  const le = (flags & 1) === 1;
  const empty = (flags & 0x10) !== 0;
  const envKind = (flags >> 1) & 7;
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const srsId = view.getInt32(4, le);
  const envDoubles = [0, 4, 6, 6, 8][envKind];
  if (envDoubles === undefined) throw new GeometryBlobError(`bad envelope indicator ${envKind}`);
  if (blob.byteLength < 8 + envDoubles * 8) throw new GeometryBlobError('envelope truncated');
  let envelope: Extent | null = null;
  if (envDoubles > 0) {
    const minx = view.getFloat64(8, le);
    const maxx = view.getFloat64(16, le);
    const miny = view.getFloat64(24, le);
    const maxy = view.getFloat64(32, le);
    if (![minx, maxx, miny, maxy].some(Number.isNaN)) envelope = [minx, miny, maxx, maxy];
  }
  const start = 8 + envDoubles * 8;
  if (empty && start >= blob.byteLength) {
    return { geometry: null, srsId, envelope: null, wkbType: 0, empty: true };
  }
  const r = new WkbReader(blob, start);
  const { geometry, base } = readGeometry(r, 0);
  return { geometry: empty ? null : geometry, srsId, envelope, wkbType: base, empty: empty || geometry === null };
}

/** Bounding box of a geometry, or null when it has no coordinates. */
export function extentOf(geometry: Geometry): Extent | null {
  let minx = Infinity;
  let miny = Infinity;
  let maxx = -Infinity;
  let maxy = -Infinity;
  const visit = (p: Position) => {
    if (p[0] < minx) minx = p[0];
    if (p[0] > maxx) maxx = p[0];
    if (p[1] < miny) miny = p[1];
    if (p[1] > maxy) maxy = p[1];
  };
  switch (geometry.type) {
    case 'Point':
      visit(geometry.coordinates);
      break;
    case 'LineString':
      geometry.coordinates.forEach(visit);
      break;
    case 'MultiLineString':
    case 'Polygon':
      for (const part of geometry.coordinates) part.forEach(visit);
      break;
    case 'MultiPolygon':
      for (const poly of geometry.coordinates) for (const ring of poly) ring.forEach(visit);
      break;
  }
  return minx <= maxx ? [minx, miny, maxx, maxy] : null;
}

function wkbSize(g: Geometry): number {
  switch (g.type) {
    case 'Point':
      return 21;
    case 'LineString':
      return 9 + g.coordinates.length * 16;
    case 'Polygon':
      return 9 + g.coordinates.reduce((s, ring) => s + 4 + ring.length * 16, 0);
    case 'MultiLineString':
      return 9 + g.coordinates.reduce((s, line) => s + 9 + line.length * 16, 0);
    case 'MultiPolygon':
      return (
        9 +
        g.coordinates.reduce(
          (s, poly) => s + 9 + poly.reduce((t, ring) => t + 4 + ring.length * 16, 0),
          0,
        )
      );
  }
}

class WkbWriter {
  private readonly view: DataView;
  pos: number;
  constructor(
    readonly bytes: Uint8Array,
    start: number,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.pos = start;
  }
  header(type: number): void {
    this.view.setUint8(this.pos, 1);
    this.view.setUint32(this.pos + 1, type, true);
    this.pos += 5;
  }
  u32(v: number): void {
    this.view.setUint32(this.pos, v, true);
    this.pos += 4;
  }
  points(pts: Position[]): void {
    this.u32(pts.length);
    for (const p of pts) {
      this.view.setFloat64(this.pos, p[0], true);
      this.view.setFloat64(this.pos + 8, p[1], true);
      this.pos += 16;
    }
  }
  polygon(rings: PolygonCoords): void {
    this.header(WKB_POLYGON);
    this.u32(rings.length);
    for (const ring of rings) this.points(ring);
  }
}

/**
 * Encode a geometry as a GeoPackage blob (little-endian, XY envelope). `null` encodes an empty
 * geometry (flag set, no WKB), as the spec allows.
 */
export function encodeGpkgGeometry(geometry: Geometry | null, srsId: number): Uint8Array {
  const extent = geometry ? extentOf(geometry) : null;
  if (!geometry || !extent) {
    const out = new Uint8Array(8);
    out[0] = 0x47;
    out[1] = 0x50;
    out[2] = 0;
    out[3] = 0x01 | 0x10;
    new DataView(out.buffer).setInt32(4, srsId, true);
    return out;
  }
  const isPoint = geometry.type === 'Point';
  const envBytes = isPoint ? 0 : 32;
  const out = new Uint8Array(8 + envBytes + wkbSize(geometry));
  const view = new DataView(out.buffer);
  out[0] = 0x47;
  out[1] = 0x50;
  out[2] = 0;
  out[3] = 0x01 | (isPoint ? 0 : 0x02);
  view.setInt32(4, srsId, true);
  if (!isPoint) {
    view.setFloat64(8, extent[0], true);
    view.setFloat64(16, extent[2], true);
    view.setFloat64(24, extent[1], true);
    view.setFloat64(32, extent[3], true);
  }
  const w = new WkbWriter(out, 8 + envBytes);
  switch (geometry.type) {
    case 'Point':
      w.header(WKB_POINT);
      view.setFloat64(w.pos, geometry.coordinates[0], true);
      view.setFloat64(w.pos + 8, geometry.coordinates[1], true);
      break;
    case 'LineString':
      w.header(WKB_LINESTRING);
      w.points(geometry.coordinates);
      break;
    case 'Polygon':
      w.polygon(geometry.coordinates);
      break;
    case 'MultiLineString':
      w.header(WKB_MULTILINESTRING);
      w.u32(geometry.coordinates.length);
      for (const line of geometry.coordinates) {
        w.header(WKB_LINESTRING);
        w.points(line);
      }
      break;
    case 'MultiPolygon':
      w.header(WKB_MULTIPOLYGON);
      w.u32(geometry.coordinates.length);
      for (const poly of geometry.coordinates) w.polygon(poly);
      break;
  }
  return out;
}

/** Parcels are stored as MultiPolygon (the column type), whatever the source had. */
export function toMultiPolygon(geometry: Geometry | null): MultiPolygonGeometry | null {
  if (!geometry) return null;
  if (geometry.type === 'MultiPolygon') return geometry.coordinates.length ? geometry : null;
  if (geometry.type === 'Polygon') return geometry.coordinates.length ? { type: 'MultiPolygon', coordinates: [geometry.coordinates] } : null;
  return null;
}
