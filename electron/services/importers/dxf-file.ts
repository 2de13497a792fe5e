/**
 * Reading an ASCII DXF drawing from disk. The parsing itself is pure (shared/dxf); this file owns
 * the file system side: existence, a size cap, and handing the bytes over undecoded — the text
 * encoding is decided from the header and the texts themselves (docs/dxf.md).
 */
import { readFileCapped } from './read-capped.js';
import { readDxf, type DxfFile, type DxfReadOptions } from '../../../shared/dxf/index.js';

/**
 * Largest DXF file read (bytes). DXF is verbose text (a dense cadastral sheet is 1-20 MB, about
 * ten times its DGN); 512 MB leaves room for district merges while keeping a mistaken
 * multi-gigabyte pick from exhausting memory.
 */
export const DEFAULT_MAX_DXF_BYTES = 512_000_000;

export interface DxfFileOptions extends Omit<DxfReadOptions, 'fileName'> {
  /** Refuse files larger than this many bytes (UserError 'import.tooLarge'). */
  maxBytes?: number;
}

/**
 * Read an ASCII DXF file. Throws UserError naming the file when it is missing, too large, a
 * binary DXF ('dxf.binary'), a DWG ('dxf.dwg'), not a DXF ('dxf.notDxf') or damaged
 * ('import.corrupt', with the line number).
 */
export function readDxfFile(path: string, opts: DxfFileOptions = {}): DxfFile {
  const { maxBytes = DEFAULT_MAX_DXF_BYTES, ...readOpts } = opts;
  return readDxf(readFileCapped(path, maxBytes), { ...readOpts, fileName: path });
}
