/**
 * Vietnamese syllable checker, the core of encoding detection.
 *
 * A Vietnamese word is one syllable: optional initial consonant (âm đầu), a vowel nucleus that may
 * start with a glide (âm đệm o/u), an optional final (âm cuối: a consonant or the glides i/y/o/u,
 * which are folded into the nucleus list below), and exactly one tone. Decoding a file with the
 * wrong code page produces letters in places this grammar forbids (two tones, "eâ", "ª", "Ơ" in the
 * middle of a lowercase word …), so the share of words that parse is a strong signal. The grammar
 * is the standard one of Vietnamese orthography (chính tả), including the rules that the stop
 * finals p/t/c/ch allow only the sắc and nặng tones and the spelling rules c/k, g/gh, ng/ngh.
 */
import { splitTone, type Tone } from './vietnamese-letters.js';

/** Initial consonants, longest first so the first matching prefix is tried first. */
const ONSETS = [
  'ngh', 'ng', 'nh', 'ch', 'gh', 'gi', 'kh', 'ph', 'th', 'tr', 'qu',
  'b', 'c', 'd', 'đ', 'g', 'h', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'x', '',
];

/** Consonant finals, longest first. */
const CODAS = ['ng', 'nh', 'ch', 'c', 'm', 'n', 'p', 't'];
const STOP_CODAS = new Set(['c', 'ch', 'p', 't']);

const OPEN = [''];
const ANY_FINAL = ['', 'm', 'n', 'p', 't', 'ng', 'c'];
const FRONT_FINAL = ['', 'm', 'n', 'p', 't', 'nh', 'ch'];
const CLOSED = ['m', 'n', 'p', 't', 'ng', 'c'];

/** Vowel nuclei (glide + vowel + final glide) and the consonant finals each allows ('' = none). */
const NUCLEI: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  (
    [
      ['a', [...ANY_FINAL, 'nh', 'ch']],
      ['ă', CLOSED],
      ['â', CLOSED],
      ['e', ANY_FINAL],
      ['ê', FRONT_FINAL],
      ['i', FRONT_FINAL],
      ['y', ['', 'n', 't', 'nh', 'ch']], // with coda only after qu: quýt, quỳnh
      ['o', ANY_FINAL],
      ['ô', ANY_FINAL],
      ['ơ', ['', 'm', 'n', 'p', 't']],
      ['u', ANY_FINAL],
      ['ư', ANY_FINAL],
      ['oo', ['ng', 'c']],
      ['oa', [...ANY_FINAL, 'nh', 'ch']],
      ['oă', CLOSED],
      ['oe', ['', 'n', 't', 'm']],
      ['uâ', CLOSED],
      ['uê', ['', 'n', 'nh', 'ch']],
      ['uy', ['', 'n', 't', 'p', 'nh', 'ch']],
      ['uơ', OPEN],
      ['iê', CLOSED],
      ['yê', CLOSED],
      ['uô', CLOSED],
      ['ươ', CLOSED],
      ['uyê', ['n', 't']],
      ...[
        'ai', 'ao', 'au', 'ay', 'âu', 'ây', 'eo', 'êu', 'ia', 'iu', 'oi', 'ôi', 'ơi', 'ua', 'ui',
        'ưa', 'ưi', 'ưu', 'iêu', 'yêu', 'oai', 'oay', 'oao', 'oeo', 'uây', 'uôi', 'uya', 'uyu',
        'ươi', 'ươu',
      ].map((n) => [n, OPEN] as [string, string[]]),
    ] as Array<[string, string[]]>
  ).map(([n, finals]) => [n, new Set(finals)]),
);

/**
 * Official place names from minority languages that break Vietnamese spelling rules (final k,
 * k before a/o). Listed so detection does not punish the right reading of an address.
 */
const PLACE_NAME_SYLLABLES = new Set(
  ['đắk', 'lắk', 'đăk', 'lăk', 'kon', 'kạn', 'krông', 'búk', 'pleiku'].map(
    (w) => w.normalize('NFC'),
  ),
);

const VOWEL_CHARS = new Set([...'aăâeêioôơuưy']);
const LETTERS = /^[a-eg-ik-vxyăâđêôơư]+$/; // no f, j, w, z in Vietnamese

/** Why a word is not a Vietnamese syllable (null when it is one). */
export type SyllableProblem =
  | 'case'
  | 'letters'
  | 'tones'
  | 'onset'
  | 'nucleus'
  | 'final'
  | 'spelling'
  | 'stopTone';

function caseOk(word: string): boolean {
  const lower = word.toLowerCase();
  const upper = word.toUpperCase();
  if (word === lower || word === upper) return true;
  const first = [...word][0]!;
  return first === first.toUpperCase() && word.slice(first.length) === lower.slice(first.length);
}

function checkRime(onset: string, rime: string, tone: Tone): SyllableProblem | null {
  if (rime === '' || !VOWEL_CHARS.has(rime[0]!)) return 'nucleus';
  let coda = '';
  for (const c of CODAS) {
    if (rime.length > c.length && rime.endsWith(c)) {
      coda = c;
      break;
    }
  }
  const nucleus = rime.slice(0, rime.length - coda.length);
  const finals = NUCLEI.get(nucleus);
  if (!finals) return 'nucleus';
  if (!finals.has(coda)) return 'final';
  if (STOP_CODAS.has(coda) && tone !== 'acute' && tone !== 'dot') return 'stopTone';
  const v = nucleus[0]!;
  const front = v === 'i' || v === 'e' || v === 'ê' || v === 'y';
  if (onset === 'k' && !front) return 'spelling';
  if (onset === 'c' && front) return 'spelling';
  if ((onset === 'gh' || onset === 'ngh') && !(v === 'i' || v === 'e' || v === 'ê')) return 'spelling';
  if (onset === 'ng' && (v === 'i' || v === 'e' || v === 'ê')) return 'spelling';
  if (onset === 'g' && (v === 'e' || v === 'ê')) return 'spelling';
  if (onset === 'qu' && (v === 'u' || v === 'o')) return 'spelling';
  return null;
}

/**
 * Checks one word. Returns null when it is a well-formed Vietnamese syllable (any case pattern of
 * lower, UPPER or Title), else the first problem found. Tone placement ("hòa" or "hoà") is free.
 */
export function syllableProblem(word: string): SyllableProblem | null {
  if (!caseOk(word)) return 'case';
  if (PLACE_NAME_SYLLABLES.has(word.toLowerCase().normalize('NFC'))) return null;
  let toneless = '';
  let tone: Tone = 'none';
  for (const letter of word.toLowerCase().normalize('NFC')) {
    const split = splitTone(letter);
    if (split.tones > 1 || (split.tones === 1 && tone !== 'none')) return 'tones';
    if (split.tones === 1) tone = split.tone;
    toneless += split.base;
  }
  toneless = toneless.normalize('NFC');
  if (!LETTERS.test(toneless)) return 'letters';
  let best: SyllableProblem = 'onset';
  for (const onset of ONSETS) {
    if (!toneless.startsWith(onset)) continue;
    const problem = checkRime(onset, toneless.slice(onset.length), tone);
    if (problem === null) return null;
    // Keep the most specific complaint for callers that explain a rejection.
    if (best === 'onset' || best === 'nucleus') best = problem;
  }
  // "gìn", "giếng": the i of the onset gi doubles as the vowel.
  if (toneless.startsWith('gi') && checkRime('g', toneless.slice(1), tone) === null) return null;
  return best;
}

/** True when `word` is a well-formed Vietnamese syllable. */
export function isVietnameseSyllable(word: string): boolean {
  return syllableProblem(word) === null;
}

/**
 * A key that ignores tone placement and case: "Hòa", "hoà" and "HÒA" share one key. Used to look
 * words up in the list of common syllables.
 */
export function syllableKey(word: string): string {
  let toneless = '';
  let tone: Tone = 'none';
  for (const letter of word.toLowerCase().normalize('NFC')) {
    const split = splitTone(letter);
    if (split.tone !== 'none') tone = split.tone;
    toneless += split.base;
  }
  return `${toneless.normalize('NFC')}/${tone}`;
}
