/**
 * Vietnamese legacy text encodings: decode, encode and detect. See docs/encodings.md.
 */
export {
  type TextEncodingName,
  TEXT_ENCODINGS,
  decodeText,
  encodeText,
  encodingFromLabel,
} from './text-encoding.js';
export { detectEncoding, type EncodingGuess } from './detect.js';
export { isVietnameseSyllable, syllableProblem, type SyllableProblem } from './syllable.js';
