/**
 * MicroStation DGN V7 reader: bytes in, elements in master units out.
 *
 * The file is a sequence of variable-length element records (see element.ts) ending at the
 * end of the bytes or at an FF FF word. Complex elements are a header followed by their
 * components: complex chains and shapes announce how many components follow; cells and text
 * nodes announce how many words their components take. Everything is bounds-checked, loops
 * advance by at least one record, and nesting is capped, so a damaged file ends in a UserError
 * ('import.corrupt' with the element number and byte offset), never a hang or a crash.
 */
import { UserError } from '../errors.js';
import { u16 } from './binary.js';
import { ElementError, T, componentCount, groupEnd, parseElement, type Frame } from './element.js';
import { ringsFromEdges } from './complex-shape.js';
import { TCB_MIN_BYTES, parseTcb } from './tcb.js';
import type { TextEncodingName } from '../encoding/index.js';
import { decodeText8, detectTextEncoding, scanTextSamples } from './text.js';
import type { DgnCounts, DgnElement, DgnFile, DgnPoint, DgnReadOptions, DgnUnits } from './types.js';

/** Deeper nesting than this (cells in cells in …) is taken as damage, not design. */
const MAX_DEPTH = 32;

/** What the file header says, available before any element is read. */
export interface DgnHeader {
  dimension: 2 | 3;
  units: DgnUnits;
}

/** Check the first bytes: V7 2D/3D design file, or refuse with the reason the user can act on. */
export function checkDgnSignature(b: Uint8Array, fileName = 'DGN'): void {
  if (b.length >= 4 && b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0) {
    throw new UserError('dgn.v8', { file: fileName });
  }
  if (b.length < 4 || (b[0] !== 0x08 && b[0] !== 0xc8) || b[1] !== 0x09 || b[2] !== 0xfe || b[3] !== 0x02) {
    throw new UserError('dgn.notDgn', { file: fileName });
  }
}

/** True when the bytes start like a V7 design file (2D or 3D). */
export function isDgnV7(b: Uint8Array): boolean {
  return b.length >= 4 && (b[0] === 0x08 || b[0] === 0xc8) && b[1] === 0x09 && b[2] === 0xfe && b[3] === 0x02;
}

class Reader {
  pos = 0;
  index = 0;
  records = 0;
  deletedRecords = 0;
  readonly end: number;
  readonly frame: Frame;

  constructor(
    readonly b: Uint8Array,
    readonly fileName: string,
    readonly opts: DgnReadOptions,
  ) {
    checkDgnSignature(b, fileName);
    // The signature is the TCB's own header: level 8, type 9, 766 words to follow.
    const tcbSize = 4 + 2 * u16(b, 2);
    if (tcbSize < TCB_MIN_BYTES || tcbSize > b.length) {
      this.fail(0, 0, `file header (TCB) of ${tcbSize} bytes in a file of ${b.length}`);
    }
    const tcb = parseTcb(b, 0);
    this.frame = { dimension: tcb.dimension, units: tcb.units };
    this.end = b.length;
  }

  fail(index: number, offset: number, reason: string): never {
    throw new UserError('import.corrupt', {
      file: this.fileName,
      detail: `element ${index}, byte ${offset}: ${reason}`,
    });
  }

  /** Size of the record at the cursor, 0 at the end of the file. */
  peekSize(): number {
    const { b, pos } = this;
    if (pos >= this.end) return 0;
    // FF FF marks the end of the design; whatever follows (block padding) is not read.
    if (pos + 2 <= this.end && b[pos] === 0xff && b[pos + 1] === 0xff) return 0;
    if (pos + 4 > this.end) this.fail(this.index, pos, 'file ends inside an element header');
    const size = 4 + 2 * u16(b, pos + 2);
    if (pos + size > this.end) {
      this.fail(this.index, pos, `element of ${size} bytes runs past the end of the file (${this.end} bytes)`);
    }
    return size;
  }

  /** Decode the record at the cursor (no components) and advance past it. */
  take(size: number): DgnElement {
    const off = this.pos;
    const index = this.index;
    let el: DgnElement;
    try {
      el = parseElement(this.b, off, size, index, this.frame);
    } catch (e) {
      if (e instanceof ElementError) this.fail(index, off, e.message);
      throw e;
    }
    this.pos += size;
    this.index++;
    this.records++;
    if (el.deleted) this.deletedRecords++;
    return el;
  }

  /**
   * Read the element at the cursor together with its components. `limit` is the end of the
   * enclosing cell or text node (components never reach beyond it).
   * Returns undefined at the end of the file.
   */
  readElement(depth: number, limit: number, groupCells: boolean): DgnElement | undefined {
    const size = this.peekSize();
    if (size === 0) return undefined;
    const el = this.take(size);
    if (depth > MAX_DEPTH) this.fail(el.index, el.offset, `complex elements nested deeper than ${MAX_DEPTH}`);
    // A deleted header at top level leaves its components as ordinary elements, as GDAL does.
    if (el.deleted && depth === 0 && !this.opts.includeDeleted) return el;
    switch (el.type) {
      case T.COMPLEX_CHAIN:
      case T.COMPLEX_SHAPE:
      case T.SURFACE_3D:
      case T.SOLID_3D:
        this.readComponents(el, depth);
        break;
      case T.CELL:
      case T.TEXT_NODE:
        if (groupCells) this.readGroup(el, depth, limit);
        break;
      default:
        break;
    }
    return el;
  }

  /** Components of a complex chain/shape: the next N records, whatever they are (as GDAL). */
  private readComponents(el: DgnElement, depth: number): void {
    const n = componentCount(this.b, el.offset);
    const children: DgnElement[] = [];
    for (let i = 0; i < n; i++) {
      // Cells inside a chain are not grouped: GDAL counts every record as one component.
      const child = this.readElement(depth + 1, this.end, false);
      if (!child) break;
      children.push(child);
    }
    el.children = children;
    const edges: DgnPoint[][] = [];
    // Only single lines join (GDAL keeps LineString components): shapes and nested complex
    // elements are components but add no edges.
    for (const c of children) {
      if (c.points && c.type !== T.SHAPE && c.type !== T.COMPLEX_SHAPE) edges.push(c.points);
    }
    if (el.type === T.COMPLEX_SHAPE) {
      el.rings = ringsFromEdges(edges);
      if (el.rings.length > 0) el.points = el.rings[0];
    } else {
      el.parts = edges;
    }
  }

  /** Components of a cell or text node: the records inside its total length. */
  private readGroup(el: DgnElement, depth: number, limit: number): void {
    const groupLimit = Math.min(groupEnd(this.b, el.offset), limit, this.end);
    const children: DgnElement[] = [];
    while (this.pos < groupLimit) {
      const child = this.readElement(depth + 1, groupLimit, true);
      if (!child) break;
      if (child.deleted && !this.opts.includeDeleted) continue;
      children.push(child);
    }
    el.children = children;
  }
}

function isReturned(el: DgnElement, opts: DgnReadOptions): boolean {
  if (el.deleted && !opts.includeDeleted) return false;
  return el.kind !== 'other' || el.points !== undefined || el.parts !== undefined || !!opts.includeNonGraphic;
}

/**
 * Read the file header only (units, origin, 2D/3D). Throws UserError for V8, non-DGN and
 * damaged headers.
 */
export function readDgnHeader(bytes: Uint8Array, fileName = 'DGN'): DgnHeader {
  const r = new Reader(bytes, fileName, {});
  return { dimension: r.frame.dimension, units: r.frame.units };
}

/**
 * Visit the top-level elements one by one (components in `children`) without building the whole
 * list. 8-bit text is decoded with `opts.textEncoding`, or with the encoding detected from all
 * texts of the file (a quick pre-scan of the text records). Returns the header, the record
 * counts and the encoding used.
 */
export function forEachDgnElement(
  bytes: Uint8Array,
  visit: (el: DgnElement) => void,
  opts: DgnReadOptions = {},
): DgnHeader & { records: number; deleted: number; textEncoding: TextEncodingName } {
  const r = new Reader(bytes, opts.fileName ?? 'DGN', opts);
  const textEncoding =
    opts.textEncoding ?? detectTextEncoding(scanTextSamples(bytes, r.frame.dimension === 3)).encoding;
  for (;;) {
    const el = r.readElement(0, r.end, true);
    if (!el) break;
    if (!isReturned(el, opts)) continue;
    decodeTexts(el, textEncoding);
    visit(el);
  }
  return {
    dimension: r.frame.dimension,
    units: r.frame.units,
    records: r.records,
    deleted: r.deletedRecords,
    textEncoding,
  };
}

/**
 * Read a whole V7 design file. Coordinates are in master units with the global origin applied,
 * equal to what GDAL's `ogrinfo` reports. 8-bit text is decoded with one encoding for the whole
 * file, detected from all its texts unless `opts.textEncoding` is given.
 */
export function readDgn(bytes: Uint8Array, opts: DgnReadOptions = {}): DgnFile {
  const r = new Reader(bytes, opts.fileName ?? 'DGN', opts);
  const elements: DgnElement[] = [];
  const counts: DgnCounts = { byLevel: {}, byType: {}, records: 0, deleted: 0 };
  for (;;) {
    const el = r.readElement(0, r.end, true);
    if (!el) break;
    if (!isReturned(el, opts)) continue;
    elements.push(el);
    counts.byLevel[el.level] = (counts.byLevel[el.level] ?? 0) + 1;
    counts.byType[el.type] = (counts.byType[el.type] ?? 0) + 1;
  }
  counts.records = r.records;
  counts.deleted = r.deletedRecords;

  const samples: Uint8Array[] = [];
  const collect = (els: DgnElement[]): void => {
    for (const el of els) {
      if (el.textBytes) samples.push(el.textBytes);
      if (el.children) collect(el.children);
    }
  };
  collect(elements);
  const choice: { encoding: TextEncodingName; confidence: number } = opts.textEncoding
    ? { encoding: opts.textEncoding, confidence: 1 }
    : detectTextEncoding(samples);
  for (const el of elements) decodeTexts(el, choice.encoding);

  const file: DgnFile = {
    dimension: r.frame.dimension,
    units: r.frame.units,
    elements,
    counts,
    textEncoding: choice.encoding,
    textEncodingConfidence: choice.confidence,
  };
  const bounds = boundsOf(elements);
  if (bounds) file.bounds = bounds;
  return file;
}

function decodeTexts(el: DgnElement, encoding: TextEncodingName): void {
  if (el.textBytes) {
    el.text = decodeText8(el.textBytes, encoding);
    el.textEncoding = encoding;
  }
  if (el.children) for (const c of el.children) decodeTexts(c, encoding);
}

function boundsOf(elements: DgnElement[]): [number, number, number, number] | undefined {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const add = (p: DgnPoint): void => {
    if (p[0] < minX) minX = p[0];
    if (p[0] > maxX) maxX = p[0];
    if (p[1] < minY) minY = p[1];
    if (p[1] > maxY) maxY = p[1];
  };
  const visit = (el: DgnElement): void => {
    if (el.points) for (const p of el.points) add(p);
    else if (el.kind === 'text' && el.origin) add(el.origin);
    if (el.parts) for (const part of el.parts) for (const p of part) add(p);
    if (el.rings) for (const ring of el.rings) for (const p of ring) add(p);
    if (el.children && el.kind !== 'complex-chain' && el.kind !== 'complex-shape') el.children.forEach(visit);
  };
  elements.forEach(visit);
  return minX <= maxX ? [minX, minY, maxX, maxY] : undefined;
}
