/**
 * Reading a MicroStation DGN V7 sheet from disk. The parsing itself is pure (shared/dgn); this
 * file owns the file system side: existence, a size cap, and handing the bytes over.
 *
 * The whole file is read at once: V7 sheets are small (a dense cadastral sheet is 1-5 MB), the
 * format has no index to seek with, and the reader's elements point into the bytes for raw text.
 */
import { readFileCapped } from './read-capped.js';
import { readDgn, type DgnFile, type DgnReadOptions } from '../../../shared/dgn/index.js';

/**
 * Largest DGN file read (bytes). V7 design files address at most 2^32 UOR per axis and real
 * sheets stay in the megabytes; 256 MB leaves room for whole-district merges while keeping a
 * mistaken multi-gigabyte pick from exhausting memory.
 */
export const DEFAULT_MAX_DGN_BYTES = 256_000_000;

export interface DgnFileOptions extends Omit<DgnReadOptions, 'fileName'> {
  /** Refuse files larger than this many bytes (UserError 'import.tooLarge'). */
  maxBytes?: number;
}

/**
 * Read a DGN V7 file. Throws UserError naming the file when it is missing, too large, a DGN V8
 * drawing ('dgn.v8'), not a DGN ('dgn.notDgn') or damaged ('import.corrupt', with the element
 * number and byte offset).
 */
export function readDgnFile(path: string, opts: DgnFileOptions = {}): DgnFile {
  const { maxBytes = DEFAULT_MAX_DGN_BYTES, ...readOpts } = opts;
  return readDgn(readFileCapped(path, maxBytes), { ...readOpts, fileName: path });
}
