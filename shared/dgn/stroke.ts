/**
 * Turning arcs, ellipses and curves into vertices the way GDAL's DGN driver does, so that the
 * stroked lines a user sees here and in QGIS/ogrinfo coincide vertex for vertex.
 */
import type { DgnPoint } from './types.js';

const DEG = Math.PI / 180;

/** GDAL's vertex count for an arc: one vertex per 5 degrees of sweep, plus one, at most 90. */
export function arcVertexCount(sweepDegrees: number): number {
  const n = Math.trunc(Math.max(1, Math.abs(sweepDegrees) / 5) + 1);
  return Math.min(n, 90);
}

/**
 * Vertices on an elliptical arc: equal steps of the parametric angle t from `startDeg` over
 * `sweepDeg`, at (primary·cos t, secondary·sin t) turned by the axis rotation about the centre —
 * GDAL's construction, angles in degrees, axes as semi-axes.
 */
export function strokeArc(
  cx: number,
  cy: number,
  cz: number | undefined,
  primary: number,
  secondary: number,
  rotationDeg: number,
  startDeg: number,
  sweepDeg: number,
  count: number,
): DgnPoint[] {
  const out: DgnPoint[] = new Array(count);
  const step = sweepDeg / (count - 1);
  const rot = rotationDeg * DEG;
  const cr = Math.cos(rot);
  const sr = Math.sin(rot);
  for (let i = 0; i < count; i++) {
    const t = (startDeg + step * i) * DEG;
    const ex = primary * Math.cos(t);
    const ey = secondary * Math.sin(t);
    const x = ex * cr - ey * sr + cx;
    const y = ex * sr + ey * cr + cy;
    out[i] = cz === undefined ? [x, y] : [x, y, cz];
  }
  return out;
}

/**
 * A MicroStation curve (type 11) interpolated as ISFF describes: the first two and last two
 * vertices only set the end slopes; each middle segment k is a cubic in the distance d along it,
 * with tangents weighted by the neighbouring slope changes (Akima-style). GDAL emits
 * `5 * vertexCount` points spaced evenly by distance with every interior vertex kept; this does
 * the same. With fewer than 6 vertices there is no curve to interpolate: the vertices are
 * returned as they are.
 */
export function strokeCurve(v: DgnPoint[], is3d: boolean): DgnPoint[] {
  const n = v.length;
  if (n < 6) return v.slice();
  const total = 5 * n;
  const mx = new Float64Array(n);
  const my = new Float64Array(n);
  const d = new Float64Array(n);
  const tx = new Float64Array(n);
  const ty = new Float64Array(n);
  let totalD = 0;
  for (let k = 0; k < n - 1; k++) {
    const dx = v[k + 1]![0] - v[k]![0];
    const dy = v[k + 1]![1] - v[k]![1];
    d[k] = Math.sqrt(dx * dx + dy * dy);
    if (d[k] === 0) {
      d[k] = 0.0001;
      mx[k] = 0;
      my[k] = 0;
    } else {
      mx[k] = dx / d[k]!;
      my[k] = dy / d[k]!;
    }
    if (k > 1 && k < n - 3) totalD += d[k]!;
  }
  const tangent = (m: Float64Array, k: number): number => {
    const w1 = Math.abs(m[k + 1]! - m[k]!);
    const w2 = Math.abs(m[k - 1]! - m[k - 2]!);
    if (w1 === 0 && w2 === 0) return (m[k]! + m[k - 1]!) / 2;
    return (m[k - 1]! * w1 + m[k]! * w2) / (w1 + w2);
  };
  for (let k = 2; k < n - 2; k++) {
    tx[k] = tangent(mx, k);
    ty[k] = tangent(my, k);
  }
  const out: DgnPoint[] = [];
  const z = (p: DgnPoint): DgnPoint => (is3d ? [p[0], p[1], 0] : [p[0], p[1]]);
  const stepSize = totalD / (total - (n - 4) - 1);
  let dist = stepSize;
  for (let k = 2; k < n - 3; k++) {
    const x0 = v[k]![0];
    const y0 = v[k]![1];
    const dk = d[k]!;
    const cX = tx[k]!;
    const bX = ((3 * (v[k + 1]![0] - x0)) / dk - 2 * tx[k]! - tx[k + 1]!) / dk;
    const aX = (tx[k]! + tx[k + 1]! - (2 * (v[k + 1]![0] - x0)) / dk) / (dk * dk);
    const cY = ty[k]!;
    const bY = ((3 * (v[k + 1]![1] - y0)) / dk - 2 * ty[k]! - ty[k + 1]!) / dk;
    const aY = (ty[k]! + ty[k + 1]! - (2 * (v[k + 1]![1] - y0)) / dk) / (dk * dk);
    out.push(z(v[k]!));
    // Leave room for the start vertices of the remaining segments; the count bound also ends
    // the loop when the step does not advance (zero-length segments).
    while (dist < dk && out.length < total - (n - k - 1)) {
      const x = aX * dist * dist * dist + bX * dist * dist + cX * dist + x0;
      const y = aY * dist * dist * dist + bY * dist * dist + cY * dist + y0;
      out.push(is3d ? [x, y, 0] : [x, y]);
      dist += stepSize;
    }
    dist -= dk;
  }
  while (out.length < total) out.push(z(v[n - 3]!));
  return out;
}
