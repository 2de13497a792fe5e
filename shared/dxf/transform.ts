/**
 * Coordinate transforms of DXF entities: the object coordinate system (OCS) that planar entities
 * are stored in, and the placement of block inserts. Both are 3D affine maps, kept as a row-major
 * 3×4 matrix [m00 m01 m02 tx, m10 m11 m12 ty, m20 m21 m22 tz].
 */
import type { DxfPoint } from './types.js';

export type Affine = readonly number[];

export const IDENTITY: Affine = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0];

/**
 * OCS → WCS for an extrusion direction N, by AutoCAD's "arbitrary axis algorithm": the OCS x
 * axis is Wy × N when N is within 1/64 of the world z axis, else Wz × N; y = N × x. Null for the
 * default N = (0, 0, 1) (or a zero vector, which AutoCAD treats the same).
 */
export function ocsMatrix(nx: number, ny: number, nz: number): Affine | null {
  const len = Math.hypot(nx, ny, nz);
  if (len === 0 || !Number.isFinite(len)) return null;
  nx /= len;
  ny /= len;
  nz /= len;
  if (nx === 0 && ny === 0 && nz === 1) return null;
  let ax: [number, number, number];
  if (Math.abs(nx) < 1 / 64 && Math.abs(ny) < 1 / 64) ax = [nz, 0, -nx]; // (0,1,0) × N
  else ax = [-ny, nx, 0]; // (0,0,1) × N
  const al = Math.hypot(ax[0], ax[1], ax[2]);
  ax = [ax[0] / al, ax[1] / al, ax[2] / al];
  let ay: [number, number, number] = [ny * ax[2] - nz * ax[1], nz * ax[0] - nx * ax[2], nx * ax[1] - ny * ax[0]];
  const yl = Math.hypot(ay[0], ay[1], ay[2]);
  ay = [ay[0] / yl, ay[1] / yl, ay[2] / yl];
  return [ax[0], ay[0], nx, 0, ax[1], ay[1], ny, 0, ax[2], ay[2], nz, 0];
}

/** a ∘ b: apply b first, then a. */
export function compose(a: Affine, b: Affine): Affine {
  const out = new Array<number>(12);
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 4; c++) {
      let v = a[r * 4]! * b[c]! + a[r * 4 + 1]! * b[4 + c]! + a[r * 4 + 2]! * b[8 + c]!;
      if (c === 3) v += a[r * 4 + 3]!;
      out[r * 4 + c] = v;
    }
  }
  return out;
}

/**
 * Placement of a block: scale about the block's base point, rotate (degrees, counter-clockwise),
 * move to the insertion point; `offset` is an array copy's column/row step in the rotated frame.
 */
export function insertMatrix(
  ins: readonly number[],
  scale: readonly number[],
  rotationDeg: number,
  base: readonly number[],
  offset: readonly [number, number] = [0, 0],
): Affine {
  const r = (rotationDeg * Math.PI) / 180;
  const c = Math.cos(r);
  const s = Math.sin(r);
  const [sx, sy, sz] = [scale[0] ?? 1, scale[1] ?? 1, scale[2] ?? 1];
  const bx = base[0] ?? 0;
  const by = base[1] ?? 0;
  const bz = base[2] ?? 0;
  // local = S·(p − base) + offset; world = R·local + ins
  const lx = -sx * bx + offset[0];
  const ly = -sy * by + offset[1];
  return [
    c * sx, -s * sy, 0, c * lx - s * ly + (ins[0] ?? 0),
    s * sx, c * sy, 0, s * lx + c * ly + (ins[1] ?? 0),
    0, 0, sz, -sz * bz + (ins[2] ?? 0),
  ];
}

/** Applies m to a point; the result has a z only when it is not 0. */
export function apply(m: Affine, p: readonly number[]): DxfPoint {
  const x = p[0]!;
  const y = p[1]!;
  const z = p[2] ?? 0;
  const X = m[0]! * x + m[1]! * y + m[2]! * z + m[3]!;
  const Y = m[4]! * x + m[5]! * y + m[6]! * z + m[7]!;
  const Z = m[8]! * x + m[9]! * y + m[10]! * z + m[11]!;
  return Z === 0 ? [X, Y] : [X, Y, Z];
}

/** Applies m to every vertex; when any vertex has a z, all get one. */
export function applyAll(m: Affine, pts: readonly DxfPoint[]): DxfPoint[] {
  return evenDims(pts.map((p) => apply(m, p)));
}

/** Gives every vertex a z when one of them has one (0 for the others). */
export function evenDims(pts: DxfPoint[]): DxfPoint[] {
  if (!pts.some((p) => p.length === 3)) return pts;
  return pts.map((p) => (p.length === 3 ? p : [p[0], p[1], 0]));
}

/** Direction (degrees) of the x axis turned by `deg` after m's linear part. */
export function mapAngle(m: Affine, deg: number): number {
  const r = (deg * Math.PI) / 180;
  const dx = m[0]! * Math.cos(r) + m[1]! * Math.sin(r);
  const dy = m[4]! * Math.cos(r) + m[5]! * Math.sin(r);
  return (Math.atan2(dy, dx) * 180) / Math.PI;
}

/** Length of a vector of length `len` at right angles to direction `deg` after m (text heights). */
export function mapHeight(m: Affine, deg: number, len: number): number {
  const r = (deg * Math.PI) / 180;
  const ux = -Math.sin(r);
  const uy = Math.cos(r);
  return Math.hypot(m[0]! * ux + m[1]! * uy, m[4]! * ux + m[5]! * uy) * len;
}

/** Scale of lengths under m's xy part (√|det|), for radii. */
export function mapLength(m: Affine, len: number): number {
  return Math.sqrt(Math.abs(m[0]! * m[5]! - m[1]! * m[4]!)) * len;
}
