/**
 * Geometry equality for the stale-plan check of geometry commands: a repair planned on one state of
 * the project must not overwrite a parcel that was edited since. A Polygon equals a MultiPolygon of
 * one part, and a ring equals itself closed (the store closes rings, the topology set does too).
 */
import type { AreaGeometry, PolygonCoords, Position } from '../geo/geometry.js';

function parts(g: AreaGeometry | null): PolygonCoords[] {
  if (!g) return [];
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

function sameRing(a: Position[], b: Position[]): boolean {
  const closed = (r: Position[]): number =>
    r.length > 1 && r[0][0] === r[r.length - 1][0] && r[0][1] === r[r.length - 1][1] ? r.length : r.length + 1;
  const n = closed(a);
  if (n !== closed(b)) return false;
  for (let i = 0; i < n; i++) {
    const p = a[i % a.length], q = b[i % b.length];
    if (p[0] !== q[0] || p[1] !== q[1]) return false;
  }
  return true;
}

/** True when both geometries have exactly the same polygons, rings and coordinates. */
export function sameShape(a: AreaGeometry | null, b: AreaGeometry | null): boolean {
  const pa = parts(a).filter((p) => p.length > 0 && p[0].length > 0);
  const pb = parts(b).filter((p) => p.length > 0 && p[0].length > 0);
  if (pa.length !== pb.length) return false;
  for (let i = 0; i < pa.length; i++) {
    if (pa[i].length !== pb[i].length) return false;
    for (let r = 0; r < pa[i].length; r++) if (!sameRing(pa[i][r], pb[i][r])) return false;
  }
  return true;
}
