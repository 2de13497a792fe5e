/**
 * DXF entities → sheet drawing. Layers are the levels. Block inserts are opened into the entities
 * they place; arcs, circles and bulges come already stroked. A justified text stands at its
 * alignment point (where the drafter put it, e.g. the middle of the parcel), other texts at their
 * insertion point.
 */
import type { DxfEntity, DxfFile } from '../dxf/index.js';
import { countLevels, emptyDrawing, type SheetDrawing } from './drawing.js';

/** $INSUNITS codes → unit name and metres per unit (AutoCAD's list, the metric and common imperial ones). */
const INSUNITS: Record<number, [string, number | null]> = {
  0: ['unitless', null],
  1: ['in', 0.0254],
  2: ['ft', 0.3048],
  3: ['mi', 1609.344],
  4: ['mm', 0.001],
  5: ['cm', 0.01],
  6: ['m', 1],
  7: ['km', 1000],
  14: ['dm', 0.1],
};

/** Converts a read DXF file; `file` names it in the drawing. */
export function sheetFromDxf(dxf: DxfFile, file: string): SheetDrawing {
  const [units, metres] = dxf.header.insUnits === null ? ['unitless', null] : (INSUNITS[dxf.header.insUnits] ?? [`insunits-${dxf.header.insUnits}`, null]);
  const d = emptyDrawing('dxf', file, units, metres);
  for (const e of dxf.entities) {
    if (e.kind === 'insert') for (const c of e.children ?? []) add(d, c);
    else add(d, e);
  }
  return countLevels(d);
}

function add(d: SheetDrawing, e: DxfEntity): void {
  const level = e.layer;
  switch (e.kind) {
    case 'line':
    case 'polyline':
    case 'arc':
    case 'circle':
      if (e.points && e.points.length >= 2) d.lines.push({ level, points: e.points, closed: e.closed === true, elementIndex: e.index });
      return;
    case 'text':
    case 'mtext': {
      const at = e.alignPoint ?? e.origin;
      if (at && e.text !== undefined) {
        d.texts.push({ level, text: e.text, x: at[0], y: at[1], height: e.height ?? 0, rotation: e.rotation ?? 0, elementIndex: e.index });
      }
      return;
    }
    case 'point':
      if (e.origin) d.points.push({ level, x: e.origin[0], y: e.origin[1], elementIndex: e.index });
      return;
    default:
      return;
  }
}
