/**
 * Arcs, circles and polyline bulges turned into vertices the way GDAL's DXF driver places them,
 * so lines read here coincide with what QGIS/ogrinfo show for the same file: equal angle steps of
 * at most 4° (GDAL's OGR_ARC_STEPSIZE default), ⌈sweep / 4°⌉ + 1 vertices.
 */
import type { DxfPoint } from './types.js';

const DEG = Math.PI / 180;
/** GDAL's default largest angle between two stroked vertices, degrees. */
export const ARC_STEP_DEGREES = 4;

/** Vertex count GDAL uses for a sweep (degrees): ⌈|sweep| / 4⌉ + 1, at least 2. */
export function arcVertexCount(sweepDegrees: number): number {
  return Math.max(2, Math.trunc(Math.ceil(Math.abs(sweepDegrees) / ARC_STEP_DEGREES) + 1));
}

/**
 * GDAL's approximateArcAngles for a circular arc (no rotation): the angles are negated first
 * (GDAL's arc convention is clockwise), stepped evenly, and a full 360° sweep ends exactly on its
 * first vertex.
 */
function approximateArc(cx: number, cy: number, z: number | undefined, r: number, start: number, end: number): DxfPoint[] {
  const full = Math.abs(end - start) === 360;
  const s = -start;
  const e = -end;
  let count = arcVertexCount(e - s);
  const slice = (e - s) / (count - 1);
  if (full) count--;
  const out: DxfPoint[] = [];
  for (let i = 0; i < count; i++) {
    const a = (s + i * slice) * DEG;
    const x = cx + Math.cos(a) * r;
    const y = cy + Math.sin(a) * r;
    out.push(z === undefined ? [x, y] : [x, y, z]);
  }
  if (full) out.push(out[0]!.slice() as DxfPoint);
  return out;
}

/**
 * An ARC entity (angles in degrees, counter-clockwise from start to end as stored). Like GDAL,
 * the vertices run from the end angle back to the start angle.
 */
export function strokeArcEntity(cx: number, cy: number, z: number | undefined, r: number, startDeg: number, endDeg: number): DxfPoint[] {
  let start = -endDeg;
  let end = -startDeg;
  if (start > end) end += 360;
  // GDAL drops arcs sweeping more than a turn (only reachable with angles beyond ±360).
  if (Math.abs(end - start) > 361) return [];
  return approximateArc(cx, cy, z, r, start, end);
}

/** A CIRCLE entity: 91 vertices from angle 0 clockwise, the last equal to the first. */
export function strokeCircle(cx: number, cy: number, z: number | undefined, r: number): DxfPoint[] {
  return approximateArc(cx, cy, z, r, 0, 360);
}

/**
 * The arc of a polyline segment with a bulge (tan of a quarter of the included angle; positive
 * counter-clockwise), from `a` to `b`: the vertices after `a`, ending exactly on `b`.
 */
export function strokeBulge(a: DxfPoint, b: DxfPoint, bulge: number, z: number | undefined): DxfPoint[] {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len = Math.hypot(dx, dy);
  if (len === 0 || bulge === 0) return [b];
  const sweep = 4 * Math.atan(bulge);
  // Centre: from the chord's midpoint along its left normal by (len/2)/tan(sweep/2).
  const off = len / 2 / Math.tan(sweep / 2);
  const cx = (a[0] + b[0]) / 2 - (dy / len) * off;
  const cy = (a[1] + b[1]) / 2 + (dx / len) * off;
  const r = Math.hypot(a[0] - cx, a[1] - cy);
  const a0 = Math.atan2(a[1] - cy, a[0] - cx);
  const count = arcVertexCount(sweep / DEG);
  const out: DxfPoint[] = [];
  for (let i = 1; i < count - 1; i++) {
    const t = a0 + (sweep * i) / (count - 1);
    const x = cx + r * Math.cos(t);
    const y = cy + r * Math.sin(t);
    out.push(z === undefined ? [x, y] : [x, y, z]);
  }
  out.push(b);
  return out;
}
