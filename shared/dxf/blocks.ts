/**
 * Expanding block inserts: every entity of the block is copied into drawing coordinates (scale
 * about the block base point, rotate, move to the insertion point, array copies), nested inserts
 * are expanded in turn, and entities on layer "0" take the layer of the insert that places them
 * (AutoCAD's rule, which GDAL follows). Nesting depth and the number of placed entities are
 * capped so that a block that inserts itself, or a damaged array count, ends in a clear error.
 */
import { corrupt } from './groups.js';
import { apply, applyAll, compose, insertMatrix, mapAngle, mapHeight, mapLength, ocsMatrix, type Affine } from './transform.js';
import type { DxfBlock, DxfEntity } from './types.js';

export const DEFAULT_MAX_BLOCK_DEPTH = 16;
export const DEFAULT_MAX_PLACED = 2_000_000;

export interface Expansion {
  blocks: Map<string, DxfBlock>;
  file: string;
  maxDepth: number;
  maxPlaced: number;
  /** Entities placed so far (all inserts). */
  placed: number;
  /** Block copies made so far (bounds the work when blocks are empty). */
  copies: number;
}

/** Block names compare without case, as in AutoCAD. */
export function blockKey(name: string): string {
  return name.toUpperCase();
}

/** The placed entities of a top-level insert (its ATTRIB texts last). */
export function expandInsert(x: Expansion, ins: DxfEntity): DxfEntity[] {
  const out: DxfEntity[] = [];
  place(x, ins, null, ins.layer, ins.index, 1, out);
  for (const a of ins.attribs ?? []) out.push({ ...a, index: ins.index });
  return out;
}

/** Matrices of every copy of `ins` (one, or columns × rows for an array insert). */
function copies(x: Expansion, ins: DxfEntity, base: readonly number[]): Affine[] {
  const arr = ins.array;
  const cols = arr?.columns ?? 1;
  const rows = arr?.rows ?? 1;
  if (cols * rows > x.maxPlaced) {
    throw corrupt(x.file, `line ${ins.line}: block "${ins.block}" inserted ${cols} × ${rows} times`);
  }
  const ocs = ins.extrusion ? ocsMatrix(ins.extrusion[0], ins.extrusion[1], ins.extrusion[2]) : null;
  const out: Affine[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const m = insertMatrix(ins.origin ?? [0, 0, 0], ins.scale ?? [1, 1, 1], ins.rotation ?? 0, base, [
        c * (arr?.columnSpacing ?? 0),
        r * (arr?.rowSpacing ?? 0),
      ]);
      out.push(ocs ? compose(ocs, m) : m);
    }
  }
  return out;
}

function place(x: Expansion, ins: DxfEntity, outer: Affine | null, layer: string, index: number, depth: number, out: DxfEntity[]): void {
  const block = x.blocks.get(blockKey(ins.block ?? ''));
  // Missing blocks and external references (content in another file) place nothing, as in GDAL.
  if (!block || (block.flags & 4) !== 0) return;
  if (depth > x.maxDepth) {
    throw corrupt(x.file, `line ${ins.line}: blocks nested deeper than ${x.maxDepth} (block "${ins.block}" inserts itself?)`);
  }
  for (const local of copies(x, ins, block.base)) {
    if (++x.copies > x.maxPlaced) throw corrupt(x.file, `block inserts make more than ${x.maxPlaced} copies`);
    const m = outer ? compose(outer, local) : local;
    for (const e of block.entities) {
      const eLayer = e.layer === '0' ? layer : e.layer;
      if (e.kind === 'insert') {
        place(x, e, m, eLayer, index, depth + 1, out);
        for (const a of e.attribs ?? []) out.push(transformed(x, a, m, eLayer, index));
        continue;
      }
      out.push(transformed(x, e, m, eLayer, index));
    }
  }
}

function transformed(x: Expansion, e: DxfEntity, m: Affine, layer: string, index: number): DxfEntity {
  if (++x.placed > x.maxPlaced) {
    throw corrupt(x.file, `block inserts place more than ${x.maxPlaced} entities`);
  }
  const c: DxfEntity = { ...e, layer, index };
  if (e.points) c.points = applyAll(m, e.points);
  if (e.origin) c.origin = apply(m, e.origin);
  if (e.alignPoint) c.alignPoint = apply(m, e.alignPoint);
  if (e.radius !== undefined) c.radius = mapLength(m, e.radius);
  if (e.kind === 'text' || e.kind === 'mtext') {
    const rot = e.rotation ?? 0;
    c.rotation = mapAngle(m, rot);
    if (e.height !== undefined) c.height = mapHeight(m, rot, e.height);
  } else if (e.kind === 'arc') {
    c.startAngle = mapAngle(m, e.startAngle ?? 0);
    c.endAngle = mapAngle(m, e.endAngle ?? 0);
  }
  return c;
}
