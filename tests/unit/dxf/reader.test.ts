/**
 * The DXF reader on drawings written here: every entity type, blocks with rotation/scale and
 * nesting, bulges, encodings (TCVN3/VNI/CP1258 bytes, R2007 UTF-8, \U+ escapes) and the errors.
 * Where GDAL is installed, the same files are read by ogr2ogr and compared.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeText, type TextEncodingName } from '../../../shared/encoding/index.js';
import { readDxf, type DxfEntity, type DxfFile } from '../../../shared/dxf/index.js';
import { UserError } from '../../../shared/errors.js';
import { writeDxf, type DxfEntity as WriterEntity } from '../../fixtures/dxf-writer.js';
import { readDxfFile } from '../../../electron/services/importers/dxf-file.js';
import { dedupe, flatEntities, hasOgr2ogr, lineParts, ogrFeatures } from './ogr-dxf.js';
import { E, rawDxf, type Pair } from './raw-dxf.js';

const dir = mkdtempSync(join(tmpdir(), 'parceldesk-dxf-'));
let n = 0;
function save(content: string | Uint8Array): string {
  const f = join(dir, `t${n++}.dxf`);
  writeFileSync(f, typeof content === 'string' ? Buffer.from(content, 'latin1') : content);
  return f;
}
const read = (s: string, enc?: TextEncodingName): DxfFile => readDxf(Buffer.from(s, 'latin1'), { fileName: 'test.dxf', textEncoding: enc });
/** An AutoCAD 2007+ drawing (UTF-8) from Unicode text. */
const readUtf8 = (d: Parameters<typeof rawDxf>[0]): DxfFile =>
  readDxf(Buffer.from(rawDxf({ header: [[9, '$ACADVER'], [1, 'AC1021']], ...d }), 'utf8'), { fileName: 'test.dxf' });
/** A string holding the bytes of `text` in a legacy encoding, one character per byte. */
const bytesOf = (text: string, enc: TextEncodingName): string => String.fromCharCode(...encodeText(text, enc));
const close = (a: readonly number[], b: readonly number[], tol = 1e-9): boolean =>
  Math.abs(a[0]! - b[0]!) <= tol && Math.abs(a[1]! - b[1]!) <= tol;

function userError(fn: () => unknown): UserError {
  try {
    fn();
  } catch (err) {
    if (err instanceof UserError) return err;
    throw err;
  }
  throw new Error('expected a UserError');
}

describe('entities from the shared fixture writer', () => {
  const ents: WriterEntity[] = [
    { kind: 'line', layer: 'RANH_THUA', from: [500100.25, 1200000.5], to: [500110.75, 1200010] },
    { kind: 'polyline', layer: 'RANH_THUA', points: [[0, 0], [10, 0], [10, 10]], closed: true },
    { kind: 'text', layer: 'LOAI_DAT', at: [5, 5], text: 'ONT', height: 1.2, rotation: 30 },
    { kind: 'mtext', layer: 'SO_THUA', at: [6, 6], text: 'Thửa 12', height: 1.5 },
  ];

  for (const version of ['R2000', 'R2007'] as const) {
    it(`reads LINE, LWPOLYLINE (closed), TEXT and MTEXT from ${version}`, () => {
      const dxf = read(Buffer.from(writeDxf(ents, { version }), 'utf8').toString('latin1'));
      expect(dxf.layers).toEqual(['LOAI_DAT', 'RANH_THUA', 'SO_THUA']);
      expect(dxf.header.insUnits).toBe(6);
      const [line, poly, text, mtext] = dxf.entities as [DxfEntity, DxfEntity, DxfEntity, DxfEntity];
      expect(line).toMatchObject({ kind: 'line', type: 'LINE', layer: 'RANH_THUA', points: [[500100.25, 1200000.5], [500110.75, 1200010]] });
      expect(poly).toMatchObject({ kind: 'polyline', type: 'LWPOLYLINE', closed: true, points: [[0, 0], [10, 0], [10, 10], [0, 0]] });
      expect(text).toMatchObject({ kind: 'text', text: 'ONT', height: 1.2, rotation: 30, origin: [5, 5] });
      expect(mtext).toMatchObject({ kind: 'mtext', text: 'Thửa 12', rawText: 'Th\\U+1EED\\U+0061 12'.replace('\\U+0061', 'a'), height: 1.5 });
      expect(line.handle).toMatch(/^[0-9A-F]+$/);
      expect(dxf.counts.byLayer).toEqual({ RANH_THUA: 2, LOAI_DAT: 1, SO_THUA: 1 });
    });
  }

  it('reads POLYLINE/VERTEX/SEQEND and TEXT from R12', () => {
    const dxf = read(writeDxf(ents.slice(0, 3), { version: 'R12', eol: '\n' }));
    expect(dxf.header.acadVer).toBe('AC1009');
    expect(dxf.entities.map((e) => e.type)).toEqual(['LINE', 'POLYLINE', 'TEXT']);
    expect(dxf.entities[1]).toMatchObject({ kind: 'polyline', closed: true, points: [[0, 0], [10, 0], [10, 10], [0, 0]] });
    expect(dxf.entities[1]!.handle).toBeUndefined();
  });

  it('R2007 TEXT is UTF-8 whatever the code page says', () => {
    const dxf = read(Buffer.from(writeDxf([{ kind: 'text', layer: 'Loại đất', at: [0, 0], text: 'Đất ở tại nông thôn', height: 1 }], { version: 'R2007', codepage: 'ANSI_1252' }), 'utf8').toString('latin1'));
    expect(dxf.declaredEncoding).toBe('utf-8');
    expect(dxf.textEncoding).toBe('utf-8');
    expect(dxf.entities[0]!.text).toBe('Đất ở tại nông thôn');
    expect(dxf.entities[0]!.layer).toBe('Loại đất');
    expect(dxf.layers).toEqual(['Loại đất']);
  });
});

describe('legacy Vietnamese text bytes', () => {
  const names = ['Đất ở tại nông thôn', 'Đất trồng lúa', 'Đất bằng chưa sử dụng', 'Thửa đất số', 'Nguyễn Văn Hùng'];
  const sheet = (enc: TextEncodingName, codepage: string) =>
    writeDxf(
      names.map((t, i) => ({ kind: 'text' as const, layer: 'GHI_CHU', at: [i, i] as [number, number], text: bytesOf(t, enc), height: 1 })),
      { version: 'R2000', codepage },
    );

  it('TCVN3 (.VnTime) text in a file declaring ANSI_1252 is detected and decoded', () => {
    const dxf = read(sheet('tcvn3', 'ANSI_1252'));
    expect(dxf.declaredEncoding).toBe('latin1');
    expect(dxf.textEncoding).toBe('tcvn3');
    expect(dxf.entities.map((e) => e.text)).toEqual(names);
  });

  it('VNI text is detected and decoded', () => {
    const dxf = read(sheet('vni', 'ANSI_1252'));
    expect(dxf.textEncoding).toBe('vni');
    expect(dxf.entities.map((e) => e.text)).toEqual(names);
  });

  it('ANSI_1258 is taken at its word when the texts read as Vietnamese in it', () => {
    const dxf = read(sheet('windows-1258', 'ANSI_1258'));
    expect(dxf.declaredEncoding).toBe('windows-1258');
    expect(dxf.textEncoding).toBe('windows-1258');
    expect(dxf.entities.map((e) => e.text)).toEqual(names);
  });

  it('a forced encoding wins over detection', () => {
    const dxf = read(sheet('tcvn3', 'ANSI_1252'), 'latin1');
    expect(dxf.textEncoding).toBe('latin1');
    expect(dxf.entities[0]!.text).not.toBe(names[0]);
  });

  it('layer names in TCVN3 are decoded with the texts', () => {
    const dxf = read(rawDxf({ layers: [bytesOf('Ranh thửa', 'tcvn3')], entities: [...E.line(bytesOf('Ranh thửa', 'tcvn3'), [0, 0], [1, 1]), ...E.text('0', [0, 0], bytesOf('Đất trồng lúa', 'tcvn3'))] }));
    expect(dxf.layers).toEqual(['Ranh thửa']);
    expect(dxf.entities[0]!.layer).toBe('Ranh thửa');
  });
});

describe('MTEXT formatting and TEXT control codes', () => {
  const cases: Array<[string, string]> = [
    ['{\\fArial|b1|i0|c0|p34;\\H1.2x;Số 1}\\PDòng 2', 'Số 1\nDòng 2'],
    ['\\A1;\\C1;\\W0.8;\\Q15;\\T1.1;\\LA\\l\\OB\\oC', 'ABC'],
    ['D\\U+00E2y \\\\ \\{x\\} a\\~b', 'Dây \\ {x} a\u00a0b'],
    ['\\S1^2; m%%d 5%%p %%c10', '1/2 m° 5± ⌀10'],
    ['\\pxi-3,l3,t4;Ranh', 'Ranh'],
  ];
  for (const [raw, plain] of cases) {
    it(`"${raw}"`, () => {
      const dxf = readUtf8({ entities: E.mtext('T', [0, 0], raw) });
      expect(dxf.entities[0]!.text).toBe(plain);
      expect(dxf.entities[0]!.rawText).toBe(raw);
    });
  }

  it('MTEXT 3-chunks are joined before the final 1 chunk, direction 11/21 gives the rotation', () => {
    const dxf = read(rawDxf({ entities: [[0, 'MTEXT'], [8, 'T'], [10, 1], [20, 2], [40, 2], [3, 'abc'], [3, 'def'], [1, 'ghi'], [11, 0], [21, 1]] }));
    expect(dxf.entities[0]).toMatchObject({ text: 'abcdefghi', rotation: 90, origin: [1, 2], height: 2 });
  });

  it('TEXT %% codes', () => {
    const dxf = readUtf8({ entities: E.text('T', [0, 0], '%%uGóc%%u 45%%d %%p0.1 %%c5 100%%%') });
    expect(dxf.entities[0]!.text).toBe('Góc 45° ±0.1 ⌀5 100%');
  });

  it('justified TEXT keeps the first point as origin (as GDAL) and gives the alignment point', () => {
    const dxf = read(rawDxf({ entities: [[0, 'TEXT'], [8, 'T'], [10, 1], [20, 2], [40, 1], [1, '12'], [72, 1], [73, 2], [11, 5], [21, 6]] }));
    expect(dxf.entities[0]).toMatchObject({ origin: [1, 2], alignPoint: [5, 6] });
  });
});

describe('arcs, circles, bulges, polylines, points', () => {
  it('ARC runs from the end angle back to the start angle in ⌈sweep/4°⌉+1 vertices', () => {
    const [a, b] = read(rawDxf({ entities: [...E.arc('A', [100, 200], 10, 0, 90), ...E.arc('A', [0, 0], 2, 350, 10)] })).entities as [DxfEntity, DxfEntity];
    expect(a.points).toHaveLength(24);
    expect(close(a.points![0]!, [100, 210])).toBe(true);
    expect(close(a.points![23]!, [110, 200])).toBe(true);
    for (const p of a.points!) expect(Math.hypot(p[0] - 100, p[1] - 200)).toBeCloseTo(10, 9);
    expect(b.points).toHaveLength(6);
    expect(close(b.points![0]!, [2 * Math.cos(Math.PI / 18), 2 * Math.sin(Math.PI / 18)])).toBe(true);
    expect(a).toMatchObject({ origin: [100, 200], radius: 10, startAngle: 0, endAngle: 90 });
  });

  it('CIRCLE: 91 vertices, closed, clockwise from angle 0', () => {
    const c = read(rawDxf({ entities: E.circle('C', [5, 5], 3) })).entities[0]!;
    expect(c.points).toHaveLength(91);
    expect(c.closed).toBe(true);
    expect(c.points![0]).toEqual([8, 5]);
    expect(c.points![90]).toEqual(c.points![0]);
    expect(c.points![1]![1]).toBeLessThan(5);
  });

  it('LWPOLYLINE bulges become arcs through the right side, ending exactly on the vertices', () => {
    const [ccw, cw] = read(rawDxf({ entities: [...E.lwpolyline('L', [[0, 0, 0.5], [10, 0], [10, 10]], true), ...E.lwpolyline('L', [[0, 0, -1], [10, 0]])] })).entities as [DxfEntity, DxfEntity];
    // bulge 0.5: included angle 4·atan(0.5) = 106.26° → 28 vertices, below the chord (counter-clockwise)
    const arc = ccw.points!.slice(0, 28);
    expect(arc[27]).toEqual([10, 0]);
    expect(arc.slice(1, 27).every((p) => p[1] < 0)).toBe(true);
    expect(ccw.points!.slice(28)).toEqual([[10, 10], [0, 0]]);
    // bulge −1: a clockwise half circle above the chord, 46 vertices
    expect(cw.points).toHaveLength(46);
    expect(cw.points!.slice(1, 45).every((p) => p[1] > 0 && Math.abs(Math.hypot(p[0] - 5, p[1]) - 5) < 1e-9)).toBe(true);
  });

  it('a bulge above 1 is a major arc (more than a half turn) that still ends on the next vertex', () => {
    const p = read(rawDxf({ entities: E.lwpolyline('L', [[10, 0, 2.5], [20, 5]]) })).entities[0]!.points!;
    // included angle 4·atan(2.5) = 272.8° → 70 vertices on the circle centred (17.625, −2.75)
    expect(p).toHaveLength(70);
    expect(p[0]).toEqual([10, 0]);
    expect(p[69]).toEqual([20, 5]);
    for (const q of p) expect(Math.hypot(q[0] - 17.625, q[1] + 2.75)).toBeCloseTo(8.105746418436738, 9);
    expect(Math.min(...p.map((q) => q[1]))).toBeLessThan(-10);
  });

  it('POLYLINE 2D and 3D, closed, with z kept', () => {
    const [p2, p3] = read(rawDxf({ entities: [...E.polyline('P', [[0, 0], [1, 0], [1, 1]], 1), ...E.polyline('P', [[0, 0, 1], [1, 0, 2], [1, 1, 3]], 8)] })).entities as [DxfEntity, DxfEntity];
    expect(p2).toMatchObject({ kind: 'polyline', closed: true, points: [[0, 0], [1, 0], [1, 1], [0, 0]] });
    expect(p3).toMatchObject({ kind: 'polyline', closed: false, points: [[0, 0, 1], [1, 0, 2], [1, 1, 3]] });
  });

  it('POINT, and an extrusion (0,0,−1) mirrors OCS entities', () => {
    const dxf = read(rawDxf({ entities: [...E.point('PT', [3, 4]), [0, 'LWPOLYLINE'], [8, 'L'], [70, 0], [10, 1], [20, 2], [10, 3], [20, 4], [210, 0], [220, 0], [230, -1]] }));
    expect(dxf.entities[0]).toMatchObject({ kind: 'point', origin: [3, 4] });
    expect(dxf.entities[1]!.points).toEqual([[-1, 2], [-3, 4]]);
  });

  it('unknown entities are kept as "other" and counted', () => {
    const dxf = read(rawDxf({ entities: [[0, 'HATCH'], [8, 'H'], [2, 'SOLID'], ...E.point('PT', [1, 1])] }));
    expect(dxf.entities.map((e) => [e.type, e.kind, e.index])).toEqual([['HATCH', 'other', 0], ['POINT', 'point', 1]]);
    expect(dxf.counts.byType).toEqual({ HATCH: 1, POINT: 1 });
  });
});

describe('blocks and inserts', () => {
  const blocks = [
    { name: 'INNER', base: [1, 0] as [number, number], entities: E.line('0', [1, 0], [2, 0]) },
    {
      name: 'B1',
      entities: [...E.line('0', [0, 0], [1, 0]), ...E.text('BT', [0, 1], 'hi', 1), ...E.insert('0', 'INNER', [5, 5], { rot: 90 })],
    },
  ];

  it('scales, rotates, moves, nests and gives layer-0 entities the insert layer', () => {
    const dxf = read(rawDxf({ blocks, entities: E.insert('INS', 'B1', [100, 200], { sx: 2, sy: 3, rot: 30 }) }));
    const ins = dxf.entities[0]!;
    expect(ins).toMatchObject({ kind: 'insert', block: 'B1', layer: 'INS', rotation: 30, scale: [2, 3, 1] });
    const [l1, t, l2] = ins.children!;
    const c = Math.cos(Math.PI / 6);
    const s = Math.sin(Math.PI / 6);
    expect(l1!.layer).toBe('INS');
    expect(close(l1!.points![1]!, [100 + 2 * c, 200 + 2 * s])).toBe(true);
    expect(t).toMatchObject({ kind: 'text', layer: 'BT', text: 'hi' });
    expect(close(t!.origin!, [100 - 3 * s, 200 + 3 * c])).toBe(true);
    expect(t!.rotation).toBeCloseTo(30, 9);
    expect(t!.height).toBeCloseTo(3, 9);
    // INNER: (1,0)-(2,0) − base (1,0) → rotate 90° → + (5,5) = (5,5)-(5,6); then B1's transform
    expect(l2!.layer).toBe('INS');
    expect(close(l2!.points![0]!, [100 + 10 * c - 15 * s, 200 + 10 * s + 15 * c])).toBe(true);
    expect(close(l2!.points![1]!, [100 + 10 * c - 18 * s, 200 + 10 * s + 18 * c])).toBe(true);
    expect(ins.children!.every((ch) => ch.index === 0)).toBe(true);
    expect(dxf.counts.placed).toBe(3);
  });

  it('array inserts and ATTRIB texts', () => {
    const dxf = read(
      rawDxf({
        blocks: [{ name: 'P', entities: E.point('0', [0, 0]) }],
        entities: [
          [0, 'INSERT'], [8, 'I'], [66, 1], [2, 'P'], [10, 10], [20, 20], [70, 2], [71, 3], [44, 5], [45, 7],
          [0, 'ATTRIB'], [8, 'SO_THUA'], [10, 10], [20, 20], [40, 1], [1, '123'], [2, 'SO'], [70, 0],
          [0, 'SEQEND'], [8, 'I'],
          ...E.point('X', [0, 0]),
        ],
      }),
    );
    expect(dxf.entities).toHaveLength(2);
    const ch = dxf.entities[0]!.children!;
    expect(ch.filter((e) => e.kind === 'point').map((e) => e.origin)).toEqual([[10, 20], [15, 20], [10, 27], [15, 27], [10, 34], [15, 34]]);
    expect(ch[6]).toMatchObject({ kind: 'text', type: 'ATTRIB', layer: 'SO_THUA', text: '123', origin: [10, 20] });
  });

  it('a block that inserts itself is refused, not followed forever', () => {
    const err = userError(() => read(rawDxf({ blocks: [{ name: 'LOOP', entities: [...E.line('0', [0, 0], [1, 1]), ...E.insert('0', 'LOOP', [1, 0])] }], entities: E.insert('0', 'LOOP', [0, 0]) })));
    expect(err.code).toBe('import.corrupt');
    expect(err.message).toContain('LOOP');
  });

  it('a huge array count is refused', () => {
    const err = userError(() => read(rawDxf({ blocks: [{ name: 'P', entities: [] }], entities: [[0, 'INSERT'], [8, '0'], [2, 'P'], [10, 0], [20, 0], [70, 100000], [71, 100000]] })));
    expect(err.code).toBe('import.corrupt');
  });

  it('missing blocks place nothing', () => {
    expect(read(rawDxf({ entities: E.insert('0', 'NOPE', [0, 0]) })).entities[0]!.children).toEqual([]);
  });
});

describe('refusals and damage', () => {
  it('binary DXF, DWG and other files get their own message naming the file', () => {
    const bin = new Uint8Array([...Buffer.from('AutoCAD Binary DXF\r\n\x1a\0', 'latin1'), 0, 0]);
    expect(userError(() => readDxf(bin, { fileName: 'a.dxf' })).code).toBe('dxf.binary');
    expect(userError(() => readDxf(Buffer.from('AC1018\0\0\0\0'), { fileName: 'a.dwg' })).code).toBe('dxf.dwg');
    const e = userError(() => readDxf(Buffer.from('hello world\n'), { fileName: 'b.dxf' }));
    expect(e.code).toBe('dxf.notDxf');
    expect(e.message).toContain('b.dxf');
    expect(userError(() => readDxf(new Uint8Array(0), { fileName: 'c.dxf' })).code).toBe('dxf.notDxf');
  });

  it('a bad number names its line', () => {
    const s = rawDxf({ entities: E.line('L', [0, 0], [1, 1]) }).replace('\n 11\n1\n', '\n 11\n1,5\n');
    const e = userError(() => read(s));
    expect(e.code).toBe('import.corrupt');
    const line = s.split('\n').indexOf('1,5') + 1;
    expect(e.params.detail).toContain(`line ${line}`);
  });

  it('a file cut inside a section is refused', () => {
    const s = rawDxf({ entities: [...E.line('L', [0, 0], [1, 1]), ...E.line('L', [1, 1], [2, 2])] });
    const e = userError(() => read(s.slice(0, s.indexOf('ENDSEC', s.indexOf('ENTITIES')))));
    expect(e.code).toBe('import.corrupt');
    expect(e.message).toContain('ENTITIES');
  });

  it('the file reader checks existence and size', () => {
    expect(userError(() => readDxfFile(join(dir, 'missing.dxf'))).code).toBe('import.fileNotFound');
    const f = save(rawDxf({ entities: E.point('P', [1, 1]) }));
    expect(userError(() => readDxfFile(f, { maxBytes: 10 })).code).toBe('import.tooLarge');
    expect(readDxfFile(f).entities).toHaveLength(1);
  });
});

describe.skipIf(!hasOgr2ogr())('the hand-made drawings against ogr2ogr (needs gdal-bin)', () => {
  const entities: Pair[] = [
    ...E.line('L', [1.5, 2.25], [3.125, 4]),
    ...E.arc('A', [100, 200], 10, 0, 90),
    ...E.arc('A', [0, 0], 2, 350, 10),
    ...E.arc('A', [-5, 3], 7.3, 123.4, 47.9),
    ...E.circle('C', [5, 5], 3),
    ...E.lwpolyline('L', [[0, 0, 0.5], [10, 0], [10, 10, -0.3], [3, 12]], true),
    // |bulge| ≤ 1 only: GDAL 3.6 misplaces major arcs (bulge > 1), see docs/dxf.md
    ...E.lwpolyline('L', [[0, 0, -1], [10, 0, 0.8], [20, 5]]),
    ...E.polyline('P', [[0, 0], [1, 0], [1, 1]], 1),
    ...E.point('PT', [3, 4]),
    ...E.text('T', [1, 2], 'Số 5', 2, 30),
    ...E.mtext('M', [3, 4], '{\\H1.2x;Thửa}\\P12'),
  ];

  it('same vertices (GDAL joint repeats dropped), layers and texts', () => {
    const f = save(Buffer.from(rawDxf({ header: [[9, '$ACADVER'], [1, 'AC1021']], entities }), 'utf8'));
    // GDAL 3.6 decodes 2007+ files by $DWGCODEPAGE, not as UTF-8 (docs/dxf.md): tell it.
    const ref = ogrFeatures(f, { DXF_ENCODING: 'UTF-8' });
    const ours = flatEntities(readDxfFile(f));
    expect(ours.length).toBe(ref.length);
    for (let i = 0; i < ref.length; i++) {
      const r = ref[i]!;
      const o = ours[i]!;
      expect(o.layer).toBe(r.layer);
      if (r.type === 'Point') {
        expect(close(o.origin!, r.coordinates as number[])).toBe(true);
        if (o.kind === 'text') expect(o.text).toBe(r.text);
        if (o.kind === 'mtext') expect(o.text).toBe((r.text ?? '').replace(/\r/g, ''));
      } else {
        const ref2 = dedupe(r.coordinates as number[][]);
        expect(o.points!.length, `${o.type} ${i}`).toBe(ref2.length);
        o.points!.forEach((p, k) => expect(close(p, ref2[k]!), `${o.type} ${i} vertex ${k}`).toBe(true));
      }
    }
  });

  it('block inserts place the same vertices as GDAL', () => {
    const blocks = [
      { name: 'INNER', base: [1, 0] as [number, number], entities: [...E.line('0', [1, 0], [2, 0]), ...E.arc('0', [1, 0], 1, 0, 45)] },
      { name: 'B1', base: [0.5, 0.5] as [number, number], entities: [...E.lwpolyline('0', [[0, 0], [1, 0, 0.4], [1, 1]]), ...E.insert('0', 'INNER', [5, 5], { rot: 90, sx: 0.5 })] },
    ];
    const f = save(rawDxf({ blocks, entities: [...E.insert('INS', 'B1', [100, 200], { sx: 2, sy: 3, rot: 30 }), ...E.insert('INS2', 'B1', [-50, 20], { rot: -75 })] }));
    const ref = ogrFeatures(f);
    const refPts = ref.flatMap((r) => (r.geometry ? lineParts(r.geometry).flatMap((part) => dedupe(part)) : []));
    const ours = flatEntities(readDxfFile(f)).flatMap((e) => e.points ?? []);
    expect(ours.length).toBe(refPts.length);
    ours.forEach((p, k) => expect(close(p, refPts[k]!, 1e-8), `vertex ${k}`).toBe(true));
  });
});
