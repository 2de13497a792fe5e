/**
 * Reading an ASCII DXF drawing from disk. The parsing itself is pure (shared/dxf); this file owns
 * the file system side: existence, a size cap, and handing the bytes over undecoded — the text
 * encoding is decided from the header and the texts themselves (docs/dxf.md).
 */
import { readFileSync, statSync } from 'node:fs';
import { UserError } from '../../../shared/errors.js';
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
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new UserError('import.fileNotFound', { file: path });
    size = st.size;
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError('import.fileNotFound', { file: path });
  }
  if (size > maxBytes) {
    throw new UserError('import.tooLarge', { file: path, size: `${formatBytes(size)} > ${formatBytes(maxBytes)}` });
  }
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (err) {
    throw new UserError('import.corrupt', { file: path, detail: err instanceof Error ? err.message : String(err) });
  }
  const bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  return readDxf(bytes, { ...readOpts, fileName: path });
}

function formatBytes(n: number): string {
  if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(1)} MB`;
  if (n >= 1_000) return `${(n / 1_000).toFixed(1)} kB`;
  return `${n} B`;
}
