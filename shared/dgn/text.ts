/**
 * Text bytes of DGN text elements.
 *
 * MicroStation V7 stores text either as 8-bit characters in the code page of the machine that
 * drew it (in Vietnam: TCVN3/ABC or VNI fonts, sometimes Windows-1258 or plain ASCII; files
 * written by GDAL from Unicode data hold UTF-8) or, when the bytes begin with FF FD, as 16-bit
 * little-endian characters ("multi-byte" text). One file uses one 8-bit encoding, so it is
 * detected from all texts of the file together (shared/encoding).
 */
import { decodeText, detectEncoding, type TextEncodingName } from '../encoding/index.js';

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
  return s.normalize('NFC');
}

/** Length of 8-bit text up to the first NUL (a C string in the file). */
export function cStringLength(b: Uint8Array, p: number, n: number): number {
  for (let i = 0; i < n; i++) if (b[p + i] === 0) return i;
  return n;
}

/** The 8-bit encoding of a file's texts and how sure the guess is (0-1; 1 for plain ASCII). */
export interface TextEncodingChoice {
  encoding: TextEncodingName;
  confidence: number;
}

/** Pick the 8-bit encoding for a file from its text samples. */
export function detectTextEncoding(samples: Uint8Array[]): TextEncodingChoice {
  const guess = detectEncoding(samples);
  return { encoding: guess.encoding, confidence: guess.confidence };
}

/** Decode 8-bit text (result in NFC). */
export function decodeText8(bytes: Uint8Array, encoding: TextEncodingName): string {
  return decodeText(bytes, encoding);
}

/**
 * Raw bytes of every 8-bit text element, found by walking the record headers only (for the
 * streaming reader, which must choose the encoding before it decodes the first text). Stops
 * quietly at the first damaged record: the real read reports the damage.
 */
export function scanTextSamples(b: Uint8Array, is3d: boolean): Uint8Array[] {
  const out: Uint8Array[] = [];
  const lenAt = is3d ? 74 : 58;
  const textAt = is3d ? 76 : 60;
  let p = 0;
  while (p + 4 <= b.length && !(b[p] === 0xff && b[p + 1] === 0xff)) {
    const size = 4 + 2 * (b[p + 2]! | (b[p + 3]! << 8));
    if (p + size > b.length) break;
    if ((b[p + 1]! & 0x7f) === 17 && size >= textAt) {
      const n = Math.min(b[p + lenAt]!, size - textAt);
      const q = p + textAt;
      if (!isMultiByte(b, q, n)) out.push(b.subarray(q, q + cStringLength(b, q, n)));
    }
    p += size;
  }
  return out;
}
