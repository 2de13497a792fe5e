/**
 * The Terminal Control Block (TCB): element type 9 at the start of every V7 design file. It
 * holds the working units and the global origin that turn stored integers (units of resolution,
 * UOR) into master units, and the 2D/3D flag.
 *
 * Byte offsets below are from the start of the element, as documented for ISFF and as read by
 * GDAL's dgnlib (which the project treats as the reference reader).
 */
import { i32, vaxDouble } from './binary.js';
import type { DgnUnits } from './types.js';

const SUB_PER_MASTER = 1112;
const UOR_PER_SUB = 1116;
const MASTER_NAME = 1120;
const SUB_NAME = 1122;
const DIMENSION_FLAGS = 1214;
const GLOBAL_ORIGIN = 1240;
/** Bytes a TCB must have for every field the reader uses. */
export const TCB_MIN_BYTES = GLOBAL_ORIGIN + 24;

export interface Tcb {
  dimension: 2 | 3;
  units: DgnUnits;
}

function unitName(b: Uint8Array, p: number): string {
  let s = '';
  for (let i = p; i < p + 2; i++) {
    const c = b[i]!;
    if (c === 0) break;
    s += String.fromCharCode(c);
  }
  return s.trim();
}

/** Parse the TCB element that starts at `p` (the caller has checked `p + TCB_MIN_BYTES`). */
export function parseTcb(b: Uint8Array, p: number): Tcb {
  const subPerMaster = i32(b, p + SUB_PER_MASTER);
  const uorPerSub = i32(b, p + UOR_PER_SUB);
  let ox = vaxDouble(b, p + GLOBAL_ORIGIN);
  let oy = vaxDouble(b, p + GLOBAL_ORIGIN + 8);
  let oz = vaxDouble(b, p + GLOBAL_ORIGIN + 16);
  let scale = 1;
  if (subPerMaster !== 0 && uorPerSub !== 0) {
    // Same operations, same order as GDAL, so the doubles agree to the last bit.
    const uorPerMaster = uorPerSub * subPerMaster;
    ox = ox / uorPerMaster;
    oy = oy / uorPerMaster;
    oz = oz / uorPerMaster;
    scale = 1.0 / uorPerMaster;
  }
  return {
    dimension: (b[p + DIMENSION_FLAGS]! & 0x40) !== 0 ? 3 : 2,
    units: {
      masterName: unitName(b, p + MASTER_NAME),
      subName: unitName(b, p + SUB_NAME),
      subPerMaster,
      uorPerSub,
      scale,
      origin: [ox, oy, oz],
    },
  };
}
