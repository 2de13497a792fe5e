/**
 * Decides how a .dbf's text is decoded.
 *
 * The declared code page (.cpg file, else the DBF language driver byte) is only a claim: in
 * Vietnamese office data it is usually missing, or says "ANSI"/1252 over TCVN3 or VNI text.
 * Content detection (shared/encoding/detect.ts) over a sample of the text fields therefore wins
 * when nothing is declared or when the content clearly contradicts the claim; a user's explicit
 * choice wins over both.
 */
import {
  detectEncoding,
  encodingFromLabel,
  type EncodingGuess,
  type TextEncodingName,
} from '../../../../shared/encoding/index.js';

/** Where the chosen encoding came from. */
export type EncodingSource = 'forced' | 'cpg' | 'ldid' | 'content' | 'default';

export interface EncodingDecision {
  encoding: TextEncodingName;
  source: EncodingSource;
  /** What the .cpg or LDID claimed, as written ("UTF-8", "LDID 0x03") — null when nothing was claimed. */
  declaredLabel: string | null;
  /** The claim mapped to a supported encoding (null when absent or not one ParcelDesk reads). */
  declared: TextEncodingName | null;
  /** Content detection, when it ran. */
  detected: EncodingGuess | null;
}

/**
 * dBASE language driver ids with a definite Windows code page. 0x57 ("ANSI", i.e. the writer's
 * system code page: Windows-1258 on Vietnamese Windows) is deliberately absent: it says nothing.
 */
const LDID: Record<number, TextEncodingName> = {
  0x03: 'latin1', // Windows ANSI 1252
  0x58: 'latin1', // Western European ANSI
  0x59: 'latin1', // Spanish ANSI
};

/** How much better (mean word score, 0–1) the content must read in another encoding to overrule a claim. */
const OVERRULE_MARGIN = 0.25;
const OVERRULE_CONFIDENCE = 0.3;

export function decideEncoding(input: {
  forced?: TextEncodingName;
  cpg: string | null;
  ldid: number;
  samples: () => Uint8Array[];
}): EncodingDecision {
  let declaredLabel: string | null = null;
  let declared: TextEncodingName | null = null;
  let claimSource: EncodingSource = 'default';
  if (input.cpg !== null && input.cpg.trim() !== '') {
    declaredLabel = input.cpg.trim();
    declared = encodingFromLabel(declaredLabel);
    claimSource = 'cpg';
  } else if (input.ldid !== 0) {
    declaredLabel = `LDID 0x${input.ldid.toString(16).padStart(2, '0')}`;
    declared = LDID[input.ldid] ?? null;
    claimSource = 'ldid';
  }
  if (input.forced) {
    return { encoding: input.forced, source: 'forced', declaredLabel, declared, detected: null };
  }
  const detected = detectEncoding(input.samples());
  const base = { declaredLabel, declared, detected };
  if (detected.ascii) {
    return declared
      ? { ...base, encoding: declared, source: claimSource }
      : { ...base, encoding: 'utf-8', source: 'default' };
  }
  if (!declared || declared === detected.encoding) {
    return { ...base, encoding: detected.encoding, source: declared ? claimSource : 'content' };
  }
  const contradicted =
    detected.encoding === 'utf-8' || // well-formed multi-byte UTF-8 does not happen by accident
    (declared === 'utf-8' && detected.scores['utf-8'] === -Infinity) || // claimed UTF-8, bytes are not
    (detected.confidence >= OVERRULE_CONFIDENCE &&
      detected.scores[detected.encoding] - detected.scores[declared] >= OVERRULE_MARGIN);
  return contradicted
    ? { ...base, encoding: detected.encoding, source: 'content' }
    : { ...base, encoding: declared, source: claimSource };
}
