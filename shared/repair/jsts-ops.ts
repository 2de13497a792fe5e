/**
 * The few JTS operations repairs need (union, difference, intersection, validity), on the project's
 * GeoJSON-like coordinates. jsts is used through deep ESM imports only (shared/types/jsts.d.ts), and only
 * on the handful of parcels one repair touches, never pairwise over a whole commune.
 *
 * Overlays run the plain JTS overlay first; when its floating-point noding fails (boundaries that
 * are almost, but not exactly, collinear) or its result is invalid, the exact planar graph of
 * graph-overlay.ts takes over, and JTS's snapping overlay only after that: it moves vertices, so
 * its result may no longer share them exactly with the neighbours.
 */
import Coordinate from 'jsts/org/locationtech/jts/geom/Coordinate.js';
import type Geometry from 'jsts/org/locationtech/jts/geom/Geometry.js';
import GeometryFactory from 'jsts/org/locationtech/jts/geom/GeometryFactory.js';
import OverlayOp from 'jsts/org/locationtech/jts/operation/overlay/OverlayOp.js';
import SnapIfNeededOverlayOp from 'jsts/org/locationtech/jts/operation/overlay/snap/SnapIfNeededOverlayOp.js';
import IsValidOp from 'jsts/org/locationtech/jts/operation/valid/IsValidOp.js';
import type { PolygonCoords, Position, Ring } from '../geo/geometry.js';
import { graphOverlay, type OverlayKind } from './graph-overlay.js';

/** A parcel shape as a list of polygons (a Polygon is a list of one). */
export type Polygons = PolygonCoords[];

const factory = new GeometryFactory();

function toRing(ring: Ring): Geometry {
  return factory.createLinearRing(ring.map(([x, y]) => new Coordinate(x, y)));
}

function toPolygon(poly: PolygonCoords): Geometry {
  return factory.createPolygon(toRing(poly[0]), poly.slice(1).map(toRing));
}

/** Builds a JTS (Multi)Polygon. Rings must be closed and have at least 4 positions. */
export function toJts(polys: Polygons): Geometry {
  if (polys.length === 1) return toPolygon(polys[0]);
  return factory.createMultiPolygon(polys.map(toPolygon));
}

function ringCoords(g: Geometry): Ring {
  return g.getCoordinates().map((c): Position => [c.x, c.y]);
}

/** The polygons of a JTS result; lines and points of a mixed result are dropped. */
export function fromJts(g: Geometry): Polygons {
  const out: Polygons = [];
  const visit = (h: Geometry): void => {
    const type = h.getGeometryType();
    if (type === 'Polygon') {
      if (h.isEmpty()) return;
      const rings: PolygonCoords = [ringCoords(h.getExteriorRing())];
      for (let i = 0; i < h.getNumInteriorRing(); i++) rings.push(ringCoords(h.getInteriorRingN(i)));
      out.push(rings);
    } else if (type === 'MultiPolygon' || type === 'GeometryCollection') {
      for (let i = 0; i < h.getNumGeometries(); i++) visit(h.getGeometryN(i));
    }
  };
  visit(g);
  return out;
}

const OPS: Record<OverlayKind, () => number> = {
  union: () => OverlayOp.UNION,
  difference: () => OverlayOp.DIFFERENCE,
  intersection: () => OverlayOp.INTERSECTION,
};

/**
 * The first valid result of: the JTS overlay, the exact planar-graph overlay, the JTS snapping
 * overlay (which may move vertices by a hair, so it is the last resort); the last result (or the
 * last error) when none is valid, for the caller's checks to reject.
 */
function overlay(a: Polygons, b: Polygons, kind: OverlayKind): Polygons {
  if (a.length === 0 || b.length === 0) {
    if (kind === 'intersection') return [];
    return kind === 'union' ? (a.length ? a : b) : a;
  }
  const attempts: Array<() => Polygons> = [
    () => fromJts(OverlayOp.overlayOp(toJts(a), toJts(b), OPS[kind]())),
    () => graphOverlay(a, b, kind),
    () => fromJts(SnapIfNeededOverlayOp.overlayOp(toJts(a), toJts(b), OPS[kind]())),
  ];
  // Area bounds every correct result obeys; a result outside them is a failed overlay even if valid.
  const A = polygonsArea(a), B = polygonsArea(b);
  const eps = 1e-9 * (A + B) + 1e-6;
  const plausible = (r: Polygons): boolean => {
    const R = polygonsArea(r);
    if (kind === 'union') return R <= A + B + eps && R >= Math.max(A, B) - eps;
    if (kind === 'difference') return R <= A + eps && R >= A - B - eps;
    return R <= Math.min(A, B) + eps;
  };
  let last: Polygons | null = null;
  let error: unknown = null;
  for (const attempt of attempts) {
    try {
      const r = attempt();
      if (!plausible(r)) {
        error = new Error(`${kind} result has an impossible area`);
        continue;
      }
      if (r.length === 0 || invalidReason(r) === null) return r;
      last ??= r;
    } catch (err) {
      error = err;
    }
  }
  if (last) return last;
  throw error instanceof Error ? error : new Error(String(error));
}

function ringArea2(ring: Ring): number {
  let a = 0;
  const [ox, oy] = ring[0] ?? [0, 0];
  for (let i = 0; i < ring.length - 1; i++) a += (ring[i][0] - ox) * (ring[i + 1][1] - oy) - (ring[i + 1][0] - ox) * (ring[i][1] - oy);
  return Math.abs(a) / 2;
}

/** Area of shells minus holes (holes assumed inside their shell). */
function polygonsArea(polys: Polygons): number {
  let total = 0;
  for (const poly of polys) poly.forEach((ring, i) => (total += i === 0 ? ringArea2(ring) : -ringArea2(ring)));
  return total;
}

export function union(a: Polygons, b: Polygons): Polygons {
  return overlay(a, b, 'union');
}

export function difference(a: Polygons, b: Polygons): Polygons {
  return overlay(a, b, 'difference');
}

export function intersection(a: Polygons, b: Polygons): Polygons {
  return overlay(a, b, 'intersection');
}

/** Shapes already found valid (IsValidOp is the costliest step on large parcels; run it once). */
const knownValid = new WeakSet<Polygons>();

/** Records that `derived` is valid because `source` is (ring order/orientation changes only). */
export function inheritValidity(source: Polygons, derived: Polygons): Polygons {
  if (knownValid.has(source)) knownValid.add(derived);
  return derived;
}

/** null when the shape is a valid OGC (multi)polygon, else the JTS reason. */
export function invalidReason(polys: Polygons): string | null {
  if (knownValid.has(polys)) return null;
  if (polys.length === 0) return 'empty';
  for (const poly of polys) for (const ring of poly) if (ring.length < 4) return 'too few points';
  const op = new IsValidOp(toJts(polys));
  if (op.isValid()) {
    knownValid.add(polys);
    return null;
  }
  const err = op.getValidationError();
  return err ? err.toString() : 'invalid';
}
