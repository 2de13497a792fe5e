/**
 * The group-code/value pairs of an ASCII DXF file.
 *
 * A DXF file is a sequence of two-line pairs: an integer group code, then its value. The pairs are
 * kept as byte ranges into the file so that text values can be decoded only once the file's text
 * encoding is known (it is declared in the header, or detected from all texts together), and so
 * that an error can name the line: pair i has its code on line 2i+1 and its value on line 2i+2.
 */
import { UserError } from '../errors.js';

/** First bytes of a binary DXF ("AutoCAD Binary DXF\r\n\x1a\0"). */
const BINARY_SENTINEL = 'AutoCAD Binary DXF';

export class DxfGroups {
  /** Number of pairs. */
  readonly length: number;

  constructor(
    readonly bytes: Uint8Array,
    readonly file: string,
    private readonly codes: Int32Array,
    /** Start and end (exclusive, line break and trailing spaces removed) of each value. */
    private readonly starts: Uint32Array,
    private readonly ends: Uint32Array,
    length: number,
  ) {
    this.length = length;
  }

  code(i: number): number {
    return this.codes[i]!;
  }

  /** 1-based line number of pair i's group code. */
  line(i: number): number {
    return 2 * i + 1;
  }

  /** The raw bytes of value i (a view into the file). */
  raw(i: number): Uint8Array {
    return this.bytes.subarray(this.starts[i]!, this.ends[i]!);
  }

  /** Value i as ASCII with surrounding spaces removed (names, keywords, numbers). */
  str(i: number): string {
    let s = this.starts[i]!;
    let e = this.ends[i]!;
    const b = this.bytes;
    while (s < e && (b[s] === 0x20 || b[s] === 0x09)) s++;
    let out = '';
    // Names longer than this are damage, not names; the cap keeps a garbage line from becoming a huge string.
    const stop = Math.min(e, s + 4096);
    for (let p = s; p < stop; p++) out += String.fromCharCode(b[p]!);
    return out;
  }

  /** True when value i has a byte ≥ 0x80 (needs the text encoding to read). */
  hasHighBytes(i: number): boolean {
    const b = this.bytes;
    for (let p = this.starts[i]!, e = this.ends[i]!; p < e; p++) if (b[p]! >= 0x80) return true;
    return false;
  }

  /** Value i as a finite number; a UserError naming the line otherwise. */
  num(i: number): number {
    const s = this.str(i);
    const v = s.length > 0 && s.length < 64 && NUMBER.test(s) ? Number(s) : NaN;
    if (!Number.isFinite(v)) {
      throw corrupt(this.file, `line ${2 * i + 2}: not a number "${s.slice(0, 40)}" (group code ${this.codes[i]})`);
    }
    return v;
  }

  /** Value i as an integer (flags, counts). */
  int(i: number): number {
    return Math.trunc(this.num(i));
  }
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function corrupt(file: string, detail: string): UserError {
  return new UserError('import.corrupt', { file, detail });
}

/** True when the bytes begin like a binary DXF. */
export function isBinaryDxf(b: Uint8Array): boolean {
  if (b.length < BINARY_SENTINEL.length) return false;
  for (let i = 0; i < BINARY_SENTINEL.length; i++) if (b[i] !== BINARY_SENTINEL.charCodeAt(i)) return false;
  return true;
}

/** True when the bytes begin like an AutoCAD DWG drawing ("AC10xx" / "AC1.2"…), which is not DXF. */
export function isDwg(b: Uint8Array): boolean {
  return b.length >= 6 && b[0] === 0x41 && b[1] === 0x43 && b[2] === 0x31 && b[3]! >= 0x30 && b[3]! <= 0x39 && b[4]! >= 0x30 && b[4]! <= 0x39;
}

/**
 * Splits the file into pairs. Refuses binary DXF and DWG, and anything whose first pair is not
 * `0 / SECTION` (or a comment, group 999) — that is what every DXF writer emits first.
 */
export function splitGroups(bytes: Uint8Array, file: string): DxfGroups {
  if (isBinaryDxf(bytes)) throw new UserError('dxf.binary', { file });
  if (isDwg(bytes)) throw new UserError('dxf.dwg', { file });
  let start = 0;
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  let lines = 0;
  for (let p = start; p < bytes.length; p++) if (bytes[p] === 0x0a) lines++;
  if (bytes.length > start && bytes[bytes.length - 1] !== 0x0a) lines++;
  const pairs = lines >> 1;
  const codes = new Int32Array(pairs);
  const starts = new Uint32Array(pairs);
  const ends = new Uint32Array(pairs);
  let p = start;
  let n = 0;
  const lineEnd = (from: number): number => {
    let q = from;
    while (q < bytes.length && bytes[q] !== 0x0a) q++;
    return q;
  };
  const trimEnd = (s: number, e: number): number => {
    while (e > s && (bytes[e - 1] === 0x0d || bytes[e - 1] === 0x20 || bytes[e - 1] === 0x09)) e--;
    return e;
  };
  while (n < pairs) {
    const codeEnd = lineEnd(p);
    const code = parseCode(bytes, p, trimEnd(p, codeEnd));
    if (code === null) {
      if (n === 0) throw new UserError('dxf.notDxf', { file });
      throw corrupt(file, `line ${2 * n + 1}: not a group code`);
    }
    const vs = codeEnd + 1;
    const ve = lineEnd(vs);
    codes[n] = code;
    starts[n] = Math.min(vs, bytes.length);
    ends[n] = trimEnd(starts[n]!, Math.min(ve, bytes.length));
    n++;
    p = ve + 1;
  }
  const groups = new DxfGroups(bytes, file, codes, starts, ends, n);
  let first = 0;
  while (first < n && groups.code(first) === 999) first++;
  if (first >= n || groups.code(first) !== 0 || groups.str(first) !== 'SECTION') {
    throw new UserError('dxf.notDxf', { file });
  }
  return groups;
}

/** A group code: optional spaces, optional sign, up to 4 digits (0-1071 in the reference). */
function parseCode(b: Uint8Array, s: number, e: number): number | null {
  while (s < e && (b[s] === 0x20 || b[s] === 0x09)) s++;
  let neg = false;
  if (s < e && b[s] === 0x2d) {
    neg = true;
    s++;
  }
  if (s >= e || e - s > 5) return null;
  let v = 0;
  for (let p = s; p < e; p++) {
    const c = b[p]! - 0x30;
    if (c < 0 || c > 9) return null;
    v = v * 10 + c;
  }
  return neg ? -v : v;
}
