/**
 * A drawn sheet as ParcelDesk reads it, whatever file it came from: lines, texts and points, each
 * on a level — the DGN level number as text ("10") or the DXF layer name ("RANH_THUA"). Both
 * readers convert into this (from-dgn.ts, from-dxf.ts); the level profile gives the levels their
 * roles, and parcel building (build-parcels.ts) works from it.
 */
import type { BuildDrawing } from './build-parcels.js';

/** A line of the sheet: a line string, or a closed figure whose last vertex repeats the first. */
export interface SheetLine {
  level: string;
  /** Vertices [x, y] or [x, y, z] in drawing units. */
  points: number[][];
  closed: boolean;
  /** Element (DGN) or entity (DXF) number of the top-level item it comes from. */
  elementIndex: number;
}

export interface SheetText {
  level: string;
  text: string;
  /** Where the text stands: the DGN origin, the DXF alignment point of justified text, else its insertion point. */
  x: number;
  y: number;
  /** Height in drawing units (0 when unknown). */
  height: number;
  /** Degrees counter-clockwise. */
  rotation: number;
  elementIndex: number;
}

/** A point symbol (DXF POINT); DGN has none of its own. */
export interface SheetPoint {
  level: string;
  x: number;
  y: number;
  elementIndex: number;
}

export interface SheetDrawing {
  source: 'dgn' | 'dxf';
  file: string;
  /** Drawing unit as named in the file ("m", "mm", "unitless" …). */
  units: string;
  /** Metres per drawing unit, null when the file does not say. */
  metresPerUnit: number | null;
  lines: SheetLine[];
  texts: SheetText[];
  points: SheetPoint[];
  /** Lines + texts + points per level, every level of the drawing present. */
  counts: Record<string, number>;
}

/** An empty drawing to fill. */
export function emptyDrawing(source: 'dgn' | 'dxf', file: string, units: string, metresPerUnit: number | null): SheetDrawing {
  return { source, file, units, metresPerUnit, lines: [], texts: [], points: [], counts: {} };
}

/** Counts the items per level (call after filling). */
export function countLevels(d: SheetDrawing): SheetDrawing {
  const counts: Record<string, number> = {};
  for (const l of d.lines) counts[l.level] = (counts[l.level] ?? 0) + 1;
  for (const t of d.texts) counts[t.level] = (counts[t.level] ?? 0) + 1;
  for (const p of d.points) counts[p.level] = (counts[p.level] ?? 0) + 1;
  d.counts = counts;
  return d;
}

/** The levels of the drawing, numbers first in numeric order, then names. */
export function drawingLevels(d: SheetDrawing): string[] {
  return Object.keys(d.counts).sort((a, b) => {
    const na = /^\d+$/.test(a);
    const nb = /^\d+$/.test(b);
    if (na && nb) return Number(a) - Number(b);
    if (na !== nb) return na ? -1 : 1;
    return a.localeCompare(b);
  });
}

/** The drawing in the shape parcel building reads (points carry no text to name a parcel, so they stay out). */
export function toBuildDrawing(d: SheetDrawing): BuildDrawing {
  return {
    lines: d.lines.map((l) => ({ level: l.level, points: l.points, closed: l.closed, element: l.elementIndex })),
    texts: d.texts.map((t) => ({ level: t.level, text: t.text, x: t.x, y: t.y, element: t.elementIndex })),
  };
}
