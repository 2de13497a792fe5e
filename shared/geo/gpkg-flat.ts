/**
 * The hot path for drawing a whole project: parcel polygons read from GeoPackage blobs straight into
 * flat coordinate runs, without the nested GeoJSON arrays of {@link decodeGpkgGeometry}. It takes
 * what parcels are stored as (Polygon or MultiPolygon, any byte order, Z/M dropped) and declines
 * everything else, so the caller can fall back to the general decoder for the rare odd blob and
 * get the same result and the same errors.
 */

/** Where a geometry reader puts rings: polygons, each a list of rings, each a run of x, y values. */
export interface FlatPolygonSink {
  /** Starts a polygon; the rings that follow belong to it until the next call. */
  beginPolygon(): void;
  /** Appends one vertex to the current ring. */
  vertex(x: number, y: number): void;
  /** Ends the current ring (the vertices since the previous ring end). */
  endRing(): void;
}

const WKB_POLYGON = 3;
const WKB_MULTIPOLYGON = 6;
const ENVELOPE_DOUBLES = [0, 4, 6, 6, 8];

/** WKB geometry header at `pos`: byte order, base type and doubles per vertex, or null if not understood. */
function wkbHeader(view: DataView, pos: number): { le: boolean; base: number; dims: number } | null {
  if (pos + 5 > view.byteLength) return null;
  const order = view.getUint8(pos);
  if (order !== 0 && order !== 1) return null;
  const le = order === 1;
  let type = view.getUint32(pos + 1, le);
  let dims = 2;
  if (type & 0x20000000) return null;
  if (type & 0x80000000) dims++;
  if (type & 0x40000000) dims++;
  type &= 0x0fffffff;
  const thousands = Math.floor(type / 1000);
  if (thousands > 3) return null;
  if (thousands === 1 || thousands === 2) dims++;
  if (thousands === 3) dims += 2;
  return { le, base: type % 1000, dims };
}

/** Reads one WKB polygon body at `pos`; returns the position after it, or -1 when it does not fit. */
function readPolygon(view: DataView, pos: number, le: boolean, dims: number, sink: FlatPolygonSink): number {
  if (pos + 4 > view.byteLength) return -1;
  const rings = view.getUint32(pos, le);
  pos += 4;
  if (rings === 0) return pos;
  if (pos + rings * 4 > view.byteLength) return -1;
  sink.beginPolygon();
  const step = dims * 8;
  for (let r = 0; r < rings; r++) {
    if (pos + 4 > view.byteLength) return -1;
    const n = view.getUint32(pos, le);
    pos += 4;
    if (pos + n * step > view.byteLength) return -1;
    for (let i = 0; i < n; i++, pos += step) sink.vertex(view.getFloat64(pos, le), view.getFloat64(pos + 8, le));
    sink.endRing();
  }
  return pos;
}

/**
 * Writes the polygons of a GeoPackage geometry blob into `sink`. Returns true when the blob was a
 * Polygon, a MultiPolygon or empty (nothing written); false when it is anything else or damaged, in
 * which case part of it may already be in the sink and the caller must discard that and use
 * decodeGpkgGeometry (which says what is wrong).
 */
export function readGpkgPolygonsFlat(blob: Uint8Array, sink: FlatPolygonSink): boolean {
  if (blob.byteLength < 8 || blob[0] !== 0x47 || blob[1] !== 0x50) return false;
  const flags = blob[3];
  if (flags & 0x20) return false;
  const envDoubles = ENVELOPE_DOUBLES[(flags >> 1) & 7];
  if (envDoubles === undefined) return false;
  if (flags & 0x10) return true;
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  let pos = 8 + envDoubles * 8;
  const h = wkbHeader(view, pos);
  if (!h) return false;
  pos += 5;
  if (h.base === WKB_POLYGON) return readPolygon(view, pos, h.le, h.dims, sink) >= 0;
  if (h.base !== WKB_MULTIPOLYGON) return false;
  if (pos + 4 > view.byteLength) return false;
  const parts = view.getUint32(pos, h.le);
  pos += 4;
  for (let p = 0; p < parts; p++) {
    const ph = wkbHeader(view, pos);
    if (!ph || ph.base !== WKB_POLYGON) return false;
    pos = readPolygon(view, pos + 5, ph.le, ph.dims, sink);
    if (pos < 0) return false;
  }
  return true;
}
