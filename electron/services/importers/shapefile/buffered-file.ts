/**
 * Random-access reads over a file descriptor through one reusable chunk, so a reader can walk a
 * multi-gigabyte .shp or .dbf record by record without holding the file in memory, and sequential
 * record order (the common case) costs one readSync per chunk instead of one per record.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

export class BufferedFile {
  readonly path: string;
  readonly size: number;
  private fd: number | null;
  private chunk: Buffer;
  private chunkStart = 0;
  private chunkLength = 0;

  constructor(path: string, chunkSize = 1 << 20) {
    this.path = path;
    this.fd = openSync(path, 'r');
    this.size = fstatSync(this.fd).size;
    this.chunk = Buffer.alloc(chunkSize);
  }

  /**
   * `length` bytes at `offset`, or null when the range runs past the end of the file. The returned
   * buffer may be a view into the shared chunk: use it before the next call.
   */
  read(offset: number, length: number): Buffer | null {
    if (this.fd === null) throw new Error(`${this.path} is closed`);
    if (offset < 0 || length < 0 || offset + length > this.size) return null;
    if (offset >= this.chunkStart && offset + length <= this.chunkStart + this.chunkLength) {
      return this.chunk.subarray(offset - this.chunkStart, offset - this.chunkStart + length);
    }
    if (length > this.chunk.length) {
      const big = Buffer.alloc(length);
      this.readFully(big, length, offset);
      return big;
    }
    const want = Math.min(this.chunk.length, this.size - offset);
    this.readFully(this.chunk, want, offset);
    this.chunkStart = offset;
    this.chunkLength = want;
    return this.chunk.subarray(0, length);
  }

  private readFully(target: Buffer, length: number, position: number): void {
    let done = 0;
    while (done < length) {
      const n = readSync(this.fd!, target, done, length - done, position + done);
      if (n === 0) throw new Error(`${this.path}: unexpected end of file`);
      done += n;
    }
  }

  close(): void {
    if (this.fd !== null) {
      closeSync(this.fd);
      this.fd = null;
    }
  }
}
