/**
 * Vietnamese letters as (base letter, tone) pairs.
 *
 * Every legacy Vietnamese encoding is a different way of writing the same 12 vowel bases × 6 tones
 * (plus đ). Building the byte tables from this grid, instead of listing 134 letters by hand per
 * encoding, keeps the tables short enough to check against the published charts line by line.
 */

/** The five tone marks (dấu thanh); 'none' is thanh ngang. */
export type Tone = 'none' | 'grave' | 'hook' | 'tilde' | 'acute' | 'dot';

/** Tones in the order the TCVN 5712 and VNI charts list them: huyền, hỏi, ngã, sắc, nặng. */
export const MARKED_TONES = ['grave', 'hook', 'tilde', 'acute', 'dot'] as const;

/** Unicode combining character of each tone mark. */
export const TONE_MARK: Record<Exclude<Tone, 'none'>, string> = {
  grave: '\u0300',
  acute: '\u0301',
  tilde: '\u0303',
  hook: '\u0309',
  dot: '\u0323',
};

const MARK_TONE: Record<string, Exclude<Tone, 'none'>> = {
  '\u0300': 'grave',
  '\u0301': 'acute',
  '\u0303': 'tilde',
  '\u0309': 'hook',
  '\u0323': 'dot',
  // Legacy Vietnamese fonts and some converters emit the "tone mark" variants.
  '\u0340': 'grave',
  '\u0341': 'acute',
};

/** The twelve lowercase vowel bases, without tone. */
export const VOWEL_BASES = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y'] as const;
export type VowelBase = (typeof VOWEL_BASES)[number];

/** The letter `base` carrying `tone`, precomposed (NFC). Works for upper- and lowercase bases. */
export function withTone(base: string, tone: Tone): string {
  return tone === 'none' ? base : (base + TONE_MARK[tone]).normalize('NFC');
}

/**
 * Splits one letter into its toneless base (NFC) and its tone. A letter carrying two tone marks
 * (impossible in Vietnamese) reports `tones > 1` so callers can reject it.
 */
export function splitTone(letter: string): { base: string; tone: Tone; tones: number } {
  let base = '';
  let tone: Tone = 'none';
  let tones = 0;
  for (const ch of letter.normalize('NFD')) {
    const t = MARK_TONE[ch];
    if (t) {
      tone = t;
      tones += 1;
    } else {
      base += ch;
    }
  }
  return { base: base.normalize('NFC'), tone, tones };
}

/** True for a Unicode combining tone mark. */
export function isToneMark(ch: string): boolean {
  return ch in MARK_TONE;
}

/** Every Vietnamese letter (lower- and uppercase, all tones, plus đ/Đ), precomposed. */
export function allVietnameseLetters(): string[] {
  const out: string[] = [];
  for (const base of VOWEL_BASES) {
    for (const tone of ['none', ...MARKED_TONES] as Tone[]) {
      out.push(withTone(base, tone), withTone(base.toUpperCase(), tone));
    }
  }
  out.push('đ', 'Đ');
  return out;
}
