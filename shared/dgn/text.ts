/**
 * Text bytes of DGN text elements.
 *
 * MicroStation V7 stores text either as 8-bit characters in the code page of the machine that
 * drew it (in Vietnam: TCVN3/ABC or VNI fonts, sometimes plain ASCII) or, when the bytes begin
 * with FF FD, as 16-bit little-endian characters ("multi-byte" text).
 *
 * The Vietnamese legacy decoders live in shared/encoding (written separately). Until that module
 * exports `decodeText` and `detectEncoding`, 8-bit text is decoded as Latin-1 here, which is
 * lossless (every byte maps to one code point) so nothing is destroyed; the raw bytes are also
 * kept on each element (`textBytes`) for re-decoding. Switching is confined to the two functions
 * below.
 */

/** True when the stored text is 16-bit (starts with the FF FD marker). */
export function isMultiByte(b: Uint8Array, p: number, n: number): boolean {
  return n >= 2 && b[p] === 0xff && b[p + 1] === 0xfd;
}

/**
 * 16-bit text after the FF FD marker, `n` bytes in all (marker included), as UTF-16LE.
 * Stops at the first NUL character, as MicroStation and GDAL do.
 */
export function decodeMultiByte(b: Uint8Array, p: number, n: number): string {
  const words = (n >> 1) - 1;
  let s = '';
  for (let i = 0; i < words; i++) {
    const w = b[p + 2 + 2 * i]! | (b[p + 3 + 2 * i]! << 8);
    if (w === 0) break;
    s += String.fromCharCode(w);
  }
  return s;
}

/** Length of 8-bit text up to the first NUL (a C string in the file). */
export function cStringLength(b: Uint8Array, p: number, n: number): number {
  for (let i = 0; i < n; i++) if (b[p + i] === 0) return i;
  return n;
}

/** Pick the 8-bit encoding for a file from its text samples. */
export function detectTextEncoding(samples: Uint8Array[]): string {
  for (const s of samples) for (let i = 0; i < s.length; i++) if (s[i]! >= 0x80) return 'latin1';
  return 'ascii';
}

/** Decode 8-bit text in the given encoding ('ascii' and 'latin1' map bytes to code points). */
export function decodeText8(bytes: Uint8Array, _encoding: string): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}
