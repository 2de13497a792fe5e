/**
 * GeoJSON reader: a FeatureCollection, a single Feature or a bare geometry, as a FeatureSource.
 *
 * The whole file is parsed with JSON.parse: a 111k-parcel ward file (~50 MB) parses in well under
 * a second, and a streaming parser would cost more than it saves below the size cap. Features are
 * converted to the project's geometry types only while the importer iterates, so the parsed
 * document is the only full copy in memory.
 *
 * CRS, as GDAL reads it: RFC 7946 files are WGS 84 ('EPSG:4326'); the legacy 2008 `crs` member
 * (`urn:ogc:def:crs:EPSG::5899`, `EPSG:5899`, `{"type":"EPSG","properties":{"code":5899}}`) wins when
 * present. Unlike GDAL, a file without a `crs` member whose coordinates cannot be longitude/latitude
 * (VN-2000 metres exported without a CRS are common in offices) reports no CRS (null), so the
 * importer asks for the zone instead of placing the parcels at "longitude 550 000".
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { UserError } from '../../../shared/errors.js';
import type { Geometry, PolygonCoords, Position } from '../../../shared/geo/geometry.js';
import type { FeatureSource, FieldValue, SourceFeature } from './feature-source.js';
import { findJsonSyntaxError, lineColumnAt } from './json-error-position.js';

/**
 * Largest GeoJSON file read (bytes). JSON.parse needs the whole text as one string, and V8 caps
 * strings at 2^29-24 characters; 512 MB stays under it with room to spare.
 */
export const DEFAULT_MAX_GEOJSON_BYTES = 512_000_000;

export interface GeoJsonOptions {
  /** Refuse files larger than this many bytes (UserError 'import.tooLarge'). */
  maxBytes?: number;
}

type JsonObject = Record<string, unknown>;

const GEOMETRY_TYPES = new Set([
  'Point',
  'MultiPoint',
  'LineString',
  'MultiLineString',
  'Polygon',
  'MultiPolygon',
  'GeometryCollection',
]);

/** Opens a GeoJSON file (.geojson/.json) for import. Throws UserError naming the file on bad input. */
export function openGeoJson(path: string, opts: GeoJsonOptions = {}): FeatureSource {
  const file = path;
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_GEOJSON_BYTES;
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new UserError('import.fileNotFound', { file });
    size = st.size;
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError('import.fileNotFound', { file });
  }
  if (size > maxBytes) {
    throw new UserError('import.tooLarge', { file, size: `${formatBytes(size)} > ${formatBytes(maxBytes)}` });
  }

  const text = readUtf8(file);
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (err) {
    throw corruptJson(file, text, err);
  }
  if (root === null || typeof root !== 'object' || Array.isArray(root)) {
    throw new UserError('import.corrupt', { file, detail: 'not a GeoJSON object (the top level must be {…})' });
  }
  const doc = root as JsonObject;

  let items: unknown[];
  if (doc.type === 'FeatureCollection') {
    if (!Array.isArray(doc.features)) {
      throw new UserError('import.corrupt', { file, detail: 'FeatureCollection without a "features" array' });
    }
    items = doc.features;
  } else if (doc.type === 'Feature') {
    items = [doc];
  } else if (typeof doc.type === 'string' && GEOMETRY_TYPES.has(doc.type)) {
    items = [{ type: 'Feature', geometry: doc, properties: null }];
  } else {
    throw new UserError('import.corrupt', {
      file,
      detail: `not GeoJSON: "type" is ${JSON.stringify(doc.type ?? null)}, expected FeatureCollection, Feature or a geometry`,
    });
  }

  const { fields, idAsField } = scanFields(file, items);
  const crsWkt = readCrs(doc) ?? (looksGeographic(items) ? 'EPSG:4326' : null);
  const layer =
    typeof doc.name === 'string' && doc.name.trim() !== '' ? doc.name : basename(file, extname(file));

  let data: unknown[] | null = items;
  return {
    file,
    format: 'GeoJSON',
    layer,
    fields,
    featureCount: items.length,
    crsWkt,
    encoding: 'UTF-8',
    *features(): Iterable<SourceFeature> {
      if (!data) throw new Error(`GeoJSON source ${file} is closed`);
      const list = data;
      for (let index = 0; index < list.length; index++) {
        const f = list[index] as JsonObject;
        yield {
          index,
          geometry: convertGeometry(file, index, f.geometry),
          properties: convertProperties(f, fields, idAsField),
        };
      }
    },
    close(): void {
      // Drops the parsed document so a 50 MB file's objects can be collected before the next input.
      data = null;
    },
  };
}

function readUtf8(file: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError('import.fileNotFound', { file });
    throw new UserError('import.corrupt', { file, detail: (err as Error).message });
  }
  try {
    // RFC 7946 §11: GeoJSON is UTF-8. The decoder also drops a leading byte-order mark.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const loose = new TextDecoder('utf-8').decode(bytes);
    const at = lineColumnAt(loose, Math.max(0, loose.indexOf('\uFFFD')));
    throw new UserError('import.corrupt', {
      file,
      detail: `not UTF-8 text, first bad byte at line ${at.line}, column ${at.column} (dòng ${at.line}, cột ${at.column}); GeoJSON must be UTF-8`,
    });
  }
}

function corruptJson(file: string, text: string, err: unknown): UserError {
  const message = err instanceof Error ? err.message : String(err);
  const problem = findJsonSyntaxError(text);
  if (problem) {
    return new UserError('import.corrupt', {
      file,
      detail: `invalid JSON at line ${problem.line}, column ${problem.column} (dòng ${problem.line}, cột ${problem.column}): ${problem.reason}`,
      line: problem.line,
      column: problem.column,
    });
  }
  // JSON.parse failed for a reason the syntax scan does not see (e.g. out of memory).
  return new UserError('import.corrupt', { file, detail: `invalid JSON: ${message.slice(0, 200)}` });
}

/**
 * Property names in order of first appearance over all features. A Feature's top-level "id" becomes
 * a field "id" when no feature has a property of that name, as GDAL does for string ids.
 */
function scanFields(file: string, items: unknown[]): { fields: string[]; idAsField: boolean } {
  const seen = new Set<string>();
  const fields: string[] = [];
  let anyId = false;
  for (let i = 0; i < items.length; i++) {
    const f = items[i];
    if (f === null || typeof f !== 'object' || Array.isArray(f)) {
      throw new UserError('import.corrupt', { file, detail: `feature ${i} is not a JSON object` });
    }
    const props = (f as JsonObject).properties;
    if (props !== null && props !== undefined) {
      if (typeof props !== 'object' || Array.isArray(props)) {
        throw new UserError('import.corrupt', { file, detail: `feature ${i}: "properties" is not an object` });
      }
      for (const key of Object.keys(props)) {
        if (!seen.has(key)) {
          seen.add(key);
          fields.push(key);
        }
      }
    }
    if ((f as JsonObject).id !== undefined) anyId = true;
  }
  const idAsField = anyId && !seen.has('id');
  return { fields: idAsField ? ['id', ...fields] : fields, idAsField };
}

function convertProperties(
  feature: JsonObject,
  fields: string[],
  idAsField: boolean,
): Record<string, FieldValue> {
  const src = (feature.properties ?? {}) as JsonObject;
  const out: Record<string, FieldValue> = {};
  for (const name of fields) {
    const v = idAsField && name === 'id' ? feature.id : src[name];
    out[name] = toFieldValue(v);
  }
  return out;
}

function toFieldValue(v: unknown): FieldValue {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  // Nested objects/arrays have no column type; keep them readable rather than drop them.
  return JSON.stringify(v);
}

/**
 * The legacy (GeoJSON 2008) `crs` member as 'EPSG:NNNN'; undefined when the member is absent.
 * A member that is present but not understood yields null: the coordinates are in some CRS we
 * cannot name, so the importer must ask rather than assume WGS 84.
 */
function readCrs(doc: JsonObject): string | null | undefined {
  if (!('crs' in doc)) return undefined;
  const crs = doc.crs;
  if (crs === null || typeof crs !== 'object') return null;
  const props = ((crs as JsonObject).properties ?? {}) as JsonObject;
  const type = String((crs as JsonObject).type ?? '').toLowerCase();
  if (type === 'epsg' && props.code !== undefined) return epsgFromCode(props.code);
  if (type === 'name' && typeof props.name === 'string') return crsFromName(props.name);
  return null;
}

function epsgFromCode(code: unknown): string | null {
  const s = String(code).trim();
  return /^\d+$/.test(s) ? `EPSG:${Number(s)}` : null;
}

/** OGC URNs, EPSG:NNNN, CRS84 and the http://www.opengis.net/def/crs/… URLs. */
export function crsFromName(name: string): string | null {
  const s = name.trim();
  if (/^urn:ogc:def:crs:ogc:(1\.3:|:)?crs84$/i.test(s) || /\/crs\/ogc\/1\.3\/crs84$/i.test(s)) return 'EPSG:4326';
  if (/^urn:ogc:def:crs:ogc:(1\.3:|:)?crs83$/i.test(s)) return 'EPSG:4269';
  const m =
    /^urn:ogc:def:crs:epsg:[\d.]*:(\d+)$/i.exec(s) ??
    /^epsg:{1,2}(\d+)$/i.exec(s) ??
    /\/def\/crs\/epsg\/[^/]+\/(\d+)$/i.exec(s);
  return m ? `EPSG:${Number(m[1])}` : null;
}

/** False when some coordinate is outside longitude/latitude range (the file is really projected). */
function looksGeographic(items: unknown[]): boolean {
  const inRange = (c: unknown): boolean => {
    if (!Array.isArray(c)) return true;
    if (typeof c[0] === 'number') {
      const x = c[0];
      const y = c[1];
      return Math.abs(x) <= 180 + 1e-9 && (typeof y !== 'number' || Math.abs(y) <= 90 + 1e-9);
    }
    for (const child of c) if (!inRange(child)) return false;
    return true;
  };
  const geomInRange = (g: unknown): boolean => {
    if (g === null || typeof g !== 'object') return true;
    const o = g as JsonObject;
    if (Array.isArray(o.geometries)) return o.geometries.every(geomInRange);
    return inRange(o.coordinates);
  };
  for (const f of items) {
    if (!geomInRange((f as JsonObject).geometry)) return false;
  }
  return true;
}

class BadGeometry extends Error {}

function convertGeometry(file: string, index: number, g: unknown): Geometry | null {
  if (g === null || g === undefined) return null;
  try {
    if (typeof g !== 'object' || Array.isArray(g)) throw new BadGeometry('"geometry" is not an object');
    const o = g as JsonObject;
    const c = o.coordinates;
    switch (o.type) {
      case 'Polygon': {
        const rings = polygon(c);
        return rings.length ? { type: 'Polygon', coordinates: rings } : null;
      }
      case 'MultiPolygon': {
        const polys = array(c, 'MultiPolygon').map(polygon).filter((p) => p.length > 0);
        return polys.length ? { type: 'MultiPolygon', coordinates: polys } : null;
      }
      case 'Point':
        return Array.isArray(c) && c.length === 0 ? null : { type: 'Point', coordinates: position(c) };
      case 'LineString': {
        const line = array(c, 'LineString').map(position);
        return line.length ? { type: 'LineString', coordinates: line } : null;
      }
      case 'MultiLineString': {
        const lines = array(c, 'MultiLineString')
          .map((l) => array(l, 'LineString').map(position))
          .filter((l) => l.length > 0);
        return lines.length ? { type: 'MultiLineString', coordinates: lines } : null;
      }
      case 'MultiPoint':
      case 'GeometryCollection':
        // Not modelled by ParcelDesk; the importer skips and counts features without geometry.
        return null;
      default:
        throw new BadGeometry(`unknown geometry type ${JSON.stringify(o.type ?? null)}`);
    }
  } catch (err) {
    if (err instanceof BadGeometry) {
      throw new UserError('import.badGeometry', { file, feature: index, detail: err.message });
    }
    throw err;
  }
}

function array(c: unknown, what: string): unknown[] {
  if (!Array.isArray(c)) throw new BadGeometry(`${what} coordinates are not an array`);
  return c;
}

function position(c: unknown): Position {
  if (!Array.isArray(c) || c.length < 2) throw new BadGeometry('a position needs at least [x, y]');
  const x = c[0];
  const y = c[1];
  if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) {
    throw new BadGeometry(`position ${JSON.stringify(c).slice(0, 60)} is not numeric`);
  }
  // Z (and M) are dropped: parcels are 2D.
  return [x, y];
}

/** Rings with their closing position guaranteed; empty rings dropped (GDAL reads them as empty). */
function polygon(c: unknown): PolygonCoords {
  const rings: PolygonCoords = [];
  for (const r of array(c, 'Polygon')) {
    const ring = array(r, 'ring').map(position);
    if (ring.length === 0) {
      // Without its exterior ring the polygon is empty; holes alone mean nothing.
      if (rings.length === 0) return [];
      continue;
    }
    const first = ring[0]!;
    const last = ring[ring.length - 1]!;
    if (first[0] !== last[0] || first[1] !== last[1]) ring.push([first[0], first[1]]);
    rings.push(ring);
  }
  return rings;
}

function formatBytes(n: number): string {
  if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(1)} MB`;
  if (n >= 1_000) return `${(n / 1_000).toFixed(1)} kB`;
  return `${n} B`;
}
