/**
 * Reading a whole input file into memory with a size cap: the file-system side every in-memory
 * reader (DGN, DXF) shares. A missing file, a folder, or a file over the cap is a UserError naming it,
 * so a mistaken multi-gigabyte pick never exhausts memory.
 */
import { readFileSync, statSync } from 'node:fs';
import { UserError } from '../../../shared/errors.js';

export function readFileCapped(path: string, maxBytes: number): Uint8Array {
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
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

export function formatBytes(n: number): string {
  if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(1)} MB`;
  if (n >= 1_000) return `${(n / 1_000).toFixed(1)} kB`;
  return `${n} B`;
}
