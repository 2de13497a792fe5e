/**
 * ASCII DXF reader (R12 to 2018): HEADER variables, the LAYER table, BLOCKS and ENTITIES, with
 * block inserts expanded and arcs stroked as GDAL does. See docs/dxf.md.
 *
 * Every loop advances by at least one pair and stops at the end of its section, counts read from
 * the file are never used to size anything, and block expansion is capped, so a damaged file ends
 * in a UserError ('import.corrupt' with the line number), never a hang or a crash.
 */
import { decodeText, type TextEncodingName } from '../encoding/index.js';
import { blockKey, DEFAULT_MAX_BLOCK_DEPTH, DEFAULT_MAX_PLACED, expandInsert, type Expansion } from './blocks.js';
import { parseEntity, type ValueReader } from './entities.js';
import { corrupt, splitGroups, type DxfGroups } from './groups.js';
import { chooseTextEncoding, declaredEncoding } from './text.js';
import type { DxfBlock, DxfEntity, DxfFile, DxfHeader, DxfPoint, DxfReadOptions } from './types.js';

/** Text-bearing group codes whose bytes decide the encoding: texts (1, 3), names (2), layers (8). */
const SAMPLE_CODES = new Set([1, 2, 3, 8]);
/** Enough texts to decide; more only costs time. */
const MAX_SAMPLES = 50_000;

interface Section {
  name: string;
  /** First pair after "2 / name", and the index of the "0 / ENDSEC" pair. */
  start: number;
  end: number;
}

/** Read an ASCII DXF drawing from its bytes. */
export function readDxf(bytes: Uint8Array, opts: DxfReadOptions = {}): DxfFile {
  const file = opts.fileName ?? 'DXF';
  const g = splitGroups(bytes, file);
  const sections = findSections(g, file);
  const header = readHeader(g, sections.get('HEADER'));

  const declared = declaredEncoding(header.acadVer, header.codepage);
  let encoding: TextEncodingName;
  let confidence = 1;
  if (opts.textEncoding) encoding = opts.textEncoding;
  else {
    const choice = chooseTextEncoding(textSamples(g), declared);
    encoding = choice.encoding;
    confidence = choice.confidence;
  }
  const names = new Map<string, string>();
  const reader: ValueReader = {
    g,
    text: (i) => (g.hasHighBytes(i) ? decodeText(g.raw(i), encoding) : ascii(g.raw(i))),
    name: (i) => {
      if (!g.hasHighBytes(i)) return g.str(i).trim();
      const raw = g.raw(i);
      const key = ascii(raw);
      let n = names.get(key);
      if (n === undefined) {
        n = decodeText(raw, encoding).trim();
        names.set(key, n);
      }
      return n;
    },
  };

  const layers = readLayers(g, reader, sections.get('TABLES'));
  const blocks = readBlocks(g, reader, sections.get('BLOCKS'));
  const entities: DxfEntity[] = [];
  const ent = sections.get('ENTITIES');
  if (ent) {
    let i = ent.start;
    while (i < ent.end && g.code(i) !== 0) i++;
    while (i < ent.end) {
      const parsed = parseEntity(reader, i, ent.end, entities.length);
      entities.push(parsed.entity);
      i = Math.max(parsed.next, i + 1);
    }
  }

  const expansion: Expansion = {
    blocks,
    file,
    maxDepth: opts.maxBlockDepth ?? DEFAULT_MAX_BLOCK_DEPTH,
    maxPlaced: opts.maxPlacedEntities ?? DEFAULT_MAX_PLACED,
    placed: 0,
    copies: 0,
  };
  const byLayer: Record<string, number> = {};
  const byType: Record<string, number> = {};
  const box = [Infinity, Infinity, -Infinity, -Infinity];
  for (const e of entities) {
    byLayer[e.layer] = (byLayer[e.layer] ?? 0) + 1;
    byType[e.type] = (byType[e.type] ?? 0) + 1;
    if (e.kind === 'insert') {
      e.children = expandInsert(expansion, e);
      for (const c of e.children) extend(box, c);
    } else extend(box, e);
  }
  const out: DxfFile = {
    header,
    layers,
    blocks,
    entities,
    counts: { byLayer, byType, placed: expansion.placed },
    textEncoding: encoding,
    textEncodingConfidence: confidence,
    declaredEncoding: declared,
  };
  if (box[0]! <= box[2]!) out.bounds = box as [number, number, number, number];
  return out;
}

function ascii(b: Uint8Array): string {
  let s = '';
  for (let p = 0; p < b.length; p++) s += String.fromCharCode(b[p]!);
  return s;
}

function extend(box: number[], e: DxfEntity): void {
  const add = (p: DxfPoint): void => {
    if (p[0] < box[0]!) box[0] = p[0];
    if (p[1] < box[1]!) box[1] = p[1];
    if (p[0] > box[2]!) box[2] = p[0];
    if (p[1] > box[3]!) box[3] = p[1];
  };
  if (e.points) for (const p of e.points) add(p);
  else if (e.origin && e.kind !== 'other') add(e.origin);
}

/** Sections by name. A section that never ends means the file was cut short. */
function findSections(g: DxfGroups, file: string): Map<string, Section> {
  const out = new Map<string, Section>();
  let i = 0;
  while (i < g.length) {
    if (g.code(i) !== 0) {
      i++;
      continue;
    }
    const kw = g.str(i);
    if (kw === 'EOF') break;
    if (kw !== 'SECTION') {
      throw corrupt(file, `line ${g.line(i)}: "${kw.slice(0, 40)}" outside a section`);
    }
    const nameAt = i + 1;
    if (nameAt >= g.length || g.code(nameAt) !== 2) throw corrupt(file, `line ${g.line(i)}: section without a name`);
    const name = g.str(nameAt).toUpperCase();
    let j = nameAt + 1;
    while (j < g.length && !(g.code(j) === 0 && g.str(j) === 'ENDSEC')) j++;
    if (j >= g.length) throw corrupt(file, `section ${name} (line ${g.line(i)}) has no ENDSEC: the file is cut short`);
    if (!out.has(name)) out.set(name, { name, start: nameAt + 1, end: j });
    i = j + 1;
  }
  return out;
}

function readHeader(g: DxfGroups, s: Section | undefined): DxfHeader {
  const h: DxfHeader = { acadVer: null, codepage: null, insUnits: null, extMin: null, extMax: null };
  if (!s) return h;
  let i = s.start;
  while (i < s.end) {
    if (g.code(i) !== 9) {
      i++;
      continue;
    }
    const name = g.str(i).toUpperCase();
    let j = i + 1;
    while (j < s.end && g.code(j) !== 9 && g.code(j) !== 0) j++;
    const firstOf = (code: number): number => {
      for (let q = i + 1; q < j; q++) if (g.code(q) === code) return q;
      return -1;
    };
    const point = (): DxfPoint | null => {
      const x = firstOf(10);
      const y = firstOf(20);
      if (x < 0 || y < 0) return null;
      const z = firstOf(30);
      return z < 0 ? [g.num(x), g.num(y)] : [g.num(x), g.num(y), g.num(z)];
    };
    const v = firstOf(name === '$INSUNITS' ? 70 : name === '$DWGCODEPAGE' ? 3 : 1);
    switch (name) {
      case '$ACADVER':
        if (v >= 0) h.acadVer = g.str(v).trim();
        break;
      case '$DWGCODEPAGE':
        if (v >= 0) h.codepage = g.str(v).trim();
        break;
      case '$INSUNITS':
        if (v >= 0) h.insUnits = g.int(v);
        break;
      case '$EXTMIN':
        h.extMin = point();
        break;
      case '$EXTMAX':
        h.extMax = point();
        break;
    }
    i = j;
  }
  return h;
}

/** Raw bytes of the values that need the text encoding (those with a byte ≥ 0x80). */
function textSamples(g: DxfGroups): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < g.length && out.length < MAX_SAMPLES; i++) {
    if (SAMPLE_CODES.has(g.code(i)) && g.hasHighBytes(i)) out.push(g.raw(i));
  }
  return out;
}

function readLayers(g: DxfGroups, v: ValueReader, s: Section | undefined): string[] {
  const out: string[] = [];
  if (!s) return out;
  let inLayerTable = false;
  for (let i = s.start; i < s.end; i++) {
    if (g.code(i) !== 0) continue;
    const kw = g.str(i).toUpperCase();
    if (kw === 'TABLE') inLayerTable = i + 1 < s.end && g.code(i + 1) === 2 && g.str(i + 1).toUpperCase() === 'LAYER';
    else if (kw === 'ENDTAB') inLayerTable = false;
    else if (kw === 'LAYER' && inLayerTable) {
      for (let j = i + 1; j < s.end && g.code(j) !== 0; j++) {
        if (g.code(j) === 2) {
          out.push(v.name(j));
          break;
        }
      }
    }
  }
  return out;
}

function readBlocks(g: DxfGroups, v: ValueReader, s: Section | undefined): Map<string, DxfBlock> {
  const out = new Map<string, DxfBlock>();
  if (!s) return out;
  let i = s.start;
  while (i < s.end) {
    if (g.code(i) !== 0 || g.str(i).toUpperCase() !== 'BLOCK') {
      i++;
      continue;
    }
    let j = i + 1;
    let name = '';
    let flags = 0;
    const base = [0, 0, 0];
    for (; j < s.end && g.code(j) !== 0; j++) {
      const k = g.code(j);
      if (k === 2) name = v.name(j);
      else if (k === 3 && !name) name = v.name(j);
      else if (k === 70) flags = g.int(j);
      else if (k === 10 || k === 20 || k === 30) base[(k - 10) / 10] = g.num(j);
    }
    const entities: DxfEntity[] = [];
    while (j < s.end) {
      const kw = g.str(j).toUpperCase();
      if (kw === 'ENDBLK' || kw === 'BLOCK') break;
      const parsed = parseEntity(v, j, s.end, entities.length);
      entities.push(parsed.entity);
      j = Math.max(parsed.next, j + 1);
    }
    if (j < s.end && g.str(j).toUpperCase() === 'ENDBLK') j++;
    const key = blockKey(name);
    if (name && !out.has(key)) {
      out.set(key, { name, base: base[2] === 0 ? [base[0]!, base[1]!] : [base[0]!, base[1]!, base[2]!], flags, entities });
    }
    i = j;
  }
  return out;
}
