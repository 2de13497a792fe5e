/** MicroStation DGN V7 reader (pure TypeScript; see docs/dgn.md). */
export { readDgn, readDgnHeader, forEachDgnElement, checkDgnSignature, isDgnV7 } from './reader.js';
export type { DgnHeader } from './reader.js';
export type {
  DgnCounts,
  DgnElement,
  DgnFile,
  DgnKind,
  DgnPoint,
  DgnReadOptions,
  DgnUnits,
} from './types.js';
