/**
 * TCVN3 ("ABC", the .VnTime/.VnArial fonts): TCVN 5712:1993, one byte per letter.
 *
 * The standard defines three nested repertoires. VN3 is what ABC fonts and nearly all legacy
 * office files use: ASCII, the seven letters Ă Â Ê Ô Ơ Ư Đ in uppercase, and every lowercase
 * letter with its tone, in 0xA1–0xFE. Uppercase letters *with* a tone do not exist in VN3; offices
 * typed them with a separate all-caps font (.VnTimeH) using the lowercase byte values, so the
 * case is lost in the file.
 *
 * VN1 (which glibc/GNU iconv implements as "TCVN5712-1", and GDAL uses through iconv) fills the
 * positions VN3 leaves empty with the uppercase toned letters: 0x80–0x9F, a few gaps in 0xAF–0xFF,
 * and even C0 control positions (0x01, 0x02, 0x04–0x06, 0x11–0x17), plus five combining tone marks
 * at 0xB0–0xB4. The lowercase layout is identical. This decoder reads the VN1 superset, so both ABC
 * files and files written by GDAL/iconv decode correctly; detection treats the VN1-only bytes as
 * weak evidence (see VN1_ONLY_BYTES) because ABC data never contains them.
 */
import { MARKED_TONES, TONE_MARK, splitTone, withTone } from './vietnamese-letters.js';

type ToneBytes = readonly [grave: number, hook: number, tilde: number, acute: number, dot: number];

/** VN3: lowercase vowels with each tone (huyền, hỏi, ngã, sắc, nặng). */
const VN3_TONED: ReadonlyArray<readonly [string, ToneBytes]> = [
  ['a', [0xb5, 0xb6, 0xb7, 0xb8, 0xb9]],
  ['ă', [0xbb, 0xbc, 0xbd, 0xbe, 0xc6]],
  ['â', [0xc7, 0xc8, 0xc9, 0xca, 0xcb]],
  ['e', [0xcc, 0xce, 0xcf, 0xd0, 0xd1]],
  ['ê', [0xd2, 0xd3, 0xd4, 0xd5, 0xd6]],
  ['i', [0xd7, 0xd8, 0xdc, 0xdd, 0xde]],
  ['o', [0xdf, 0xe1, 0xe2, 0xe3, 0xe4]],
  ['ô', [0xe5, 0xe6, 0xe7, 0xe8, 0xe9]],
  ['ơ', [0xea, 0xeb, 0xec, 0xed, 0xee]],
  ['u', [0xef, 0xf1, 0xf2, 0xf3, 0xf4]],
  ['ư', [0xf5, 0xf6, 0xf7, 0xf8, 0xf9]],
  ['y', [0xfa, 0xfb, 0xfc, 0xfd, 0xfe]],
];

/** VN3: letters without tone that are not ASCII. */
const VN3_PLAIN: ReadonlyArray<readonly [number, string]> = [
  [0xa1, 'Ă'], [0xa2, 'Â'], [0xa3, 'Ê'], [0xa4, 'Ô'], [0xa5, 'Ơ'], [0xa6, 'Ư'], [0xa7, 'Đ'],
  [0xa8, 'ă'], [0xa9, 'â'], [0xaa, 'ê'], [0xab, 'ô'], [0xac, 'ơ'], [0xad, 'ư'], [0xae, 'đ'],
];

/** VN1 only: uppercase vowels with each tone (huyền, hỏi, ngã, sắc, nặng). */
const VN1_UPPER_TONED: ReadonlyArray<readonly [string, ToneBytes]> = [
  ['A', [0x80, 0x81, 0x82, 0x83, 0x84]],
  ['Ă', [0xaf, 0xba, 0xbf, 0xc0, 0x85]],
  ['Â', [0xc1, 0xc2, 0xc3, 0xc4, 0x86]],
  ['E', [0x87, 0x88, 0x89, 0x8a, 0x8b]],
  ['Ê', [0xc5, 0xcd, 0xd9, 0xda, 0x8c]],
  ['I', [0x8d, 0x8e, 0x8f, 0x90, 0x91]],
  ['O', [0x92, 0x93, 0x94, 0x95, 0x96]],
  ['Ô', [0xdb, 0xe0, 0xf0, 0xff, 0x97]],
  ['Ơ', [0x98, 0x99, 0x9a, 0x9b, 0x9c]],
  ['U', [0x9d, 0x9e, 0x9f, 0x01, 0x02]],
  ['Ư', [0x04, 0x05, 0x06, 0x11, 0x12]],
  ['Y', [0x13, 0x14, 0x15, 0x16, 0x17]],
];

/** VN1 only: no-break space and the five combining tone marks. */
const VN1_OTHER: ReadonlyArray<readonly [number, string]> = [
  [0xa0, '\u00a0'],
  [0xb0, TONE_MARK.grave],
  [0xb1, TONE_MARK.hook],
  [0xb2, TONE_MARK.tilde],
  [0xb3, TONE_MARK.acute],
  [0xb4, TONE_MARK.dot],
];

function build(): { decode: string[]; encode: Map<string, number>; vn1Only: Set<number> } {
  const decode: string[] = [];
  for (let b = 0; b < 256; b++) decode.push(String.fromCharCode(b));
  const encode = new Map<string, number>();
  const vn1Only = new Set<number>();
  const put = (b: number, ch: string, vn1: boolean) => {
    decode[b] = ch;
    encode.set(ch, b);
    if (vn1) vn1Only.add(b);
  };
  for (const [base, bytes] of VN3_TONED) {
    MARKED_TONES.forEach((tone, i) => put(bytes[i]!, withTone(base, tone), false));
  }
  for (const [b, ch] of VN3_PLAIN) put(b, ch, false);
  for (const [base, bytes] of VN1_UPPER_TONED) {
    MARKED_TONES.forEach((tone, i) => put(bytes[i]!, withTone(base, tone), true));
  }
  for (const [b, ch] of VN1_OTHER) put(b, ch, true);
  return { decode, encode, vn1Only };
}

const TABLES = build();

/** Bytes that only the VN1 repertoire (glibc "TCVN5712-1") assigns; never produced by ABC fonts. */
export const VN1_ONLY_BYTES: ReadonlySet<number> = TABLES.vn1Only;

/** Byte → character (index = byte). */
export const TCVN3_TABLE: readonly string[] = TABLES.decode;

/** Decodes TCVN3 (VN1 superset); combining marks at 0xB0–0xB4 are left for NFC to compose. */
export function decodeTcvn3(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += TCVN3_TABLE[b];
  return s;
}

/**
 * Encodes to TCVN3. Lowercase letters and Ă Â Ê Ô Ơ Ư Đ get their VN3 bytes; uppercase toned
 * letters get their VN1 bytes (as glibc iconv writes them), so text round-trips, although ABC fonts
 * will not display those. Other characters: a letter with a tone but no byte of its own is written
 * as its base plus a VN1 combining mark; anything else becomes '?'.
 */
export function encodeTcvn3(text: string): Uint8Array {
  const out: number[] = [];
  for (const ch of text.normalize('NFC')) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) {
      out.push(code);
      continue;
    }
    const direct = TABLES.encode.get(ch);
    if (direct !== undefined) {
      out.push(direct);
      continue;
    }
    const { base, tone, tones } = splitTone(ch);
    const baseCode = base.length === 1 ? base.charCodeAt(0) : -1;
    const baseByte = baseCode >= 0 && baseCode < 0x80 ? baseCode : TABLES.encode.get(base);
    if (tones === 1 && tone !== 'none' && baseByte !== undefined) {
      out.push(baseByte, TABLES.encode.get(TONE_MARK[tone])!);
    } else {
      out.push(0x3f);
    }
  }
  return Uint8Array.from(out);
}
