/**
 * A smooth, boundary-preserving deformation of the layout plane. The commune is laid out on a
 * straight grid of roads and blocks; this bends it so roads curve gently and blocks are not
 * rectangles, while every point of the outer frame stays on the frame (x is untouched on the west
 * and east edges, y on the south and north edges), so the parcels still tile the sheet frames exactly.
 *
 * Each displacement term is sin(π·m·u/W)·cos(2π·v/λ + φ) (and the transposed form for y). Amplitudes
 * are at most 1.2 % of the wavelength, so every partial derivative of the displacement stays below
 * about 0.23: the map is locally one-to-one and keeps the orientation of every parcel.
 */
import type { Random } from './random.js';

export type WarpFn = (u: number, v: number) => [number, number];

interface Term {
  m: number;
  amp: number;
  k: number;
  phase: number;
}

function terms(along: number, random: Random): Term[] {
  const out: Term[] = [];
  for (let i = 0; i < 3; i++) {
    const lambda = random.range(600, 1500);
    const m = Math.max(1, Math.round(along / lambda));
    const across = random.range(600, 1500);
    const amp = Math.min(along / m, across) * random.range(0.006, 0.012);
    out.push({ m, amp, k: (2 * Math.PI) / across, phase: random.range(0, 2 * Math.PI) });
  }
  return out;
}

/**
 * Build the deformation for a W × H layout plane. With `cell` (the sheet size, dividing W and H) the
 * sheet lines stay put as well: x is untouched on every vertical sheet line, y on every horizontal
 * one, so a plan cut at the sheet lines still fills each sheet frame exactly.
 */
export function createWarp(width: number, height: number, random: Random, cell?: { width: number; height: number }): WarpFn {
  const cw = cell?.width ?? width;
  const ch = cell?.height ?? height;
  const tx = terms(cw, random);
  const ty = terms(ch, random);
  return (u, v) => {
    let dx = 0;
    for (const t of tx) dx += t.amp * Math.sin((Math.PI * t.m * u) / cw) * Math.cos(t.k * v + t.phase);
    let dy = 0;
    for (const t of ty) dy += t.amp * Math.sin((Math.PI * t.m * v) / ch) * Math.cos(t.k * u + t.phase);
    // Exactly zero on the frame (and the sheet lines), whatever sin(π·m) rounds to.
    if (u <= 0 || u >= width || (cell && u % cw === 0)) dx = 0;
    if (v <= 0 || v >= height || (cell && v % ch === 0)) dy = 0;
    return [u + dx, v + dy];
  };
}
