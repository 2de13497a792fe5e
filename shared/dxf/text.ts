/**
 * DXF text values: which encoding they are in, and the plain text behind TEXT control codes
 * (%%d, %%c …) and MTEXT formatting (\P, \f…;, {\H…;}, \U+XXXX …).
 *
 * The header declares the encoding ($DWGCODEPAGE before AutoCAD 2007, UTF-8 from 2007 on), but
 * Vietnamese office drawings are full of TCVN3 (.VnTime fonts) and VNI texts in files that declare
 * ANSI_1252: the bytes are right for the font, the code page is not. So the declaration is a hint
 * and the texts decide (shared/encoding detection), once for the whole file.
 */
import { detectEncoding, encodingFromLabel, type TextEncodingName } from '../encoding/index.js';

/** The encoding a header declares: UTF-8 from AC1021 (AutoCAD 2007) on, else the code page. */
export function declaredEncoding(acadVer: string | null, codepage: string | null): TextEncodingName | null {
  const ver = acadVer && /^AC(\d{4})$/i.exec(acadVer.trim());
  if (ver && Number(ver[1]) >= 1021) return 'utf-8';
  if (!codepage) return null;
  const m = /^ANSI[_ -]?(\d+)$/i.exec(codepage.trim());
  return encodingFromLabel(m ? m[1]! : codepage);
}

export interface TextEncodingChoice {
  encoding: TextEncodingName;
  confidence: number;
}

/**
 * Picks one encoding for all text values of a file: valid UTF-8 wins (2007+ files, or tools
 * that ignore the code page); otherwise the declared single-byte code page when the texts read at
 * least as well in it as in the best Vietnamese legacy encoding; otherwise the detected one.
 */
export function chooseTextEncoding(samples: Uint8Array[], declared: TextEncodingName | null): TextEncodingChoice {
  if (samples.length === 0) return { encoding: declared ?? 'utf-8', confidence: 1 };
  const guess = detectEncoding(samples);
  if (guess.ascii) return { encoding: declared ?? 'utf-8', confidence: 1 };
  if (guess.encoding === 'utf-8') return { encoding: 'utf-8', confidence: guess.confidence };
  if (declared && declared !== 'utf-8' && guess.scores[declared] >= guess.scores[guess.encoding]) {
    return { encoding: declared, confidence: Math.max(guess.confidence, 0.5) };
  }
  return { encoding: guess.encoding, confidence: guess.confidence };
}

/** AutoCAD's %% control codes of TEXT (and MTEXT): ⌀ diameter, ° degree, ± plus/minus. */
export function replacePercentCodes(s: string): string {
  if (!s.includes('%%')) return s;
  return s.replace(/%%(\d{3}|[cCdDpPuUoOkK%])/g, (_m, c: string) => {
    switch (c.toLowerCase()) {
      case 'c':
        return '\u2300';
      case 'd':
        return '\u00b0';
      case 'p':
        return '\u00b1';
      case '%':
        return '%';
      case 'u':
      case 'o':
      case 'k':
        return ''; // underline / overline / strike-through toggles
      default:
        return String.fromCharCode(Number(c));
    }
  });
}

/** Plain text of a TEXT/ATTRIB value. */
export function plainText(s: string): string {
  return replacePercentCodes(s).normalize('NFC');
}

/** MTEXT codes whose argument runs to the next ';'. */
const WITH_ARGUMENT = new Set(['f', 'F', 'H', 'W', 'Q', 'T', 'A', 'C', 'c', 'p']);
/** MTEXT on/off switches without an argument. */
const SWITCHES = new Set(['L', 'l', 'O', 'o', 'K', 'k', 'N', 'X']);

/**
 * Plain text of an MTEXT value: paragraph breaks (\P) become "\n", \~ a no-break space, \U+XXXX
 * the character, stacked fractions (\S1^2;) "1/2", escaped \\ \{ \} the character; font,
 * height, width, colour, tracking, alignment and other formatting codes and {} groups vanish.
 */
export function plainMText(s: string): string {
  let out = '';
  const n = s.length;
  let i = 0;
  while (i < n) {
    const ch = s[i]!;
    if (ch === '{' || ch === '}') {
      i++;
      continue;
    }
    if (ch !== '\\' || i + 1 >= n) {
      out += ch;
      i++;
      continue;
    }
    const c = s[i + 1]!;
    i += 2;
    if (c === 'P' || c === 'n') out += '\n';
    else if (c === '~') out += '\u00a0';
    else if (c === '\\' || c === '{' || c === '}') out += c;
    else if (c === 'U' && s[i] === '+' && /^[0-9a-fA-F]{4}/.test(s.slice(i + 1, i + 5))) {
      out += String.fromCharCode(parseInt(s.slice(i + 1, i + 5), 16));
      i += 5;
    } else if (c === 'M' && s[i] === '+' && /^[0-9a-fA-F]{5}/.test(s.slice(i + 1, i + 6))) {
      i += 6; // double-byte code of an Asian code page: not representable here
    } else if (c === 'S') {
      const end = s.indexOf(';', i);
      const body = end < 0 ? s.slice(i) : s.slice(i, end);
      out += body.replace(/\\(.)/g, '$1').replace(/[\^#]/g, '/');
      i = end < 0 ? n : end + 1;
    } else if (WITH_ARGUMENT.has(c)) {
      const end = s.indexOf(';', i);
      i = end < 0 ? n : end + 1;
    } else if (!SWITCHES.has(c)) {
      out += c;
    }
  }
  return replacePercentCodes(out).normalize('NFC');
}
