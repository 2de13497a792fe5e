/**
 * Parcel numbering within a sheet (số thứ tự thửa, circular 25/2014): numbers run from 1 on every
 * sheet, starting at the northernmost parcel, then left→right, top→bottom in a zig-zag (snake).
 *
 * The rule as implemented (the text does not define "row", so this is the project's reading):
 * 1. Each parcel is represented by one interior point (see interior-point.ts), never by a vertex or
 *    the centroid, which can fall outside an L-shaped parcel.
 * 2. Rows are horizontal bands of `rowHeight` metres hung from the northernmost interior point:
 *    row r holds the points with  r·h ≤ (Ymax − y) < (r+1)·h.
 * 3. Row 0 is read west→east, row 1 east→west, and so on (the snake). Ties inside a row are broken
 *    by the higher Y first, then by input order, so the order is total and deterministic.
 * 4. With `start: 'northernmost'` (default) the northernmost parcel (highest Y, then westernmost)
 *    is number 1 and the snake continues with the rest; with `start: 'north-west'` the snake alone
 *    decides, so number 1 is the westernmost parcel of the top row.
 * A good row height is about the depth of one row of house lots at the sheet's scale
 * (default 25 m; e.g. 12.5 m at 1:500, 50 m at 1:2000).
 */
import type { Position } from '../geo/geometry.js';
import { UserError } from '../errors.js';

export interface SnakeOptions {
  /** Height of one numbering row in metres (default 25). */
  rowHeight?: number;
  /** Who gets number 1, see the module comment (default 'northernmost'). */
  start?: 'northernmost' | 'north-west';
}

/** Indexes of `points` in numbering order (the first index gets number 1). */
export function snakeOrder(points: ReadonlyArray<Position>, options: SnakeOptions = {}): number[] {
  const h = options.rowHeight ?? 25;
  if (!Number.isFinite(h) || h <= 0) throw new UserError('numbering.badRowHeight', { value: String(h) });
  const n = points.length;
  if (n === 0) return [];
  let maxY = -Infinity;
  let first = 0;
  for (let i = 0; i < n; i++) {
    const [x, y] = points[i]!;
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      throw new UserError('numbering.badPoint', { index: i, value: `${x}, ${y}` });
    }
    if (y > maxY || (y === maxY && x < points[first]![0])) {
      maxY = y;
      first = i;
    }
  }
  const row = new Float64Array(n);
  for (let i = 0; i < n; i++) row[i] = Math.floor((maxY - points[i]![1]) / h);
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => {
    const ra = row[a]!;
    const rb = row[b]!;
    if (ra !== rb) return ra - rb;
    const dx = points[a]![0] - points[b]![0];
    if (dx !== 0) return ra % 2 === 0 ? dx : -dx;
    const dy = points[b]![1] - points[a]![1];
    if (dy !== 0) return dy;
    return a - b;
  });
  if ((options.start ?? 'northernmost') === 'north-west') return order;
  return [first, ...order.filter((i) => i !== first)];
}

/**
 * Parcel numbers (1-based, as numbers) for every point, numbered separately on each sheet.
 * `sheetOf[i]` is the sheet of point i; the numbering of one sheet ignores all other sheets.
 */
export function numberBySheet(
  points: ReadonlyArray<Position>,
  sheetOf: ReadonlyArray<string>,
  options: SnakeOptions = {},
): number[] {
  if (sheetOf.length !== points.length) {
    throw new UserError('numbering.badPoint', { index: sheetOf.length, value: 'sheet list length differs' });
  }
  const bySheet = new Map<string, number[]>();
  for (let i = 0; i < points.length; i++) {
    const list = bySheet.get(sheetOf[i]!);
    if (list) list.push(i);
    else bySheet.set(sheetOf[i]!, [i]);
  }
  const numbers = new Array<number>(points.length).fill(0);
  for (const members of bySheet.values()) {
    const order = snakeOrder(
      members.map((i) => points[i]!),
      options,
    );
    order.forEach((k, rank) => {
      numbers[members[k]!] = rank + 1;
    });
  }
  return numbers;
}
