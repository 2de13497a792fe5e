/**
 * Reads dBASE III/IV .dbf attribute tables as written beside shapefiles.
 *
 * Layout facts used: 32-byte header (record count at 4, header length at 8, record length at 10,
 * language driver id at 29), 32-byte field descriptors ended by 0x0D, then fixed-width records
 * starting with a deletion flag ('*' = deleted). Text is kept as raw bytes until the code page is
 * decided (see code-page.ts), because the header's code page is so often wrong.
 */
import { UserError } from '../../../../shared/errors.js';
import { decodeText, type TextEncodingName } from '../../../../shared/encoding/index.js';
import type { FieldValue } from '../feature-source.js';
import { BufferedFile } from './buffered-file.js';

export interface DbfField {
  /** Field name as raw bytes (decoded once the encoding is known). */
  rawName: Uint8Array;
  /** dBASE type letter: C, N, F, L, D, M, I … */
  type: string;
  length: number;
  decimals: number;
  /** Byte offset inside a record (after the deletion flag). */
  offset: number;
}

/** Types ParcelDesk turns into values; memo, binary and picture fields (M, B, G, P …) are skipped. */
const READABLE = new Set(['C', 'N', 'F', 'L', 'D', 'I']);

export class DbfReader {
  readonly recordCount: number;
  readonly headerLength: number;
  readonly recordLength: number;
  /** Language driver id (byte 29); 0 when the writer left it empty. */
  readonly ldid: number;
  readonly fields: DbfField[];
  private readonly file: BufferedFile;
  private readonly name: string;

  constructor(dbfPath: string) {
    this.name = dbfPath;
    this.file = new BufferedFile(dbfPath, 1 << 18);
    try {
      const h = this.file.read(0, 32);
      if (!h) this.fail(`the file is ${this.file.size} bytes, shorter than the 32-byte header`);
      this.recordCount = h.readUInt32LE(4);
      this.headerLength = h.readUInt16LE(8);
      this.recordLength = h.readUInt16LE(10);
      this.ldid = h[29]!;
      if (this.headerLength < 33) this.fail(`header length ${this.headerLength} is too small`);
      const descriptors = this.file.read(32, Math.min(this.headerLength, this.file.size) - 32);
      if (!descriptors || this.file.size < this.headerLength) {
        this.fail(`the header says ${this.headerLength} bytes but the file has ${this.file.size}`);
      }
      this.fields = this.parseFields(Buffer.from(descriptors));
      const used = this.fields.reduce((m, f) => Math.max(m, f.offset + f.length), 0);
      if (this.recordLength < 1 + used) {
        this.fail(`record length ${this.recordLength} is shorter than its fields (${1 + used} bytes)`);
      }
      const needed = this.headerLength + this.recordCount * this.recordLength;
      if (this.file.size < needed) {
        const whole = Math.floor((this.file.size - this.headerLength) / this.recordLength);
        this.fail(
          `the header announces ${this.recordCount} records of ${this.recordLength} bytes but the file holds only ${whole} (truncated?)`,
        );
      }
    } catch (err) {
      this.file.close();
      throw err;
    }
  }

  private fail(detail: string): never {
    throw new UserError('import.corrupt', { file: this.name, detail });
  }

  private parseFields(d: Buffer): DbfField[] {
    const fields: DbfField[] = [];
    let offset = 0;
    for (let at = 0; at + 32 <= d.length && d[at] !== 0x0d; at += 32) {
      let end = at;
      while (end < at + 11 && d[end] !== 0) end++;
      const type = String.fromCharCode(d[at + 11]!).toUpperCase();
      const length = d[at + 16]!;
      const decimals = d[at + 17]!;
      fields.push({ rawName: Uint8Array.from(d.subarray(at, end)), type, length, decimals, offset });
      offset += length;
    }
    if (fields.length === 0) this.fail('the table has no fields');
    return fields;
  }

  /** Fields that produce values (C N F L D I), in file order. */
  get readableFields(): DbfField[] {
    return this.fields.filter((f) => READABLE.has(f.type));
  }

  /** Raw bytes of record `i` after the deletion flag, and the flag. Valid until the next read. */
  record(i: number): { deleted: boolean; bytes: Buffer } {
    const r = this.file.read(this.headerLength + i * this.recordLength, this.recordLength);
    if (!r) this.fail(`record ${i + 1} lies past the end of the file`);
    return { deleted: r[0] === 0x2a, bytes: r.subarray(1) };
  }

  /**
   * Raw values of the text (C) fields that contain non-ASCII bytes, for encoding detection: up to
   * `max` samples from evenly spread windows of records, so a file whose first thousand rows are
   * ASCII still gets a say from its later rows without being read entirely.
   */
  textSamples(max = 2000): Uint8Array[] {
    const text = this.fields.filter((f) => f.type === 'C');
    const samples: Uint8Array[] = [];
    if (text.length === 0 || this.recordCount === 0) return samples;
    const windows = this.recordCount <= 5000 ? 1 : 10;
    const perWindow = windows === 1 ? this.recordCount : 500;
    for (let w = 0; w < windows && samples.length < max; w++) {
      const start = windows === 1 ? 0 : Math.floor((w * (this.recordCount - perWindow)) / (windows - 1));
      for (let i = start; i < start + perWindow && samples.length < max; i++) {
        const { bytes } = this.record(i);
        for (const f of text) {
          const raw = trimText(bytes.subarray(f.offset, f.offset + f.length));
          if (raw.some((b) => b >= 0x80)) samples.push(Uint8Array.from(raw));
        }
      }
    }
    return samples;
  }

  /** Decodes one field of a record to a value. */
  value(bytes: Buffer, f: DbfField, encoding: TextEncodingName): FieldValue {
    const raw = bytes.subarray(f.offset, f.offset + f.length);
    switch (f.type) {
      case 'C': {
        const t = trimText(raw);
        return t.length === 0 ? null : decodeText(t, encoding);
      }
      case 'N':
      case 'F':
        return parseNumber(raw.toString('latin1'));
      case 'L': {
        const c = String.fromCharCode(raw[0] ?? 0x3f);
        if ('TtYy'.includes(c)) return true;
        if ('FfNn'.includes(c)) return false;
        return null;
      }
      case 'D': {
        const s = raw.toString('latin1').trim();
        if (s === '' || /^0+$/.test(s)) return null;
        const m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
        return m ? `${m[1]}-${m[2]}-${m[3]}` : s;
      }
      case 'I':
        return raw.length >= 4 ? raw.readInt32LE(0) : null;
      default:
        return null;
    }
  }

  close(): void {
    this.file.close();
  }
}

/** Text field bytes without the trailing blanks/NULs that pad the fixed width. */
export function trimText(raw: Uint8Array): Uint8Array {
  let end = raw.length;
  while (end > 0 && (raw[end - 1] === 0x20 || raw[end - 1] === 0x00)) end--;
  let nul = raw.indexOf(0);
  if (nul < 0 || nul > end) nul = end;
  return raw.subarray(0, nul);
}

/** Numeric field text → number; blank, '*'-filled (overflow) or unparsable → null. */
export function parseNumber(text: string): number | null {
  let s = text.replace(/\0/g, '').trim();
  if (s === '' || /^\*+$/.test(s)) return null;
  // Some Vietnamese-locale writers put a decimal comma.
  if (!s.includes('.') && /^[-+]?\d+,\d+$/.test(s)) s = s.replace(',', '.');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}
