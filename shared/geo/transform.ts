/**
 * Coordinate transformation between the CRSs of shared/geo/crs.ts, through proj4js.
 *
 * Always go through these wrappers rather than calling proj4 with ad-hoc strings: they use the one
 * official VN-2000 definition, and they turn proj4's silent NaN/Infinity into a UserError that names
 * the point, so a bad coordinate cannot slip into a project or a parcel identifier.
 */
import proj4 from 'proj4';
import { UserError } from '../errors.js';
import { ALL_CRS, parseCrsCode, type CrsDef } from './crs.js';
import type { Geometry, Position } from './geometry.js';

/** A ready transformation between two CRSs; positions are [x, y] = [easting, northing] or [lon, lat]. */
export interface Transformer {
  readonly from: CrsDef;
  readonly to: CrsDef;
  forward(p: Position): Position;
  inverse(p: Position): Position;
  /** Transforms a flat [x0, y0, x1, y1, …] ring into a new array; the input is left untouched. */
  forwardRing(flat: Float64Array | readonly number[]): Float64Array;
  inverseRing(flat: Float64Array | readonly number[]): Float64Array;
}

function resolve(crs: CrsDef | string): CrsDef {
  return typeof crs === 'string' ? parseCrsCode(crs) : crs;
}

const TOWGS84_RE = / \+towgs84=\S+/;

/**
 * proj4js routes every towgs84 datum through WGS 84 even when both sides share it, and its inverse
 * Helmert is approximate, so zone-to-zone moves would pick up ~0.3 mm. Between two VN-2000 CRSs there
 * is no datum change: drop the identical shift from both definitions.
 */
function sameDatumPair(a: string, b: string): [string, string] {
  const ta = TOWGS84_RE.exec(a)?.[0];
  const tb = TOWGS84_RE.exec(b)?.[0];
  return ta !== undefined && ta === tb ? [a.replace(ta, ''), b.replace(tb, '')] : [a, b];
}

/**
 * Builds a transformer once; call it per point afterwards.
 * @param from a CrsDef or anything parseCrsCode accepts ("EPSG:5899", "5899", "107-45")
 * @throws UserError('crs.unknown' | 'crs.deprecated') for an unusable code
 */
export function makeTransformer(from: CrsDef | string, to: CrsDef | string): Transformer {
  const src = resolve(from);
  const dst = resolve(to);
  const identity = src.epsg === dst.epsg;
  const conv = identity ? null : proj4(...sameDatumPair(src.proj4, dst.proj4));

  const run = (p: Position, dir: 'forward' | 'inverse'): Position => {
    const [x, y] = p;
    const a = dir === 'forward' ? src : dst;
    const b = dir === 'forward' ? dst : src;
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      throw new UserError('crs.transformFailed', { x: String(x), y: String(y), from: a.code, to: b.code });
    }
    if (!conv) return [x, y];
    const out = conv[dir]([x, y]) as number[];
    const ox = out[0]!;
    const oy = out[1]!;
    if (!Number.isFinite(ox) || !Number.isFinite(oy)) {
      throw new UserError('crs.transformFailed', { x, y, from: a.code, to: b.code });
    }
    return [ox, oy];
  };

  const ring = (flat: Float64Array | readonly number[], dir: 'forward' | 'inverse'): Float64Array => {
    if (flat.length % 2 !== 0) {
      // A flat ring with an odd count is a caller bug, not bad user data.
      throw new RangeError(`flat coordinate array has odd length ${flat.length}`);
    }
    const out = new Float64Array(flat.length);
    for (let i = 0; i < flat.length; i += 2) {
      const [x, y] = run([flat[i]!, flat[i + 1]!], dir);
      out[i] = x;
      out[i + 1] = y;
    }
    return out;
  };

  return {
    from: src,
    to: dst,
    forward: (p) => run(p, 'forward'),
    inverse: (p) => run(p, 'inverse'),
    forwardRing: (flat) => ring(flat, 'forward'),
    inverseRing: (flat) => ring(flat, 'inverse'),
  };
}

/** Applies fn to every position of a geometry, returning a new geometry of the same type. */
export function transformGeometry<G extends Geometry>(geom: G, fn: (p: Position) => Position): G {
  const line = (ps: Position[]): Position[] => ps.map((q) => fn(q));
  switch (geom.type) {
    case 'Point':
      return { type: 'Point', coordinates: fn(geom.coordinates) } as G;
    case 'LineString':
      return { type: 'LineString', coordinates: line(geom.coordinates) } as G;
    case 'MultiLineString':
      return { type: 'MultiLineString', coordinates: geom.coordinates.map(line) } as G;
    case 'Polygon':
      return { type: 'Polygon', coordinates: geom.coordinates.map(line) } as G;
    case 'MultiPolygon':
      return { type: 'MultiPolygon', coordinates: geom.coordinates.map((poly) => poly.map(line)) } as G;
  }
}

/** The part of the proj4 API that registration needs (satisfied by the proj4 default export). */
export interface Proj4Registry {
  defs(name: string, projection: string): unknown;
}

/**
 * Registers every CRS of ALL_CRS under "EPSG:<code>" so that OpenLayers (after
 * `register(proj4)` from ol/proj/proj4) and any other proj4 user resolve them with our definitions.
 */
export function registerProj4Defs(proj4Instance: Proj4Registry): void {
  for (const def of ALL_CRS) proj4Instance.defs(def.code, def.proj4);
}
