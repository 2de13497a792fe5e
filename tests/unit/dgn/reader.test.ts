/**
 * The reader on files built by the test writer: every element type, 2D and 3D, with the values
 * that were written coming back in master units.
 */
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../shared/errors.js';
import { forEachDgnElement, readDgn, readDgnHeader, type DgnElement } from '../../../shared/dgn/index.js';
import { DgnTestWriter, latin1 } from './dgn-writer.js';
import { VN_TEXT, synthetic2d, synthetic3d } from './synthetic-fixtures.js';
import { decodeText, encodeText } from '../../../shared/encoding/index.js';

const byIndex = (els: DgnElement[], i: number): DgnElement => {
  const found = els.find((e) => e.index === i);
  if (!found) throw new Error(`no element ${i}`);
  return found;
};

function thrown(f: () => unknown): UserError {
  try {
    f();
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error('did not throw');
}

describe('readDgn on a synthetic 2D sheet', () => {
  const file = readDgn(synthetic2d(), { fileName: 'sheet.dgn' });
  const els = file.elements;

  it('applies scale (1 UOR = 1 mm) and subtracts the global origin (1000 m, 2000 m)', () => {
    expect(file.dimension).toBe(2);
    expect(file.units).toEqual({
      masterName: 'm',
      subName: 'mm',
      subPerMaster: 1000,
      uorPerSub: 1,
      scale: 0.001,
      origin: [1000, 2000, 0],
    });
    const line = byIndex(els, 1);
    expect(line.kind).toBe('line');
    expect(line.points).toEqual([
      [500, 500],
      [600, 400],
    ]);
  });

  it('reads the element header and symbology', () => {
    expect(byIndex(els, 1)).toMatchObject({ type: 3, level: 10, color: 3, weight: 2, style: 1, graphicGroup: 7, deleted: false, complex: false });
    expect(byIndex(els, 27)).toMatchObject({ level: 63, color: 255, weight: 31, style: 7, graphicGroup: 65535 });
  });

  it('reads line strings and shapes vertex by vertex', () => {
    expect(byIndex(els, 2).points).toEqual([
      [500, 500],
      [510, 520],
      [530, 515],
    ]);
    const shape = byIndex(els, 3);
    expect(shape.kind).toBe('shape');
    expect(shape.points).toEqual([
      [-1000, -2000],
      [-990, -2000],
      [-990, -1990],
      [-1000, -1990],
      [-1000, -2000],
    ]);
  });

  it('strokes a curve through its interior vertices (5 points per vertex)', () => {
    const curve = byIndex(els, 4);
    expect(curve.kind).toBe('curve');
    expect(curve.points).toHaveLength(40);
    // the interpolation starts at the third vertex and ends on the third from last
    expect(curve.points![0]).toEqual([2 - 1000, 0 - 2000]);
    expect(curve.points![39]).toEqual([5 - 1000, 0.8 - 2000]);
  });

  it('strokes ellipses and arcs: 73 vertices per full turn, one per 5 degrees', () => {
    const ellipse = byIndex(els, 5);
    expect(ellipse).toMatchObject({ kind: 'ellipse', primaryAxis: 5, secondaryAxis: 3, rotation: 30, sweepAngle: 360 });
    expect(ellipse.origin).toEqual([200, 300].map((v) => expect.closeTo(v, 9)));
    expect(ellipse.points).toHaveLength(73);
    const [x0, y0] = ellipse.points![0]!;
    expect(x0).toBeCloseTo(200 + 5 * Math.cos(Math.PI / 6), 9);
    expect(y0).toBeCloseTo(300 + 5 * Math.sin(Math.PI / 6), 9);

    const arc = byIndex(els, 6);
    expect(arc).toMatchObject({ kind: 'arc', startAngle: 45, sweepAngle: 90 });
    expect(arc.points).toHaveLength(19);
    expect(arc.points![18]![0]).toBeCloseTo(200 + 4 * Math.cos((135 * Math.PI) / 180), 9);

    const negative = byIndex(els, 7);
    expect(negative.sweepAngle).toBe(-120);
    expect(negative.points).toHaveLength(25);
  });

  it('reads text: origin, height, width, font, justification, rotation', () => {
    const t = byIndex(els, 8);
    expect(t).toMatchObject({ kind: 'text', text: '123', font: 1, justification: 7, rotation: 30.5, level: 13, color: 3 });
    expect(t.origin).toEqual([234.567, 345.678].map((v) => expect.closeTo(v, 9)));
    expect(t.height).toBeCloseTo(1.5, 9);
    expect(t.width).toBeCloseTo(1.2, 9);
  });

  it('decodes 8-bit text in the encoding detected for the file (TCVN3 here), keeping the bytes', () => {
    const vn = byIndex(els, 9);
    expect(file.textEncoding).toBe('tcvn3');
    expect(vn.text).toBe(VN_TEXT);
    expect(vn.textEncoding).toBe('tcvn3');
    expect(vn.textBytes).toEqual(encodeText(VN_TEXT, 'tcvn3'));
    expect(byIndex(els, 8)).toMatchObject({ text: '123', textEncoding: 'tcvn3' });
  });

  it('decodes FF FD text as UTF-16', () => {
    const mb = byIndex(els, 10);
    expect(mb.text).toBe('Đất ở');
    expect(mb.textEncoding).toBe('utf-16le');
    expect(mb.textBytes).toBeUndefined();
  });

  it('groups a text node with its texts', () => {
    const node = byIndex(els, 11);
    expect(node.kind).toBe('text-node');
    expect(node.children!.map((c) => [c.index, c.text, c.level, c.complex])).toEqual([
      [12, 'ODT', 2, true],
      [13, '120.5', 4, true],
    ]);
  });

  it('joins a complex chain from its components (line string, arc, line)', () => {
    const chain = byIndex(els, 14);
    expect(chain.kind).toBe('complex-chain');
    expect(chain.children!.map((c) => c.type)).toEqual([4, 16, 3]);
    expect(chain.parts!.map((p) => p.length)).toEqual([3, 19, 2]);
  });

  it('closes a complex shape whose second component runs backwards', () => {
    const shape = byIndex(els, 18);
    expect(shape.kind).toBe('complex-shape');
    expect(shape.color).toBe(5);
    expect(shape.rings).toHaveLength(1);
    expect(shape.points).toEqual([
      [-980, -2000],
      [-970, -2000],
      [-970, -1990],
      [-980, -1990],
      [-980, -2000],
    ]);
  });

  it('nests cells with their components; name and rotation from the header', () => {
    const cell = byIndex(els, 21);
    expect(cell).toMatchObject({ kind: 'cell', name: 'MOC', level: 15 });
    expect(cell.rotation).toBeCloseTo(90, 6);
    expect(cell.origin).toEqual([50, 50].map((v) => expect.closeTo(v, 9)));
    expect(cell.children!.map((c) => c.kind)).toEqual(['line', 'cell', 'shape']);
    const inner = cell.children![1]!;
    expect(inner.name).toBe('INNER');
    expect(inner.children!.map((c) => c.text)).toEqual(['M1']);
  });

  it('skips deleted elements unless asked, and counts top-level elements by level and type', () => {
    expect(els.some((e) => e.deleted)).toBe(false);
    const all = readDgn(synthetic2d(), { includeDeleted: true });
    expect(all.elements.find((e) => e.index === 26)).toMatchObject({ deleted: true, type: 3 });
    expect(file.counts.byType).toEqual({ 2: 1, 3: 2, 4: 1, 6: 1, 7: 1, 11: 1, 12: 1, 14: 1, 15: 1, 16: 2, 17: 3 });
    expect(file.counts.byLevel[21]).toBe(3);
    expect(file.counts.deleted).toBe(1);
    expect(file.counts.records).toBe(28);
  });

  it('returns the non-graphic header only on request', () => {
    expect(els.some((e) => e.type === 9)).toBe(false);
    const all = readDgn(synthetic2d(), { includeNonGraphic: true });
    expect(all.elements[0]).toMatchObject({ index: 0, type: 9, kind: 'other' });
  });

  it('honours a forced 8-bit text encoding', () => {
    const f = readDgn(synthetic2d(), { textEncoding: 'latin1' });
    expect(f.textEncoding).toBe('latin1');
    expect(f.textEncodingConfidence).toBe(1);
    expect(byIndex(f.elements, 9).text).toBe(decodeText(encodeText(VN_TEXT, 'tcvn3'), 'latin1'));
  });

  it('detects VNI texts across the whole sheet, also when streaming', () => {
    const w = new DgnTestWriter({ dimension: 2, masterName: 'm', subName: 'mm', subPerMaster: 1000, uorPerSub: 1, origin: [0, 0, 0] });
    const labels = ['Đất trồng lúa', 'Đất ở tại đô thị', 'Đường giao thông', 'Nghĩa trang'];
    for (const [i, t] of labels.entries()) w.add(w.text([i * 1000, 0], encodeText(t, 'vni'), {}, { level: 2 }));
    const bytes = w.bytes();
    const f = readDgn(bytes);
    expect(f.textEncoding).toBe('vni');
    expect(f.elements.map((e) => e.text)).toEqual(labels);
    const streamed: string[] = [];
    const info = forEachDgnElement(bytes, (el) => streamed.push(el.text!));
    expect(info.textEncoding).toBe('vni');
    expect(streamed).toEqual(labels);
  });

  it('computes the bounds of all geometry', () => {
    const [minX, minY, maxX, maxY] = file.bounds!;
    expect(minX).toBeCloseTo(-1000, 9);
    expect(minY).toBeCloseTo(-2000, 9);
    expect(maxX).toBeCloseTo(600, 9);
    expect(maxY).toBeCloseTo(520, 9);
  });

  it('streams the same top-level elements with forEachDgnElement', () => {
    const seen: number[] = [];
    const info = forEachDgnElement(synthetic2d(), (el) => seen.push(el.index));
    expect(seen).toEqual(els.map((e) => e.index));
    expect(info.records).toBe(28);
    expect(readDgnHeader(synthetic2d()).units.scale).toBe(0.001);
  });
});

describe('readDgn on a synthetic 3D model', () => {
  const file = readDgn(synthetic3d());
  const els = file.elements;

  it('reads the 3D flag and units (m / dm, 10 × 100 UOR), origin z = -500 m', () => {
    expect(file.dimension).toBe(3);
    expect(file.units).toMatchObject({ masterName: 'm', subName: 'dm', subPerMaster: 10, uorPerSub: 100, origin: [0, 0, -500] });
  });

  it('reads X, Y, Z', () => {
    expect(byIndex(els, 1).points).toEqual([
      [1, 2, 503],
      [4, 5, 506],
    ]);
    expect(byIndex(els, 2).points![2]).toEqual([1, 1, 500.02]);
  });

  it('takes 3D text rotation about Z from the quaternion', () => {
    const t = byIndex(els, 4);
    expect(t.text).toBe('3D text');
    expect(t.rotation).toBeCloseTo(45, 6);
    expect(t.origin).toEqual([12.345, 67.89, 501].map((v) => expect.closeTo(v, 9)));
    expect(t.height).toBeCloseTo(0.5, 5); // 500 UOR stored as round(500 * 1000 / 6)
  });

  it('strokes 3D ellipses at the centre height', () => {
    const e = byIndex(els, 5);
    expect(e.points).toHaveLength(73);
    expect(e.points![10]![2]).toBeCloseTo(500.1, 9);
  });

  it('groups 3D cells and complex shapes', () => {
    expect(byIndex(els, 7).children!.map((c) => c.points)).toEqual([
      [
        [0.1, 0.2, 500.3],
        [0.4, 0.5, 500.6],
      ].map((p) => p.map((v) => expect.closeTo(v, 9))),
    ]);
    expect(byIndex(els, 9).rings![0]).toHaveLength(5);
  });
});

describe('refusals and damage', () => {
  const units = { dimension: 2 as const, masterName: 'm', subName: 'mm', subPerMaster: 1000, uorPerSub: 1, origin: [0, 0, 0] as [number, number, number] };

  it('refuses DGN V8 (OLE compound file) with the Save As V7 advice', () => {
    const v8 = new Uint8Array(4096);
    v8.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    const e = thrown(() => readDgn(v8, { fileName: 'to-ban-do-12.dgn' }));
    expect(e.code).toBe('dgn.v8');
    expect(e.message).toContain('to-ban-do-12.dgn');
    expect(e.message).toContain('V7');
    expect(e.text('en')).toContain('Save As');
  });

  it('refuses files that are not V7 design files', () => {
    for (const bytes of [new Uint8Array(0), latin1('0\nSECTION\n2\nHEADER'), Uint8Array.of(0x08, 0x09)]) {
      expect(thrown(() => readDgn(bytes, { fileName: 'x.dxf' })).code).toBe('dgn.notDgn');
    }
  });

  it('reports a truncated file with the element number and byte offset', () => {
    const w = new DgnTestWriter(units);
    w.add(w.line([0, 0], [1, 1]), w.multi(4, [[0, 0], [1, 1], [2, 2]]));
    const full = w.bytes();
    const e = thrown(() => readDgn(full.subarray(0, full.length - 10), { fileName: 'cut.dgn' }));
    expect(e.code).toBe('import.corrupt');
    expect(e.params.file).toBe('cut.dgn');
    expect(e.params.detail).toContain('element 2, byte 1588');
  });

  it('reports a file cut inside its header (TCB)', () => {
    const b = new DgnTestWriter(units).bytes().subarray(0, 1000);
    const e = thrown(() => readDgn(b));
    expect(e.code).toBe('import.corrupt');
    expect(e.params.detail).toContain('element 0, byte 0');
  });

  it('reports line strings whose vertex count exceeds the element', () => {
    const w = new DgnTestWriter(units);
    w.add(w.multi(4, [[0, 0], [1, 1]], {}, 50));
    const e = thrown(() => readDgn(w.bytes()));
    expect(e.code).toBe('import.corrupt');
    expect(e.params.detail).toMatch(/element 1, byte 1536: 50 vertices declared/);
  });

  it('reports line strings with fewer than two vertices', () => {
    const w = new DgnTestWriter(units);
    w.add(w.multi(4, [[0, 0]], {}));
    expect(thrown(() => readDgn(w.bytes())).params.detail).toContain('1 vertices');
  });

  it('stops runaway nesting of complex elements', () => {
    const w = new DgnTestWriter(units);
    let inner: Uint8Array | Uint8Array[] = w.line([0, 0], [1, 1], { complex: true });
    for (let i = 0; i < 40; i++) inner = w.complex(12, [inner], { complex: true });
    w.add(inner);
    expect(thrown(() => readDgn(w.bytes())).params.detail).toContain('nested deeper');
  });

  it('takes a complex header announcing more components than the file holds as ending at the end of the file', () => {
    const w = new DgnTestWriter(units);
    w.add(w.complex(12, [w.line([0, 0], [1000, 0], { complex: true })], {}, 500));
    const f = readDgn(w.bytes());
    expect(f.elements[0]!.parts).toEqual([
      [
        [0, 0],
        [1, 0],
      ],
    ]);
  });
});
