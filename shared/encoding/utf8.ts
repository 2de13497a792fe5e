/**
 * UTF-8 validity, checked by hand because detection needs a yes/no answer that tolerates one thing
 * TextDecoder's fatal mode does not: a multi-byte character cut at the end of a fixed-width DBF
 * field (writers that count bytes, not characters, leave such tails).
 */

/** Result of scanning bytes as UTF-8. */
export interface Utf8Scan {
  /** Every sequence is well-formed (a sequence cut short by the end of the bytes is allowed). */
  valid: boolean;
  /** Number of well-formed multi-byte sequences seen. */
  multiByte: number;
}

/** Scans `bytes` as UTF-8 (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF). */
export function scanUtf8(bytes: Uint8Array): Utf8Scan {
  let multiByte = 0;
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i += 1;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return { valid: false, multiByte };
    for (let k = 1; k <= need; k++) {
      if (i + k >= n) return { valid: true, multiByte }; // cut by the field width
      const c = bytes[i + k]!;
      const min = k === 1 ? lo : 0x80;
      const max = k === 1 ? hi : 0xbf;
      if (c < min || c > max) return { valid: false, multiByte };
    }
    multiByte += 1;
    i += need + 1;
  }
  return { valid: true, multiByte };
}

const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });
const encoder = new TextEncoder();

/** Decodes UTF-8; malformed bytes become U+FFFD. */
export function decodeUtf8(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** Encodes UTF-8. */
export function encodeUtf8(text: string): Uint8Array {
  return encoder.encode(text);
}
