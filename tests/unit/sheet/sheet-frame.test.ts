import { describe, expect, it } from 'vitest';
import { frameFromDrawing, frameFromSheetCode } from '../../../shared/sheet/sheet-frame.js';
import { emptyDrawing, countLevels } from '../../../shared/sheet/drawing.js';
import type { LevelRole } from '../../../shared/sheet/level-profile.js';

const box = (x0: number, y0: number, x1: number, y1: number) => [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];

describe('frameFromSheetCode', () => {
  it('1:5000 is 3 km from the north-west corner, the thousand of the northing nearest the data', () => {
    expect(frameFromSheetCode('725497', [497500, 1724000])).toEqual([box(497000, 1722000, 500000, 1725000)]);
  });
  it('1:2000, 1:1000, 1:500, 1:200 and 1:10000 cells', () => {
    expect(frameFromSheetCode('725500-6', [500000, 1724000])).toEqual([box(502000, 1723000, 503000, 1724000)]);
    expect(frameFromSheetCode('725500-6-d', [500000, 1724000])).toEqual([box(502500, 1723000, 503000, 1723500)]);
    expect(frameFromSheetCode('725500-1-(16)', [500000, 1724000])).toEqual([box(500750, 1724000, 501000, 1724250)]);
    expect(frameFromSheetCode('725500-1-11', [500000, 1724000])).toEqual([box(500000, 1724800, 500100, 1724900)]);
    expect(frameFromSheetCode('10-728494', [494000, 1728000])).toEqual([box(494000, 1722000, 500000, 1728000)]);
  });
  it('refuses codes that are not sheet codes', () => {
    expect(frameFromSheetCode('725500-0', [0, 0])).toBeNull();
    expect(frameFromSheetCode('725500-1-(17)', [0, 0])).toBeNull();
    expect(frameFromSheetCode('abc', [0, 0])).toBeNull();
  });
});

describe('frameFromDrawing', () => {
  const roles: Record<string, LevelRole> = { '63': 'frame', '10': 'boundary' };
  const drawing = () => {
    const d = emptyDrawing('dgn', 'to-1.dgn', 'm', 1);
    d.lines.push({ level: '63', points: box(-10, -10, 110, 110), closed: true, elementIndex: 1 }); // outer border
    d.lines.push({ level: '63', points: box(0, 0, 100, 100), closed: true, elementIndex: 2 }); // inner frame
    d.lines.push({ level: '63', points: box(0, 0, 10, 10), closed: true, elementIndex: 3 }); // a grid cell
    d.lines.push({ level: '63', points: [[0, 50], [100, 50]], closed: false, elementIndex: 4 }); // grid line
    d.lines.push({ level: '10', points: box(20, 20, 30, 30), closed: true, elementIndex: 5 });
    return countLevels(d);
  };
  it('takes the smallest closed frame figure holding the parcels, not the border or a grid cell', () => {
    const labels: [number, number][] = [[25, 25], [60, 70], [90, 10], [5, 5]];
    expect(frameFromDrawing(drawing(), roles, labels)).toEqual([box(0, 0, 100, 100)]);
  });
  it('moves it into the project CRS and falls back to the largest figure without labels', () => {
    expect(frameFromDrawing(drawing(), roles, [], ([x, y]) => [x + 1000, y + 2000])).toEqual([box(990, 1990, 1110, 2110)]);
  });
  it('none when the frame level holds no closed figure around the parcels', () => {
    expect(frameFromDrawing(drawing(), { '10': 'boundary' }, [[25, 25]])).toBeNull();
    expect(frameFromDrawing(drawing(), roles, [[500, 500]])).toBeNull();
  });
});
