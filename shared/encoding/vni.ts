/**
 * VNI-Windows (the "VNI-Times", "VNI-Helve" … fonts).
 *
 * VNI fonts reuse the Windows-1252 positions: a vowel is written as its ASCII base letter followed
 * by one "mark" byte that the font draws over (or under) the previous glyph. One byte carries the
 * tone alone, the circumflex or breve alone, or a circumflex/breve *with* a tone, so a letter takes
 * at most two bytes ("ấ" = 'a' 0xE1, "ặ" = 'a' 0xEB). A few letters have a single byte of their own:
 * ơ ư đ, the five toned i's and ỵ. Lowercase and uppercase use separate mark bytes (uppercase marks
 * are the lowercase ones minus 0x20, like Latin-1 letters). Table from the VNI-Windows character
 * chart (VNI Software, "bảng mã VNI Windows"); there is no iconv codec to check it against, so the
 * unit tests pin it with literal samples and a round trip over every Vietnamese letter.
 */
import { MARKED_TONES, splitTone, withTone, type Tone } from './vietnamese-letters.js';
import { CP1252_TABLE } from './windows-125x.js';

type ToneBytes = readonly [grave: number, hook: number, tilde: number, acute: number, dot: number];

/** Lowercase mark bytes, in tone order huyền, hỏi, ngã, sắc, nặng. */
const TONE_ONLY: ToneBytes = [0xf8, 0xfb, 0xf5, 0xf9, 0xef]; // ø û õ ù ï
const CIRCUMFLEX = 0xe2; // â
const CIRCUMFLEX_TONE: ToneBytes = [0xe0, 0xe5, 0xe3, 0xe1, 0xe4]; // à å ã á ä
const BREVE = 0xea; // ê
const BREVE_TONE: ToneBytes = [0xe8, 0xfa, 0xfc, 0xe9, 0xeb]; // è ú ü é ë

/** Letters with a byte of their own (lowercase; uppercase byte = lowercase − 0x20). */
const SINGLE_BYTE_LETTERS: ReadonlyArray<readonly [number, string]> = [
  [0xf4, 'ơ'], // ô
  [0xf6, 'ư'], // ö
  [0xf1, 'đ'], // ñ
  [0xec, 'ì'],
  [0xe6, 'ỉ'], // æ
  [0xf3, 'ĩ'], // ó
  [0xed, 'í'],
  [0xf2, 'ị'], // ò
  [0xee, 'ỵ'], // î
];

type Mark =
  | { kind: 'tone'; tone: Tone }
  | { kind: 'circumflex'; tone: Tone }
  | { kind: 'breve'; tone: Tone };

interface VniTables {
  /** Byte → mark it draws, for both cases. */
  marks: Map<number, Mark>;
  /** Byte → letter, for the single-byte letters. */
  letters: Map<number, string>;
  /** Letter → bytes. */
  encode: Map<string, number[]>;
}

function build(): VniTables {
  const marks = new Map<number, Mark>();
  const letters = new Map<number, string>();
  const encode = new Map<string, number[]>();
  const bothCases = (b: number, mark: Mark) => {
    marks.set(b, mark);
    marks.set(b - 0x20, mark);
  };
  MARKED_TONES.forEach((tone, i) => {
    bothCases(TONE_ONLY[i]!, { kind: 'tone', tone });
    bothCases(CIRCUMFLEX_TONE[i]!, { kind: 'circumflex', tone });
    bothCases(BREVE_TONE[i]!, { kind: 'breve', tone });
  });
  bothCases(CIRCUMFLEX, { kind: 'circumflex', tone: 'none' });
  bothCases(BREVE, { kind: 'breve', tone: 'none' });
  for (const [b, ch] of SINGLE_BYTE_LETTERS) {
    letters.set(b, ch);
    letters.set(b - 0x20, ch.toUpperCase());
  }

  // Encoding side: every vowel base × tone, lowercase then uppercase (−0x20 on the mark bytes).
  const add = (letter: string, lower: number[]) => {
    encode.set(letter, lower);
    encode.set(
      letter.toUpperCase(),
      lower.map((b) => (b >= 0xe0 ? b - 0x20 : String.fromCharCode(b).toUpperCase().charCodeAt(0))),
    );
  };
  const plain: ReadonlyArray<readonly [string, number[]]> = [
    ['a', [0x61]], ['e', [0x65]], ['o', [0x6f]], ['u', [0x75]], ['y', [0x79]],
    ['ơ', [0xf4]], ['ư', [0xf6]],
  ];
  for (const [base, bytes] of plain) {
    add(base, bytes);
    MARKED_TONES.forEach((tone, i) => add(withTone(base, tone), [...bytes, TONE_ONLY[i]!]));
  }
  for (const [base, ascii] of [['â', 0x61], ['ê', 0x65], ['ô', 0x6f]] as const) {
    add(base, [ascii, CIRCUMFLEX]);
    MARKED_TONES.forEach((tone, i) => add(withTone(base, tone), [ascii, CIRCUMFLEX_TONE[i]!]));
  }
  add('ă', [0x61, BREVE]);
  MARKED_TONES.forEach((tone, i) => add(withTone('ă', tone), [0x61, BREVE_TONE[i]!]));
  add('i', [0x69]);
  for (const [b, ch] of SINGLE_BYTE_LETTERS) add(ch, [b]);
  return { marks, letters, encode };
}

const TABLES = build();
const CP1252_REVERSE = new Map(CP1252_TABLE.map((ch, b) => [ch, b] as const));

const CAN_TAKE_CIRCUMFLEX = new Set(['a', 'e', 'o']);

/** Applies a VNI mark byte to the letter before it; null when the mark cannot go on that letter. */
function applyMark(prev: string, mark: Mark): string | null {
  const { base, tones } = splitTone(prev);
  if (tones > 0) return null;
  const lower = base.toLowerCase();
  const upper = base !== lower;
  let newBase: string;
  if (mark.kind === 'tone') {
    if (!'aăâeêioôơuưy'.includes(lower) || lower.length !== 1) return null;
    newBase = lower;
  } else if (mark.kind === 'circumflex') {
    if (!CAN_TAKE_CIRCUMFLEX.has(lower)) return null;
    newBase = { a: 'â', e: 'ê', o: 'ô' }[lower as 'a' | 'e' | 'o'];
  } else {
    if (lower !== 'a') return null;
    newBase = 'ă';
  }
  const letter = withTone(newBase, mark.tone);
  return upper ? letter.toUpperCase() : letter;
}

/** Decoded text plus the number of mark bytes that had no letter to sit on (a sign it isn't VNI). */
export interface VniDecodeResult {
  text: string;
  strayMarks: number;
}

/** Decodes VNI-Windows and counts stray marks; stray mark bytes decode as their Windows-1252 glyph. */
export function decodeVniDetailed(bytes: Uint8Array): VniDecodeResult {
  const out: string[] = [];
  let strayMarks = 0;
  for (const b of bytes) {
    if (b < 0x80) {
      out.push(String.fromCharCode(b));
      continue;
    }
    const mark = TABLES.marks.get(b);
    if (mark) {
      const prev = out.length > 0 ? out[out.length - 1]! : '';
      const combined = prev ? applyMark(prev, mark) : null;
      if (combined !== null) {
        out[out.length - 1] = combined;
      } else {
        strayMarks += 1;
        out.push(CP1252_TABLE[b]!);
      }
      continue;
    }
    out.push(TABLES.letters.get(b) ?? CP1252_TABLE[b]!);
  }
  return { text: out.join(''), strayMarks };
}

/** Decodes VNI-Windows to Unicode (NFC). */
export function decodeVni(bytes: Uint8Array): string {
  return decodeVniDetailed(bytes).text;
}

/**
 * Encodes to VNI-Windows. Other characters that Windows-1252 has are written as that byte (they
 * will look like marks in a VNI font, as they do in VNI's own converter); the rest become '?'.
 */
export function encodeVni(text: string): Uint8Array {
  const out: number[] = [];
  for (const ch of text.normalize('NFC')) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) {
      out.push(code);
      continue;
    }
    const bytes = TABLES.encode.get(ch);
    if (bytes) out.push(...bytes);
    else out.push(CP1252_REVERSE.get(ch) ?? 0x3f);
  }
  return Uint8Array.from(out);
}
