/**
 * The binary page of the bulk parcel layer (`getParcelLayer`): what the map needs to draw, pick and
 * label every parcel, as a few typed arrays in one ArrayBuffer instead of nested JSON arrays.
 *
 * Why binary: for the 111k parcels of Đà Nẵng the JSON pages were 30 MB of decimal text, and
 * building, printing, parsing and garbage-collecting millions of small arrays cost more than the
 * reading of the project itself (docs/ui.md, "Render path"). Coordinates stay float64 and absolute:
 * VN-2000 eastings/northings are ~1.7e6 m, where float32 would move vertices by ~0.1 m, and a
 * cadastral technician must see every boundary where it is.
 *
 * Layout, version 1 (little-endian, every section starts at a multiple of 8 bytes so it can be viewed
 * in place, and is padded with zeros up to the next section):
 *
 * | bytes | what |
 * |---|---|
 * | 0–63 | header: magic "PDLP", version (u16), header size (u16), then u32: total parcels of the project, page offset, parcels in page, polygons, rings, coordinate values, strings, string bytes, whole page bytes |
 * | f64 × coordinate values | every vertex x, y of every ring, in order |
 * | f64 × parcels | area (m²); NaN when the parcel has none |
 * | i32 × parcels | feature ids |
 * | u32 × (parcels + 1) | first polygon of each parcel (a parcel without polygons has no geometry) |
 * | u32 × (polygons + 1) | first ring of each polygon (exterior ring first, then holes) |
 * | u32 × (rings + 1) | first coordinate value of each ring |
 * | u32 × parcels, three times | sheet number, parcel number, land type: index into the string table, or 0xFFFFFFFF for none |
 * | u32 × strings | end of each string in the UTF-8 bytes |
 * | u8 × string bytes | the strings, UTF-8 (Vietnamese text as is) |
 *
 * The writer is used by the services (electron/services/project/parcel-repository.ts), the reader by
 * the map (renderer/map/ParcelMap.ts); both shells carry the ArrayBuffer unchanged (Electron IPC by
 * structured clone, the web bridge as application/octet-stream).
 */
import { UserError } from '../errors.js';
import type { AreaGeometry, PolygonCoords } from '../geo/geometry.js';
import type { FlatPolygonSink } from '../geo/gpkg-flat.js';
import { GrowF64, GrowU32 } from '../topology/growable.js';

/** "PDLP" read as a little-endian u32. */
export const PARCEL_PAGE_MAGIC = 0x504c4450;
export const PARCEL_PAGE_VERSION = 1;
export const PARCEL_PAGE_HEADER_BYTES = 64;
/** String index meaning "no value" (NULL in the project). */
export const NO_STRING = 0xffffffff;
/** Largest feature id a page can carry (ids are int32 on the wire). */
export const MAX_PAGE_FID = 0x7fffffff;

/** The attributes the map styles, labels and searches with. */
export interface ParcelPageAttributes {
  sheetNo: string | null;
  parcelNo: string | null;
  landType: string | null;
  area: number | null;
}

const IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function pad8(n: number): number {
  return (n + 7) & ~7;
}

function corrupt(detail: string): UserError {
  return new UserError('parcelPage.corrupt', { detail });
}

/** Byte offsets of every section of a page with the given counts. */
function layoutOf(count: number, polygons: number, rings: number, coordValues: number, strings: number, stringBytes: number) {
  let at = PARCEL_PAGE_HEADER_BYTES;
  const take = (bytes: number) => {
    const start = at;
    at = pad8(at + bytes);
    return start;
  };
  const coords = take(coordValues * 8);
  const area = take(count * 8);
  const fids = take(count * 4);
  const polygonStart = take((count + 1) * 4);
  const ringStart = take((polygons + 1) * 4);
  const coordStart = take((rings + 1) * 4);
  const sheetNo = take(count * 4);
  const parcelNo = take(count * 4);
  const landType = take(count * 4);
  const stringEnd = take(strings * 4);
  const utf8 = take(stringBytes);
  return { coords, area, fids, polygonStart, ringStart, coordStart, sheetNo, parcelNo, landType, stringEnd, utf8, total: at };
}

/**
 * Collects the parcels of one page and writes the binary page. Geometry comes either as a
 * GeoJSON-nested {@link AreaGeometry} or, on the hot path, straight from a reader that calls the
 * {@link FlatPolygonSink} methods (shared/geo/gpkg-flat.ts), so no per-vertex objects are made.
 */
export class ParcelLayerPageWriter implements FlatPolygonSink {
  private readonly coords = new GrowF64(1 << 16);
  private readonly area = new GrowF64(1024);
  private readonly fids = new GrowU32(1024);
  private readonly polygonStart = new GrowU32(1024);
  private readonly ringStart = new GrowU32(1024);
  private readonly coordStart = new GrowU32(1024);
  private readonly sheetNo = new GrowU32(1024);
  private readonly parcelNo = new GrowU32(1024);
  private readonly landType = new GrowU32(1024);
  private readonly stringIndex = new Map<string, number>();
  private readonly strings: string[] = [];
  private polygons = 0;
  private rings = 0;
  /** Vertices may be added: a polygon of the current parcel has begun. */
  private inPolygon = false;
  /** Vertices were added since the last ring end. */
  private ringOpen = false;

  /**
   * @param total parcels in the whole layer (lets the map show progress and know when it is done)
   * @param offset position of this page's first parcel in the layer
   */
  constructor(
    readonly total: number,
    readonly offset: number,
  ) {
    this.coordStart.push(0);
  }

  /** Parcels added so far. */
  get count(): number {
    return this.fids.n;
  }

  /**
   * Starts a parcel: its geometry follows through the sink methods (none for a parcel without
   * geometry) and ends with the next {@link beginParcel} or {@link finish}.
   */
  beginParcel(fid: number, attrs: ParcelPageAttributes): void {
    if (!Number.isInteger(fid) || fid < -MAX_PAGE_FID - 1 || fid > MAX_PAGE_FID) {
      throw new UserError('parcelPage.fidRange', { fid: String(fid) });
    }
    this.checkRingEnded();
    this.inPolygon = false;
    this.polygonStart.push(this.polygons);
    this.fids.push(fid >>> 0);
    this.area.push(attrs.area ?? NaN);
    this.sheetNo.push(this.stringId(attrs.sheetNo));
    this.parcelNo.push(this.stringId(attrs.parcelNo));
    this.landType.push(this.stringId(attrs.landType));
  }

  /** A whole parcel with its geometry as GeoJSON-nested coordinates (null: no geometry). */
  addParcel(fid: number, geometry: AreaGeometry | null, attrs: ParcelPageAttributes): void {
    this.beginParcel(fid, attrs);
    if (geometry) this.addGeometry(geometry);
  }

  /** The current parcel's geometry (after {@link beginParcel}) from GeoJSON-nested coordinates. */
  addGeometry(geometry: AreaGeometry): void {
    const polys: PolygonCoords[] = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
    for (const poly of polys) {
      this.beginPolygon();
      for (const ring of poly) {
        for (const p of ring) this.vertex(p[0], p[1]);
        this.endRing();
      }
    }
  }

  beginPolygon(): void {
    if (this.fids.n === 0) throw new Error('ParcelLayerPageWriter: beginParcel must come before the geometry');
    this.checkRingEnded();
    this.ringStart.push(this.rings);
    this.polygons++;
    this.inPolygon = true;
  }

  vertex(x: number, y: number): void {
    if (!this.inPolygon) throw new Error('ParcelLayerPageWriter: a vertex must belong to a polygon');
    this.coords.push(x);
    this.coords.push(y);
    this.ringOpen = true;
  }

  endRing(): void {
    if (!this.inPolygon) throw new Error('ParcelLayerPageWriter: a ring must belong to a polygon');
    this.coordStart.push(this.coords.n);
    this.rings++;
    this.ringOpen = false;
  }

  /**
   * Drops the geometry written since {@link beginParcel}: a reader that finds half-way that it
   * cannot read a blob falls back to the general decoder and starts the geometry again.
   */
  discardGeometry(): void {
    if (this.fids.n === 0) return;
    const firstPolygon = this.polygonStart.a[this.polygonStart.n - 1];
    const firstRing = firstPolygon < this.polygons ? this.ringStart.a[firstPolygon] : this.rings;
    this.coords.n = this.coordStart.a[firstRing];
    this.coordStart.n = firstRing + 1;
    this.rings = firstRing;
    this.ringStart.n = firstPolygon;
    this.polygons = firstPolygon;
    this.inPolygon = false;
    this.ringOpen = false;
  }

  /** The page as one ArrayBuffer, exactly as long as its content. */
  finish(): ArrayBuffer {
    if (!IS_LITTLE_ENDIAN) throw new Error('ParcelLayerPageWriter: the page format is little-endian; this machine is not');
    this.checkRingEnded();
    const count = this.fids.n;
    const polygonStart = this.polygonStart.a.subarray(0, count);
    const ringStart = this.ringStart.a.subarray(0, this.polygons);
    const utf8Parts: Uint8Array[] = [];
    const encoder = new TextEncoder();
    const stringEnd = new Uint32Array(this.strings.length);
    let stringBytes = 0;
    for (let i = 0; i < this.strings.length; i++) {
      const bytes = encoder.encode(this.strings[i]);
      utf8Parts.push(bytes);
      stringBytes += bytes.length;
      stringEnd[i] = stringBytes;
    }
    const rings = this.rings;
    const at = layoutOf(count, this.polygons, rings, this.coords.n, this.strings.length, stringBytes);
    const buffer = new ArrayBuffer(at.total);
    const header = new Uint32Array(buffer, 0, PARCEL_PAGE_HEADER_BYTES / 4);
    const header16 = new Uint16Array(buffer, 4, 2);
    header[0] = PARCEL_PAGE_MAGIC;
    header16[0] = PARCEL_PAGE_VERSION;
    header16[1] = PARCEL_PAGE_HEADER_BYTES;
    header.set([this.total, this.offset, count, this.polygons, rings, this.coords.n, this.strings.length, stringBytes, at.total], 2);
    new Float64Array(buffer, at.coords, this.coords.n).set(this.coords.a.subarray(0, this.coords.n));
    new Float64Array(buffer, at.area, count).set(this.area.a.subarray(0, count));
    new Uint32Array(buffer, at.fids, count).set(this.fids.a.subarray(0, count));
    const polygonIndex = new Uint32Array(buffer, at.polygonStart, count + 1);
    polygonIndex.set(polygonStart);
    polygonIndex[count] = this.polygons;
    const ringIndex = new Uint32Array(buffer, at.ringStart, this.polygons + 1);
    ringIndex.set(ringStart);
    ringIndex[this.polygons] = rings;
    new Uint32Array(buffer, at.coordStart, rings + 1).set(this.coordStart.a.subarray(0, rings + 1));
    new Uint32Array(buffer, at.sheetNo, count).set(this.sheetNo.a.subarray(0, count));
    new Uint32Array(buffer, at.parcelNo, count).set(this.parcelNo.a.subarray(0, count));
    new Uint32Array(buffer, at.landType, count).set(this.landType.a.subarray(0, count));
    new Uint32Array(buffer, at.stringEnd, stringEnd.length).set(stringEnd);
    const utf8 = new Uint8Array(buffer, at.utf8, stringBytes);
    let pos = 0;
    for (const part of utf8Parts) {
      utf8.set(part, pos);
      pos += part.length;
    }
    return buffer;
  }

  private stringId(value: string | null): number {
    if (value === null || value === undefined) return NO_STRING;
    // A column with numeric affinity in a foreign-made file can hand back numbers; the map shows text.
    const s = typeof value === 'string' ? value : String(value);
    let id = this.stringIndex.get(s);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(s);
      this.stringIndex.set(s, id);
    }
    return id;
  }

  private checkRingEnded(): void {
    if (this.ringOpen) throw new Error('ParcelLayerPageWriter: ring not ended');
  }
}

/**
 * A decoded page: typed-array views on the received buffer (nothing copied but the strings) and
 * accessors by parcel index `i` (0 ≤ i < count).
 */
export class ParcelLayerPage {
  /** Parcels in the whole layer. */
  readonly total: number;
  /** Position of this page's first parcel in the layer. */
  readonly offset: number;
  /** Parcels in this page. */
  readonly count: number;
  /** x, y of every vertex, ring after ring. */
  readonly coords: Float64Array;
  readonly fids: Int32Array;
  /** Parcel i has polygons polygonStart[i] … polygonStart[i+1]-1. */
  readonly polygonStart: Uint32Array;
  /** Polygon j has rings ringStart[j] … ringStart[j+1]-1; the first is the exterior ring. */
  readonly ringStart: Uint32Array;
  /** Ring k is coords[coordStart[k] … coordStart[k+1]-1]. */
  readonly coordStart: Uint32Array;
  private readonly areas: Float64Array;
  private readonly sheetIds: Uint32Array;
  private readonly parcelIds: Uint32Array;
  private readonly landTypeIds: Uint32Array;
  private readonly strings: string[];

  /** @internal use {@link decodeParcelLayerPage} */
  constructor(parts: {
    total: number;
    offset: number;
    coords: Float64Array;
    area: Float64Array;
    fids: Int32Array;
    polygonStart: Uint32Array;
    ringStart: Uint32Array;
    coordStart: Uint32Array;
    sheetNo: Uint32Array;
    parcelNo: Uint32Array;
    landType: Uint32Array;
    strings: string[];
  }) {
    this.total = parts.total;
    this.offset = parts.offset;
    this.count = parts.fids.length;
    this.coords = parts.coords;
    this.fids = parts.fids;
    this.polygonStart = parts.polygonStart;
    this.ringStart = parts.ringStart;
    this.coordStart = parts.coordStart;
    this.areas = parts.area;
    this.sheetIds = parts.sheetNo;
    this.parcelIds = parts.parcelNo;
    this.landTypeIds = parts.landType;
    this.strings = parts.strings;
  }

  sheetNo(i: number): string | null {
    return this.string(this.sheetIds[i]);
  }
  parcelNo(i: number): string | null {
    return this.string(this.parcelIds[i]);
  }
  landType(i: number): string | null {
    return this.string(this.landTypeIds[i]);
  }
  area(i: number): number | null {
    const a = this.areas[i];
    return Number.isNaN(a) ? null : a;
  }

  /** Polygons of parcel i (0 for a parcel without geometry, 1 for a Polygon, more for a MultiPolygon). */
  polygonCount(i: number): number {
    return this.polygonStart[i + 1] - this.polygonStart[i];
  }

  /**
   * Parcel i's geometry as GeoJSON-nested coordinates (tests, and anyone not drawing). The page does
   * not keep Polygon and single-part MultiPolygon apart: one polygon comes back as a Polygon.
   */
  geometry(i: number): AreaGeometry | null {
    const first = this.polygonStart[i];
    const end = this.polygonStart[i + 1];
    if (first === end) return null;
    const polys: PolygonCoords[] = [];
    for (let p = first; p < end; p++) {
      const rings: PolygonCoords = [];
      for (let r = this.ringStart[p]; r < this.ringStart[p + 1]; r++) {
        const ring: [number, number][] = [];
        for (let c = this.coordStart[r]; c < this.coordStart[r + 1]; c += 2) ring.push([this.coords[c], this.coords[c + 1]]);
        rings.push(ring);
      }
      polys.push(rings);
    }
    return polys.length === 1 ? { type: 'Polygon', coordinates: polys[0] } : { type: 'MultiPolygon', coordinates: polys };
  }

  private string(id: number): string | null {
    return id === NO_STRING ? null : this.strings[id];
  }
}

function checkOffsets(name: string, a: Uint32Array, last: number, even = false): void {
  if (a[0] !== 0) throw corrupt(`${name} does not start at 0`);
  for (let i = 1; i < a.length; i++) {
    if (a[i] < a[i - 1]) throw corrupt(`${name} goes backwards at ${i}`);
  }
  if (a[a.length - 1] !== last) throw corrupt(`${name} ends at ${a[a.length - 1]}, expected ${last}`);
  if (even) for (let i = 0; i < a.length; i++) if (a[i] & 1) throw corrupt(`${name} splits a vertex at ${i}`);
}

function checkStringIds(name: string, ids: Uint32Array, strings: number): void {
  for (let i = 0; i < ids.length; i++) {
    if (ids[i] !== NO_STRING && ids[i] >= strings) throw corrupt(`${name} of parcel ${i} points past the string table`);
  }
}

/**
 * Reads a page written by {@link ParcelLayerPageWriter}. Everything is checked before use (sizes,
 * offsets, string indexes, UTF-8), so a truncated or damaged buffer fails here with a
 * `parcelPage.corrupt` UserError saying what is wrong, never later while drawing.
 */
export function decodeParcelLayerPage(data: ArrayBuffer | ArrayBufferView): ParcelLayerPage {
  let buffer: ArrayBuffer;
  if (data instanceof ArrayBuffer) buffer = data;
  else if (ArrayBuffer.isView(data) && data.byteOffset % 8 === 0 && data.byteLength === data.buffer.byteLength && data.buffer instanceof ArrayBuffer) buffer = data.buffer;
  else if (ArrayBuffer.isView(data)) buffer = new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice().buffer;
  else throw corrupt(`expected bytes, got ${data === null ? 'null' : typeof data}`);
  if (!IS_LITTLE_ENDIAN) throw corrupt('this machine is big-endian; the page format is little-endian');
  if (buffer.byteLength < PARCEL_PAGE_HEADER_BYTES) throw corrupt(`${buffer.byteLength} bytes is shorter than the ${PARCEL_PAGE_HEADER_BYTES}-byte header`);
  const header = new Uint32Array(buffer, 0, PARCEL_PAGE_HEADER_BYTES / 4);
  const header16 = new Uint16Array(buffer, 4, 2);
  if (header[0] !== PARCEL_PAGE_MAGIC) throw corrupt('not a parcel page (magic "PDLP" missing)');
  if (header16[0] !== PARCEL_PAGE_VERSION) throw corrupt(`format version ${header16[0]}, this ParcelDesk reads ${PARCEL_PAGE_VERSION}`);
  if (header16[1] !== PARCEL_PAGE_HEADER_BYTES) throw corrupt(`header of ${header16[1]} bytes, expected ${PARCEL_PAGE_HEADER_BYTES}`);
  const [total, offset, count, polygons, rings, coordValues, strings, stringBytes, declared] = header.subarray(2, 11);
  if (declared !== buffer.byteLength) throw corrupt(`page says ${declared} bytes, received ${buffer.byteLength} (truncated?)`);
  // Counts bounded by the size before any layout arithmetic, so a damaged header cannot make it overflow.
  if (count > buffer.byteLength || polygons > buffer.byteLength || rings > buffer.byteLength || coordValues > buffer.byteLength || strings > buffer.byteLength) {
    throw corrupt('counts in the header do not fit the page');
  }
  const at = layoutOf(count, polygons, rings, coordValues, strings, stringBytes);
  if (at.total !== buffer.byteLength) throw corrupt(`counts in the header need ${at.total} bytes, the page has ${buffer.byteLength}`);
  const stringEnd = new Uint32Array(buffer, at.stringEnd, strings);
  for (let i = 0, prev = 0; i < strings; prev = stringEnd[i++]) {
    if (stringEnd[i] < prev || stringEnd[i] > stringBytes) throw corrupt(`string table entry ${i} is out of order`);
  }
  if (strings > 0 && stringEnd[strings - 1] !== stringBytes) throw corrupt('string table does not cover its bytes');
  if (strings === 0 && stringBytes !== 0) throw corrupt('string bytes without strings');
  const polygonStart = new Uint32Array(buffer, at.polygonStart, count + 1);
  const ringStart = new Uint32Array(buffer, at.ringStart, polygons + 1);
  const coordStart = new Uint32Array(buffer, at.coordStart, rings + 1);
  checkOffsets('polygon index', polygonStart, polygons);
  checkOffsets('ring index', ringStart, rings);
  checkOffsets('coordinate index', coordStart, coordValues, true);
  const sheetNo = new Uint32Array(buffer, at.sheetNo, count);
  const parcelNo = new Uint32Array(buffer, at.parcelNo, count);
  const landType = new Uint32Array(buffer, at.landType, count);
  checkStringIds('sheet number', sheetNo, strings);
  checkStringIds('parcel number', parcelNo, strings);
  checkStringIds('land type', landType, strings);
  const utf8 = new Uint8Array(buffer, at.utf8, stringBytes);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const table: string[] = new Array(strings);
  let start = 0;
  for (let i = 0; i < strings; i++) {
    try {
      table[i] = decoder.decode(utf8.subarray(start, stringEnd[i]));
    } catch {
      throw corrupt(`string ${i} is not valid UTF-8`);
    }
    start = stringEnd[i];
  }
  return new ParcelLayerPage({
    total,
    offset,
    coords: new Float64Array(buffer, at.coords, coordValues),
    area: new Float64Array(buffer, at.area, count),
    fids: new Int32Array(buffer, at.fids, count),
    polygonStart,
    ringStart,
    coordStart,
    sheetNo,
    parcelNo,
    landType,
    strings: table,
  });
}
