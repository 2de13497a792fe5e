/**
 * The text encodings ParcelDesk reads and writes, behind one pair of functions.
 *
 * Legacy Vietnamese office data (DBF tables, DGN/DXF texts, old spreadsheets) is rarely Unicode; see
 * docs/encodings.md for what each encoding is and how detection picks one.
 */
import { decodeTcvn3, encodeTcvn3 } from './tcvn3.js';
import { decodeVni, encodeVni } from './vni.js';
import { decodeCp1252, decodeCp1258, encodeCp1252, encodeCp1258 } from './windows-125x.js';
import { decodeUtf8, encodeUtf8 } from './utf8.js';

/**
 * - `utf-8`: Unicode.
 * - `tcvn3`: TCVN 5712:1993 ("ABC", .Vn fonts), read as the VN1 superset glibc calls TCVN5712-1.
 * - `vni`: VNI-Windows (VNI- fonts): base letter + mark bytes.
 * - `windows-1258`: Microsoft's Vietnamese code page: precomposed vowels + combining tones.
 * - `latin1`: Windows-1252, as the WHATWG Encoding Standard defines the label "latin1".
 */
export type TextEncodingName = 'utf-8' | 'tcvn3' | 'vni' | 'windows-1258' | 'latin1';

/** All supported encodings, in the order detection prefers them when evidence is equal. */
export const TEXT_ENCODINGS: readonly TextEncodingName[] = [
  'utf-8',
  'tcvn3',
  'vni',
  'windows-1258',
  'latin1',
];

/** Decodes bytes to a Unicode string in NFC (the form every other module compares and stores). */
export function decodeText(bytes: Uint8Array, enc: TextEncodingName): string {
  let text: string;
  switch (enc) {
    case 'utf-8':
      text = decodeUtf8(bytes);
      break;
    case 'tcvn3':
      text = decodeTcvn3(bytes);
      break;
    case 'vni':
      text = decodeVni(bytes);
      break;
    case 'windows-1258':
      text = decodeCp1258(bytes);
      break;
    case 'latin1':
      text = decodeCp1252(bytes);
      break;
  }
  return text.normalize('NFC');
}

/**
 * Encodes text. Characters the encoding cannot represent become '?' (0x3F), as Windows converters
 * do; check with `decodeText(encodeText(t, enc), enc) === t.normalize('NFC')` when that matters.
 */
export function encodeText(text: string, enc: TextEncodingName): Uint8Array {
  switch (enc) {
    case 'utf-8':
      return encodeUtf8(text.normalize('NFC'));
    case 'tcvn3':
      return encodeTcvn3(text);
    case 'vni':
      return encodeVni(text);
    case 'windows-1258':
      return encodeCp1258(text);
    case 'latin1':
      return encodeCp1252(text);
  }
}

/**
 * Maps an encoding label as found in .cpg files, GDAL options or user input ("UTF-8", "65001",
 * "CP1258", "ANSI 1258", "TCVN5712-1", "VNI", "ISO-8859-1", "1252" …) to a supported encoding;
 * null for labels of encodings ParcelDesk does not read (e.g. "936").
 */
export function encodingFromLabel(label: string): TextEncodingName | null {
  const l = label.trim().toLowerCase().replace(/[\s_]+/g, '-');
  if (l === '') return null;
  if (/^(utf-?8|65001|unicode|utf8-bom)$/.test(l)) return 'utf-8';
  if (/^(tcvn-?3|tcvn-?5712(:1993)?(-1)?|tcvn|abc|vn3|vn1)$/.test(l)) return 'tcvn3';
  if (/^(vni|vni-windows|vni-win)$/.test(l)) return 'vni';
  if (/^((windows|cp|ansi|win)-?1258|1258)$/.test(l)) return 'windows-1258';
  if (/^(latin-?1|iso-?8859-?1|l1|(windows|cp|ansi|win)-?1252|1252|us-ascii|ascii|ansi)$/.test(l)) {
    return 'latin1';
  }
  return null;
}
