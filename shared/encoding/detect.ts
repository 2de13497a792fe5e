/**
 * Detects the text encoding of legacy Vietnamese data from its content.
 *
 * DBF code-page bytes and .cpg files are usually missing or wrong in office data, so the bytes
 * themselves decide:
 * 1. No byte ≥ 0x80: every encoding reads the same text; answer UTF-8 with full confidence.
 * 2. Well-formed UTF-8 with multi-byte characters: UTF-8 (legacy Vietnamese bytes practically never
 *    form valid UTF-8 sequences: their letters sit at lead-byte positions followed by ASCII).
 * 3. Otherwise decode with each single-byte candidate (TCVN3, VNI, Windows-1258, Windows-1252) and
 *    score the words that contain a non-ASCII letter: a common Vietnamese syllable scores 1, another
 *    grammatical syllable 0.6 (see syllable.ts, common-syllables.ts), anything else 0; minus one per
 *    "impossible" byte (a VNI mark with no letter under it, an undefined code-page byte, a control
 *    character); a TCVN3 word that needs a VN1-only byte counts half (ABC files never have them).
 *    The best mean score wins; ties go to the earlier encoding in TEXT_ENCODINGS.
 */
import { COMMON_SYLLABLES } from './common-syllables.js';
import { isVietnameseSyllable, syllableKey } from './syllable.js';
import { TCVN3_TABLE, VN1_ONLY_BYTES } from './tcvn3.js';
import { decodeText, TEXT_ENCODINGS, type TextEncodingName } from './text-encoding.js';
import { scanUtf8 } from './utf8.js';
import { decodeVniDetailed } from './vni.js';
import {
  CP1252_TABLE,
  CP1252_UNDEFINED,
  CP1258_TABLE,
  CP1258_UNDEFINED,
} from './windows-125x.js';

/** The outcome of detection. */
export interface EncodingGuess {
  encoding: TextEncodingName;
  /**
   * 0–1: how sure the guess is. 1 for pure ASCII; ≥ 0.75 for valid UTF-8; for single-byte guesses
   * it grows with the score, with the number of words that decided, and with the margin over the
   * runner-up. Below ~0.3 treat the guess as a hint only.
   */
  confidence: number;
  /** True when no sample had a byte ≥ 0x80 (any encoding gives the same text). */
  ascii: boolean;
  /** Mean word score (−∞…1) of every candidate, for explaining the choice and for comparing with a declared code page. */
  scores: Record<TextEncodingName, number>;
  /** Number of words with non-ASCII letters that were scored. */
  words: number;
}

const SCORE_COMMON = 1;
const SCORE_VALID = 0.6;
/** Share of the word score kept when a TCVN3 word needs VN1-only bytes. */
const VN1_WEIGHT = 0.5;

/** Splits on ASCII characters that are not letters; every non-ASCII character stays in its word. */
function wordRanges(text: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 0x20;
    const inWord = c >= 0x80 || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
    if (inWord && start < 0) start = i;
    else if (!inWord && start >= 0) {
      ranges.push([start, i]);
      start = -1;
    }
  }
  return ranges;
}

function wordScore(word: string): number {
  if (!isVietnameseSyllable(word)) return 0;
  return COMMON_SYLLABLES.has(syllableKey(word)) ? SCORE_COMMON : SCORE_VALID;
}

function isControl(code: number): boolean {
  return (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || (code >= 0x7f && code < 0xa0);
}

interface Tally {
  score: number;
  words: number;
}

/** Scores a one-byte-per-character reading (TCVN3, Windows-125x): indexes map to bytes. */
function tallyTable(
  bytes: Uint8Array,
  table: readonly string[],
  weak: ReadonlySet<number>,
  weakIsImpossible: boolean,
  tally: Tally,
): void {
  let raw = '';
  for (const b of bytes) raw += table[b];
  let penalty = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (weakIsImpossible && weak.has(b)) penalty += 1;
    else if (isControl(raw.charCodeAt(i)) && b !== 0) penalty += 1;
  }
  for (const [s, e] of wordRanges(raw)) {
    if (!/[^\x00-\x7f]/.test(raw.slice(s, e))) continue;
    let score = wordScore(raw.slice(s, e).normalize('NFC'));
    if (!weakIsImpossible) {
      for (let i = s; i < e; i++) {
        if (weak.has(bytes[i]!)) {
          score *= VN1_WEIGHT;
          break;
        }
      }
    }
    tally.score += score;
    tally.words += 1;
  }
  tally.score -= penalty;
}

function tallyVni(bytes: Uint8Array, tally: Tally): void {
  const { text, strayMarks } = decodeVniDetailed(bytes);
  let penalty = strayMarks;
  for (let i = 0; i < text.length; i++) if (isControl(text.charCodeAt(i)) && text.charCodeAt(i) !== 0) penalty += 1;
  for (const [s, e] of wordRanges(text)) {
    const word = text.slice(s, e);
    if (!/[^\x00-\x7f]/.test(word)) continue;
    tally.score += wordScore(word.normalize('NFC'));
    tally.words += 1;
  }
  tally.score -= penalty;
}

function tallyUtf8(bytes: Uint8Array, tally: Tally): void {
  const text = decodeText(bytes, 'utf-8');
  for (const [s, e] of wordRanges(text)) {
    const word = text.slice(s, e);
    if (!/[^\x00-\x7f]/.test(word)) continue;
    tally.score += wordScore(word);
    tally.words += 1;
  }
}

const mean = (t: Tally) => (t.words > 0 ? t.score / t.words : t.score < 0 ? t.score : 0);

/**
 * Guesses the encoding of `samples` (e.g. the raw bytes of a DBF's text fields, one sample per
 * value). Short realistic strings suffice: names, addresses, land-use names. Pure-ASCII input
 * returns UTF-8 with `ascii: true`.
 */
export function detectEncoding(samples: Uint8Array[]): EncodingGuess {
  const tallies = Object.fromEntries(
    TEXT_ENCODINGS.map((e) => [e, { score: 0, words: 0 }]),
  ) as Record<TextEncodingName, Tally>;
  let highBytes = false;
  let utf8Valid = true;
  let utf8MultiByte = 0;
  for (const sample of samples) {
    if (!sample.some((b) => b >= 0x80)) continue;
    highBytes = true;
    const scan = scanUtf8(sample);
    utf8Valid &&= scan.valid;
    utf8MultiByte += scan.multiByte;
    tallyUtf8(sample, tallies['utf-8']);
    tallyTable(sample, TCVN3_TABLE, VN1_ONLY_BYTES, false, tallies.tcvn3);
    tallyVni(sample, tallies.vni);
    tallyTable(sample, CP1258_TABLE, CP1258_UNDEFINED, true, tallies['windows-1258']);
    tallyTable(sample, CP1252_TABLE, CP1252_UNDEFINED, true, tallies.latin1);
  }
  const scores = Object.fromEntries(
    TEXT_ENCODINGS.map((e) => [e, mean(tallies[e])]),
  ) as Record<TextEncodingName, number>;
  if (!highBytes) {
    return { encoding: 'utf-8', confidence: 1, ascii: true, scores, words: 0 };
  }
  if (utf8Valid && utf8MultiByte > 0) {
    const s = Math.max(0, scores['utf-8']);
    return {
      encoding: 'utf-8',
      confidence: 0.75 + 0.25 * s,
      ascii: false,
      scores,
      words: tallies['utf-8'].words,
    };
  }
  scores['utf-8'] = -Infinity; // invalid UTF-8 is never the answer
  const ranked = TEXT_ENCODINGS.filter((e) => e !== 'utf-8').sort((a, b) => scores[b] - scores[a]);
  const best = ranked[0]!;
  const second = ranked[1]!;
  const words = tallies[best].words;
  const top = Math.max(0, scores[best]);
  if (top === 0) {
    // Nothing reads as Vietnamese: Windows-1252 at least keeps every byte visible.
    return { encoding: 'latin1', confidence: 0, ascii: false, scores, words };
  }
  const margin = Math.min(1, Math.max(0, scores[best] - scores[second]));
  const confidence = top * (words / (words + 1)) * Math.min(1, 0.5 + margin);
  return { encoding: best, confidence, ascii: false, scores, words };
}
