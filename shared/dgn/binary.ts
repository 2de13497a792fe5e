/**
 * Number formats of MicroStation V7 (ISFF) design files.
 *
 * ISFF stores 16-bit words little-endian, but 32-bit integers in PDP-11 ("middle-endian") order:
 * the high 16-bit word first, each word little-endian. Floating point values are VAX D-float
 * (8 bytes, four little-endian words, most significant word first, exponent bias 129, hidden bit).
 */

/** Unsigned little-endian 16-bit word at `p`. The caller has bounds-checked `p + 2`. */
export function u16(b: Uint8Array, p: number): number {
  return b[p]! | (b[p + 1]! << 8);
}

/** Signed 32-bit integer in middle-endian (PDP-11) order at `p`. The caller bounds-checks `p + 4`. */
export function i32(b: Uint8Array, p: number): number {
  // bytes: [b16-23, b24-31, b0-7, b8-15]; `| 0` gives the two's-complement sign from bit 31.
  return (b[p + 2]! | (b[p + 3]! << 8) | (b[p]! << 16) | (b[p + 1]! << 24)) | 0;
}

/** The same 32 bits read as an unsigned value (element ranges are stored offset by 2^31). */
export function u32(b: Uint8Array, p: number): number {
  return i32(b, p) >>> 0;
}

// One scratch buffer: converting a VAX double must not allocate (text and arcs are hot paths).
const scratch = new DataView(new ArrayBuffer(8));

/**
 * VAX D-float at `p` as an IEEE double. The 55-bit VAX fraction is cut to IEEE's 52 bits with the
 * dropped bits folded into the lowest kept bit, the same rounding GDAL's reader applies, so values
 * agree bit for bit with `ogrinfo`.
 */
export function vaxDouble(b: Uint8Array, p: number): number {
  let hi = (b[p + 2]! | (b[p + 3]! << 8) | (b[p]! << 16) | (b[p + 1]! << 24)) >>> 0;
  let lo = (b[p + 6]! | (b[p + 7]! << 8) | (b[p + 4]! << 16) | (b[p + 5]! << 24)) >>> 0;
  const sign = hi & 0x80000000;
  let exponent = (hi >>> 23) & 0xff;
  if (exponent !== 0) exponent = exponent - 129 + 1023;
  const dropped = lo & 7;
  lo = ((lo >>> 3) & 0x1fffffff) | ((hi << 29) >>> 0);
  if (dropped !== 0) lo |= 1;
  hi = ((hi >>> 3) & 0x000fffff) | (exponent << 20) | sign;
  scratch.setUint32(0, hi >>> 0);
  scratch.setUint32(4, lo >>> 0);
  return scratch.getFloat64(0);
}

const RAD50 = ' ABCDEFGHIJKLMNOPQRSTUVWXYZ$.%0123456789';

/** Three characters packed in one Radix-50 word (cell names). */
export function rad50(word: number): string {
  const c3 = word % 40;
  const c2 = Math.floor(word / 40) % 40;
  const c1 = Math.floor(word / 1600) % 40;
  return RAD50[c1]! + RAD50[c2]! + RAD50[c3]!;
}
