import { describe, expect, it } from 'vitest';
import type { Position } from '../../../shared/geo/geometry.js';
import { UserError } from '../../../shared/errors.js';
import { numberBySheet, snakeOrder } from '../../../shared/sample/numbering.js';
import { interiorPoint } from '../../../shared/sample/interior-point.js';

describe('snakeOrder', () => {
  // Three rows of 10 m bands: y 100 (top), 88, 75.
  const pts: Position[] = [
    [30, 75], // 0 row 2
    [10, 100], // 1 row 0
    [20, 98], // 2 row 0
    [5, 88], // 3 row 1
    [25, 90], // 4 row 1
    [0, 76], // 5 row 2
    [40, 99], // 6 row 0
  ];

  it('reads the top row west→east, the next east→west, and so on', () => {
    expect(snakeOrder(pts, { rowHeight: 10, start: 'north-west' })).toEqual([1, 2, 6, 4, 3, 5, 0]);
  });

  it('gives number 1 to the northernmost parcel by default', () => {
    const withNorth: Position[] = [...pts, [35, 104]];
    const order = snakeOrder(withNorth, { rowHeight: 10 });
    expect(order[0]).toBe(7);
    // The rows hang from the northernmost point (y 104): row 0 is 94 < y ≤ 104.
    expect(order).toEqual([7, 1, 2, 6, 4, 3, 5, 0]);
  });

  it('breaks ties by the higher point first, then input order', () => {
    expect(snakeOrder([[0, 0], [0, 5], [0, 0]], { rowHeight: 10, start: 'north-west' })).toEqual([1, 0, 2]);
  });

  it('handles empty input and refuses a bad row height or point', () => {
    expect(snakeOrder([])).toEqual([]);
    expect(() => snakeOrder(pts, { rowHeight: 0 })).toThrow(UserError);
    expect(() => snakeOrder([[Number.NaN, 1]])).toThrow(UserError);
  });
});

describe('numberBySheet', () => {
  it('numbers each sheet from 1 independently', () => {
    const pts: Position[] = [[0, 10], [0, 50], [5, 50], [100, 0], [90, 0]];
    const sheets = ['2', '1', '1', '2', '2'];
    expect(numberBySheet(pts, sheets, { rowHeight: 5 })).toEqual([1, 1, 2, 3, 2]);
  });
});

describe('interiorPoint', () => {
  it('falls inside an L-shaped parcel whose centroid is outside', () => {
    const l: Position[] = [[0, 0], [10, 0], [10, 1], [1, 1], [1, 10], [0, 10], [0, 0]];
    const [x, y] = interiorPoint([l])!;
    expect(x).toBeGreaterThan(0);
    expect(x).toBeLessThan(10);
    // Inside the L: either in the foot (y < 1) or in the upright (x < 1).
    expect(y < 1 || x < 1).toBe(true);
  });

  it('avoids a hole', () => {
    const shell: Position[] = [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]];
    const hole: Position[] = [[2, 2], [2, 8], [8, 8], [8, 2], [2, 2]];
    const [x, y] = interiorPoint([shell, hole])!;
    expect(x > 2 && x < 8 && y > 2 && y < 8).toBe(false);
  });

  it('returns null for an empty polygon', () => {
    expect(interiorPoint([])).toBeNull();
  });
});
