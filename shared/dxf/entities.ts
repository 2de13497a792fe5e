/**
 * One DXF entity from its group pairs: LINE, LWPOLYLINE, POLYLINE (+ VERTEX … SEQEND), ARC, CIRCLE,
 * TEXT, MTEXT, POINT, INSERT (+ ATTRIB … SEQEND). Planar entities are stroked in their object
 * coordinate system and then turned into world coordinates. Any other entity is returned as
 * kind 'other' so the numbering stays that of the file.
 */
import type { DxfGroups } from './groups.js';
import { strokeArcEntity, strokeBulge, strokeCircle } from './stroke.js';
import { plainMText, plainText } from './text.js';
import { apply, applyAll, evenDims, mapAngle, ocsMatrix, type Affine } from './transform.js';
import type { DxfEntity, DxfPoint } from './types.js';

/** How entity parsing reads values whose bytes depend on the file's text encoding. */
export interface ValueReader {
  readonly g: DxfGroups;
  /** A text value (group 1, 3), decoded, leading spaces kept. */
  text(i: number): string;
  /** A name (layer, block), decoded and trimmed. */
  name(i: number): string;
}

export interface ParsedEntity {
  entity: DxfEntity;
  /** Index of the pair that starts the next entity (a "0" code), or `end`. */
  next: number;
}

/** Pairs of the entity starting at `i` (its "0" pair): [i + 1, end of its own pairs). */
function ownEnd(g: DxfGroups, i: number, end: number): number {
  let j = i + 1;
  while (j < end && g.code(j) !== 0) j++;
  return j;
}

/** Common properties: layer, handle, extrusion. */
interface Common {
  layer: string;
  handle?: string;
  ocs: Affine | null;
  extrusion: [number, number, number];
}

function common(v: ValueReader, from: number, to: number): Common {
  const g = v.g;
  let layer = '0';
  let handle: string | undefined;
  let nx = 0;
  let ny = 0;
  let nz = 1;
  for (let j = from; j < to; j++) {
    switch (g.code(j)) {
      case 8:
        layer = v.name(j) || '0';
        break;
      case 5:
        handle = g.str(j);
        break;
      case 210:
        nx = g.num(j);
        break;
      case 220:
        ny = g.num(j);
        break;
      case 230:
        nz = g.num(j);
        break;
    }
  }
  return { layer, handle, ocs: ocsMatrix(nx, ny, nz), extrusion: [nx, ny, nz] };
}

function toWcs(c: Common, pts: DxfPoint[]): DxfPoint[] {
  return c.ocs ? applyAll(c.ocs, pts) : evenDims(pts);
}

function pt(x: number, y: number, z: number): DxfPoint {
  return z === 0 ? [x, y] : [x, y, z];
}

/**
 * Parses the entity whose "0" pair is at `i`. `index` is its number in its section; `line` in
 * the result is the line of that "0" pair.
 */
export function parseEntity(v: ValueReader, i: number, end: number, index: number): ParsedEntity {
  const g = v.g;
  const type = g.str(i).toUpperCase();
  const to = ownEnd(g, i, end);
  const c = common(v, i + 1, to);
  const base: DxfEntity = { index, type, kind: 'other', layer: c.layer, line: g.line(i) };
  if (c.handle !== undefined) base.handle = c.handle;
  switch (type) {
    case 'LINE':
      return { entity: line(g, i + 1, to, base), next: to };
    case 'POINT':
      return { entity: point(g, i + 1, to, base), next: to };
    case 'CIRCLE':
    case 'ARC':
      return { entity: arc(g, i + 1, to, base, c), next: to };
    case 'LWPOLYLINE':
      return { entity: lwpolyline(g, i + 1, to, base, c), next: to };
    case 'POLYLINE':
      return polyline(v, i, to, end, base, c);
    case 'TEXT':
    case 'ATTRIB':
      return { entity: text(v, i + 1, to, base, c), next: to };
    case 'MTEXT':
      return { entity: mtext(v, i + 1, to, base), next: to };
    case 'INSERT':
      return insert(v, i, to, end, base, c);
    default:
      return { entity: base, next: to };
  }
}

function line(g: DxfGroups, from: number, to: number, e: DxfEntity): DxfEntity {
  const a = [0, 0, 0];
  const b = [0, 0, 0];
  for (let j = from; j < to; j++) {
    const k = g.code(j);
    if (k === 10 || k === 20 || k === 30) a[(k - 10) / 10] = g.num(j);
    else if (k === 11 || k === 21 || k === 31) b[(k - 11) / 10] = g.num(j);
  }
  e.kind = 'line';
  e.points = evenDims([pt(a[0]!, a[1]!, a[2]!), pt(b[0]!, b[1]!, b[2]!)]);
  return e;
}

function point(g: DxfGroups, from: number, to: number, e: DxfEntity): DxfEntity {
  const a = [0, 0, 0];
  for (let j = from; j < to; j++) {
    const k = g.code(j);
    if (k === 10 || k === 20 || k === 30) a[(k - 10) / 10] = g.num(j);
  }
  e.kind = 'point';
  e.origin = pt(a[0]!, a[1]!, a[2]!);
  return e;
}

function arc(g: DxfGroups, from: number, to: number, e: DxfEntity, c: Common): DxfEntity {
  const ctr = [0, 0, 0];
  let r = 0;
  let start = 0;
  let endA = 360;
  for (let j = from; j < to; j++) {
    const k = g.code(j);
    if (k === 10 || k === 20 || k === 30) ctr[(k - 10) / 10] = g.num(j);
    else if (k === 40) r = g.num(j);
    else if (k === 50) start = g.num(j);
    else if (k === 51) endA = g.num(j);
  }
  const z = ctr[2] === 0 ? undefined : ctr[2];
  const isCircle = e.type === 'CIRCLE';
  const pts = isCircle ? strokeCircle(ctr[0]!, ctr[1]!, z, r) : strokeArcEntity(ctr[0]!, ctr[1]!, z, r, start, endA);
  e.kind = isCircle ? 'circle' : 'arc';
  e.points = toWcs(c, pts);
  e.origin = c.ocs ? apply(c.ocs, ctr) : pt(ctr[0]!, ctr[1]!, ctr[2]!);
  e.radius = r;
  if (isCircle) e.closed = true;
  else {
    e.startAngle = start;
    e.endAngle = endA;
  }
  return e;
}

/** Vertices with bulges → stroked vertex list; closes the figure when asked. */
function strokeVertices(verts: Array<{ p: DxfPoint; bulge: number }>, closed: boolean): DxfPoint[] {
  if (verts.length === 0) return [];
  const list = verts.slice();
  const first = list[0]!;
  const last = list[list.length - 1]!;
  if (closed && list.length >= 2 && (last.p[0] !== first.p[0] || last.p[1] !== first.p[1])) {
    list.push({ p: first.p.slice() as DxfPoint, bulge: 0 });
  }
  const out: DxfPoint[] = [list[0]!.p];
  for (let k = 1; k < list.length; k++) {
    const a = list[k - 1]!;
    const b = list[k]!;
    if (a.bulge === 0) out.push(b.p);
    else out.push(...strokeBulge(a.p, b.p, a.bulge, a.p[2]));
  }
  return out;
}

function lwpolyline(g: DxfGroups, from: number, to: number, e: DxfEntity, c: Common): DxfEntity {
  const verts: Array<{ p: DxfPoint; bulge: number }> = [];
  let flags = 0;
  let elevation = 0;
  let cur: { p: DxfPoint; bulge: number } | null = null;
  for (let j = from; j < to; j++) {
    const k = g.code(j);
    if (k === 10) {
      cur = { p: [g.num(j), 0], bulge: 0 };
      verts.push(cur);
    } else if (k === 20 && cur) cur.p[1] = g.num(j);
    else if (k === 42 && cur) cur.bulge = g.num(j);
    else if (k === 70) flags = g.int(j);
    else if (k === 38) elevation = g.num(j);
  }
  if (elevation !== 0) for (const vx of verts) vx.p = [vx.p[0], vx.p[1], elevation];
  const closed = (flags & 1) === 1;
  e.kind = 'polyline';
  e.closed = closed;
  e.points = toWcs(c, strokeVertices(verts, closed));
  return e;
}

/** POLYLINE and its VERTEX records up to SEQEND (polyface and polygon meshes are kept as 'other'). */
function polyline(v: ValueReader, i: number, to: number, end: number, e: DxfEntity, c: Common): ParsedEntity {
  const g = v.g;
  let flags = 0;
  let elevation = 0;
  for (let j = i + 1; j < to; j++) {
    const k = g.code(j);
    if (k === 70) flags = g.int(j);
    else if (k === 30) elevation = g.num(j);
  }
  const is3d = (flags & 8) !== 0;
  const mesh = (flags & (16 | 64)) !== 0;
  const verts: Array<{ p: DxfPoint; bulge: number }> = [];
  let j = to;
  while (j < end && g.code(j) === 0) {
    const name = g.str(j).toUpperCase();
    if (name !== 'VERTEX' && name !== 'SEQEND') break;
    const vEnd = ownEnd(g, j, end);
    if (name === 'SEQEND') {
      j = vEnd;
      break;
    }
    const p = [0, 0, elevation];
    let bulge = 0;
    let vflags = 0;
    for (let q = j + 1; q < vEnd; q++) {
      const k = g.code(q);
      if (k === 10 || k === 20 || k === 30) p[(k - 10) / 10] = g.num(q);
      else if (k === 42) bulge = g.num(q);
      else if (k === 70) vflags = g.int(q);
    }
    // Spline frame control points (16) and polyface face records (128) are not on the line.
    if ((vflags & (16 | 128)) === 0) verts.push({ p: pt(p[0]!, p[1]!, p[2]!), bulge: is3d ? 0 : bulge });
    j = vEnd;
  }
  if (mesh) return { entity: e, next: j };
  const closed = (flags & 1) === 1;
  e.kind = 'polyline';
  e.closed = closed;
  const pts = strokeVertices(verts, closed);
  e.points = is3d ? evenDims(pts) : toWcs(c, pts);
  return { entity: e, next: j };
}

function text(v: ValueReader, from: number, to: number, e: DxfEntity, c: Common): DxfEntity {
  const g = v.g;
  const a = [0, 0, 0];
  const b: Array<number | undefined> = [undefined, undefined, undefined];
  let h = 0;
  let rot = 0;
  let hj = 0;
  let vj = 0;
  let value = '';
  for (let j = from; j < to; j++) {
    const k = g.code(j);
    if (k === 10 || k === 20 || k === 30) a[(k - 10) / 10] = g.num(j);
    else if (k === 11 || k === 21 || k === 31) b[(k - 11) / 10] = g.num(j);
    else if (k === 40) h = g.num(j);
    else if (k === 50) rot = g.num(j);
    else if (k === 72) hj = g.int(j);
    else if (k === 73 && e.type === 'TEXT') vj = g.int(j);
    else if (k === 74 && e.type === 'ATTRIB') vj = g.int(j);
    else if (k === 1) value = v.text(j);
  }
  const o = pt(a[0]!, a[1]!, a[2]!);
  e.kind = 'text';
  e.origin = c.ocs ? apply(c.ocs, o) : o;
  if ((hj !== 0 || vj !== 0) && b[0] !== undefined && b[1] !== undefined) {
    const q = pt(b[0], b[1], b[2] ?? a[2]!);
    e.alignPoint = c.ocs ? apply(c.ocs, q) : q;
  }
  e.rawText = value;
  e.text = plainText(value);
  e.height = h;
  e.rotation = c.ocs ? mapAngle(c.ocs, rot) : rot;
  return e;
}

function mtext(v: ValueReader, from: number, to: number, e: DxfEntity): DxfEntity {
  const g = v.g;
  const a = [0, 0, 0];
  let h = 0;
  let rot = 0;
  let dirX = 1;
  let value = '';
  for (let j = from; j < to; j++) {
    const k = g.code(j);
    if (k === 10 || k === 20 || k === 30) a[(k - 10) / 10] = g.num(j);
    else if (k === 40) h = g.num(j);
    else if (k === 50) rot = g.num(j);
    else if (k === 11) dirX = g.num(j);
    else if (k === 21) rot = (Math.atan2(g.num(j), dirX) * 180) / Math.PI;
    else if (k === 1 || k === 3) value += v.text(j);
  }
  e.kind = 'mtext';
  e.origin = pt(a[0]!, a[1]!, a[2]!);
  e.rawText = value;
  e.text = plainMText(value);
  e.height = h;
  e.rotation = rot;
  return e;
}

/** INSERT and its ATTRIB records up to SEQEND. Children are placed later (blocks.ts). */
function insert(v: ValueReader, i: number, to: number, end: number, e: DxfEntity, c: Common): ParsedEntity {
  const g = v.g;
  const ins = [0, 0, 0];
  const scale: [number, number, number] = [1, 1, 1];
  let rot = 0;
  let cols = 1;
  let rows = 1;
  let colStep = 0;
  let rowStep = 0;
  let block = '';
  for (let j = i + 1; j < to; j++) {
    const k = g.code(j);
    if (k === 10 || k === 20 || k === 30) ins[(k - 10) / 10] = g.num(j);
    else if (k === 41 || k === 42 || k === 43) scale[k - 41] = g.num(j);
    else if (k === 50) rot = g.num(j);
    else if (k === 70) cols = g.int(j);
    else if (k === 71) rows = g.int(j);
    else if (k === 44) colStep = g.num(j);
    else if (k === 45) rowStep = g.num(j);
    else if (k === 2) block = v.name(j);
  }
  e.kind = 'insert';
  e.block = block;
  e.origin = pt(ins[0]!, ins[1]!, ins[2]!);
  e.scale = scale;
  e.rotation = rot;
  if (cols > 1 || rows > 1) e.array = { columns: Math.max(1, cols), rows: Math.max(1, rows), columnSpacing: colStep, rowSpacing: rowStep };
  if (c.ocs) e.extrusion = c.extrusion;
  const attribs: DxfEntity[] = [];
  let j = to;
  while (j < end && g.code(j) === 0) {
    const name = g.str(j).toUpperCase();
    if (name === 'SEQEND') {
      j = ownEnd(g, j, end);
      break;
    }
    if (name !== 'ATTRIB') break;
    const parsed = parseEntity(v, j, end, e.index);
    attribs.push(parsed.entity);
    j = parsed.next;
  }
  if (attribs.length > 0) e.attribs = attribs;
  return { entity: e, next: j };
}
