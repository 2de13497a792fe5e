/**
 * DGN V7 elements → sheet drawing. Cells and text nodes are opened into their components (each on
 * its own level), complex chains become one line where their components join end to start,
 * complex shapes one closed line per ring, and arcs/ellipses/curves come already stroked.
 * Deleted and non-graphic elements are skipped.
 */
import type { DgnElement, DgnFile, DgnPoint } from '../dgn/index.js';
import { countLevels, emptyDrawing, type SheetDrawing } from './drawing.js';

/** Metres per unit for the unit names MicroStation seeds use. */
const UNIT_METRES: Record<string, number> = { m: 1, mm: 0.001, cm: 0.01, dm: 0.1, km: 1000, ft: 0.3048, in: 0.0254 };

/** Converts a read DGN file; `file` names it in the drawing. */
export function sheetFromDgn(dgn: DgnFile, file: string): SheetDrawing {
  const unit = dgn.units.masterName.trim() || 'unitless';
  const d = emptyDrawing('dgn', file, unit, UNIT_METRES[unit.toLowerCase()] ?? null);
  for (const el of dgn.elements) visit(d, el, el.index, 0);
  return countLevels(d);
}

/** Cells nest cells; MicroStation allows a few levels, a damaged file must not recurse without end. */
const MAX_NESTING = 32;

function visit(d: SheetDrawing, el: DgnElement, top: number, depth: number): void {
  if (el.deleted || depth > MAX_NESTING) return;
  const level = String(el.level);
  switch (el.kind) {
    case 'text':
      if (el.origin && el.text !== undefined) {
        d.texts.push({ level, text: el.text, x: el.origin[0], y: el.origin[1], height: el.height ?? 0, rotation: el.rotation ?? 0, elementIndex: top });
      }
      return;
    case 'text-node':
    case 'cell':
      for (const c of el.children ?? []) visit(d, c, top, depth + 1);
      return;
    case 'complex-chain':
      for (const part of joinParts(el.parts ?? (el.points ? [el.points] : []))) {
        if (part.length >= 2) d.lines.push({ level, points: part, closed: false, elementIndex: top });
      }
      return;
    case 'complex-shape':
      for (const ring of el.rings ?? (el.points ? [el.points] : [])) {
        if (ring.length >= 2) d.lines.push({ level, points: ring.slice(), closed: true, elementIndex: top });
      }
      return;
    case 'other':
      return;
    default:
      if (el.points && el.points.length >= 2) {
        d.lines.push({ level, points: el.points.slice(), closed: el.kind === 'shape' || el.kind === 'ellipse', elementIndex: top });
      }
  }
}

/** Consecutive chain components that meet end to start become one vertex list. */
function joinParts(parts: readonly DgnPoint[][]): number[][][] {
  const out: number[][][] = [];
  for (const part of parts) {
    if (part.length === 0) continue;
    const last = out[out.length - 1];
    const end = last?.[last.length - 1];
    if (last && end && end[0] === part[0]![0] && end[1] === part[0]![1]) last.push(...part.slice(1));
    else out.push(part.slice());
  }
  return out;
}
