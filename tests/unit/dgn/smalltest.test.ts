/**
 * GDAL's own expectations for its smalltest.dgn (autotest/ogr/ogr_dgn.py), written out as
 * literals so this file is checked without GDAL installed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDgn } from '../../../shared/dgn/index.js';
import { FIXTURES_DIR } from './data-paths.js';

const SMALLTEST = join(FIXTURES_DIR, 'smalltest.dgn');

describe.skipIf(!existsSync(SMALLTEST))('smalltest.dgn (needs ../shared/data/dgn-fixtures)', () => {
  const file = () => readDgn(new Uint8Array(readFileSync(SMALLTEST)), { fileName: 'smalltest.dgn' });

  it('reads the header units: mu/su, 10 sub units per master, 1000 UOR per sub unit', () => {
    const f = file();
    expect(f.dimension).toBe(2);
    expect(f.units).toMatchObject({ masterName: 'mu', subName: 'su', subPerMaster: 10, uorPerSub: 1000 });
    expect(f.units.origin).toEqual([0, 0, 0]);
  });

  it('returns the four graphic elements with GDAL feature ids 11-14', () => {
    const f = file();
    expect(f.elements.map((e) => [e.index, e.type, e.level, e.kind])).toEqual([
      [11, 17, 1, 'text'],
      [12, 15, 2, 'ellipse'],
      [13, 6, 2, 'shape'],
      [14, 3, 2, 'line'],
    ]);
    expect(f.counts.byLevel).toEqual({ 1: 1, 2: 3 });
    expect(f.counts.records).toBe(15);
  });

  it('text: "Demo Text" at (0.7365, 4.2198), ENGINEERING font (3), size 1', () => {
    const t = file().elements[0]!;
    expect(t.text).toBe('Demo Text');
    expect(t.origin![0]).toBeCloseTo(0.7365, 9);
    expect(t.origin![1]).toBeCloseTo(4.2198, 9);
    expect(t.font).toBe(3);
    expect(t.height).toBeCloseTo(1.0, 3);
    expect(t.rotation).toBe(0);
    expect(t.color).toBe(0);
  });

  it('ellipse: stroked to 73 vertices like ogrinfo', () => {
    const e = file().elements[1]!;
    expect(e.points).toHaveLength(73);
    expect(e.points![0]![0]).toBeCloseTo(9.68780658389143, 12);
    expect(e.points![0]![1]).toBeCloseTo(4.5835, 12);
    expect(e.points![18]![0]).toBeCloseTo(5.0082, 12);
    expect(e.points![18]![1]).toBeCloseTo(9.26310658389143, 12);
    expect(e.points![72]).toEqual(e.points![0]!.map((v) => expect.closeTo(v, 12)));
  });

  it('shape: colour 83, POLYGON ((4.5355 3.317,4.3832 2.6517,4.9441 2.5235,4.832 3.3331,4.5355 3.317))', () => {
    const s = file().elements[2]!;
    expect(s.color).toBe(83);
    const want = [
      [4.5355, 3.317],
      [4.3832, 2.6517],
      [4.9441, 2.5235],
      [4.832, 3.3331],
      [4.5355, 3.317],
    ];
    expect(s.points).toHaveLength(5);
    s.points!.forEach((p, i) => {
      expect(p[0]).toBeCloseTo(want[i]![0]!, 9);
      expect(p[1]).toBeCloseTo(want[i]![1]!, 9);
    });
  });

  it('line: colour 83, LINESTRING (2.5562 5.7218,2.5242 6.0709)', () => {
    const l = file().elements[3]!;
    expect(l.color).toBe(83);
    expect(l.points!.flat().map((v) => Math.round(v * 1e9) / 1e9)).toEqual([2.5562, 5.7218, 2.5242, 6.0709]);
  });
});
