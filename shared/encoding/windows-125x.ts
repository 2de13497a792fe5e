/**
 * Windows-1252 ("latin1") and Windows-1258 (Vietnamese) single-byte tables.
 *
 * Written out here rather than delegated to TextDecoder because ParcelDesk also has to *encode*
 * (test fixtures, DBF export), which TextEncoder cannot do, and because the same table must give
 * the same answer in Node, the renderer and workers. Values follow the Unicode consortium's
 * Microsoft mapping files (CP1252.TXT, CP1258.TXT); the five bytes those files leave undefined map
 * to the C1 control with the same number, as the WHATWG Encoding Standard does, so decoding never
 * loses a byte.
 */
import { splitTone, TONE_MARK } from './vietnamese-letters.js';

/** 0x80–0x9F of Windows-1252. Bytes 0x81, 0x8D, 0x8F, 0x90, 0x9D are undefined (kept as C1). */
const CP1252_HIGH_C1: readonly number[] = [
  0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
  0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d, 0x017d, 0x008f,
  0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
  0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
];

/**
 * Windows-1258 differs from 1252 in 0x80–0x9F (no Š š Ž ž: undefined there) and in 13 positions of
 * 0xC0–0xFF, which hold Ă Đ Ơ Ư ă đ ơ ư, the đồng sign and the five combining tone marks.
 */
const CP1258_OVERRIDES: ReadonlyArray<[number, number]> = [
  [0x8a, 0x008a],
  [0x8e, 0x008e],
  [0x9a, 0x009a],
  [0x9e, 0x009e],
  [0xc3, 0x0102], // Ă
  [0xcc, 0x0300], // combining grave (huyền)
  [0xd0, 0x0110], // Đ
  [0xd2, 0x0309], // combining hook above (hỏi)
  [0xd5, 0x01a0], // Ơ
  [0xdd, 0x01af], // Ư
  [0xde, 0x0303], // combining tilde (ngã)
  [0xe3, 0x0103], // ă
  [0xec, 0x0301], // combining acute (sắc)
  [0xf0, 0x0111], // đ
  [0xf2, 0x0323], // combining dot below (nặng)
  [0xf5, 0x01a1], // ơ
  [0xfd, 0x01b0], // ư
  [0xfe, 0x20ab], // ₫
];

/** Undefined bytes of each code page (decoded as C1 controls; a sign of a wrong guess). */
export const CP1252_UNDEFINED: ReadonlySet<number> = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);
export const CP1258_UNDEFINED: ReadonlySet<number> = new Set([
  0x81, 0x8a, 0x8d, 0x8e, 0x8f, 0x90, 0x9a, 0x9d, 0x9e,
]);

function buildCp1252(): string[] {
  const table: string[] = [];
  for (let b = 0; b < 256; b++) {
    const cp = b >= 0x80 && b < 0xa0 ? CP1252_HIGH_C1[b - 0x80]! : b;
    table.push(String.fromCodePoint(cp));
  }
  return table;
}

function buildCp1258(): string[] {
  const table = buildCp1252();
  for (const [b, cp] of CP1258_OVERRIDES) table[b] = String.fromCodePoint(cp);
  return table;
}

/** Byte → character tables (index = byte value). */
export const CP1252_TABLE: readonly string[] = buildCp1252();
export const CP1258_TABLE: readonly string[] = buildCp1258();

function reverse(table: readonly string[]): Map<string, number> {
  const map = new Map<string, number>();
  table.forEach((ch, b) => {
    if (!map.has(ch)) map.set(ch, b);
  });
  return map;
}

const CP1252_REVERSE = reverse(CP1252_TABLE);
const CP1258_REVERSE = reverse(CP1258_TABLE);

/** Decodes Windows-1252 (not normalised; the caller normalises). */
export function decodeCp1252(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += CP1252_TABLE[b];
  return s;
}

/** Decodes Windows-1258 (base letters followed by combining tones; the caller normalises to NFC). */
export function decodeCp1258(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += CP1258_TABLE[b];
  return s;
}

/** Encodes to Windows-1252; characters outside the code page become '?'. */
export function encodeCp1252(text: string): Uint8Array {
  const out: number[] = [];
  for (const ch of text.normalize('NFC')) out.push(CP1252_REVERSE.get(ch) ?? 0x3f);
  return Uint8Array.from(out);
}

/**
 * Encodes to Windows-1258 the way Windows and glibc's iconv do: a letter that has its own byte
 * (á, â, ơ …) is written as that byte; otherwise it is split into a base letter plus a combining
 * tone byte (ấ → â + U+0301). Characters outside the code page become '?'.
 */
export function encodeCp1258(text: string): Uint8Array {
  const out: number[] = [];
  for (const ch of text.normalize('NFC')) {
    const direct = CP1258_REVERSE.get(ch);
    if (direct !== undefined) {
      out.push(direct);
      continue;
    }
    // Split off the tone rather than the last combining mark: in NFD the dot below of ặ sorts
    // before the breve, so "last mark" would give ạ + breve, which has no byte.
    const { base, tone, tones } = splitTone(ch);
    const baseByte = tones === 1 ? CP1258_REVERSE.get(base) : undefined;
    if (baseByte !== undefined && tone !== 'none') {
      out.push(baseByte, CP1258_REVERSE.get(TONE_MARK[tone])!);
    } else {
      out.push(0x3f);
    }
  }
  return Uint8Array.from(out);
}
