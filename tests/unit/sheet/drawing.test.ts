/**
 * The sheet drawing both readers convert into: DGN elements (cells, text nodes, complex chains and
 * shapes opened up) and DXF entities (inserts opened up, justified texts at their alignment point),
 * levels as strings, counts per level; and a DXF commune sheet built into parcels through a
 * level profile.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDgn, type DgnElement, type DgnFile } from '../../../shared/dgn/index.js';
import { readDxf } from '../../../shared/dxf/index.js';
import { generateCommune } from '../../../shared/sample/synthetic-commune.js';
import { buildParcels } from '../../../shared/sheet/build-parcels.js';
import { drawingLevels, toBuildDrawing } from '../../../shared/sheet/drawing.js';
import { sheetFromDgn } from '../../../shared/sheet/from-dgn.js';
import { sheetFromDxf } from '../../../shared/sheet/from-dxf.js';
import { findProfile, roleFunction } from '../../../shared/sheet/level-profile.js';
import { writeDgnV7 } from '../../fixtures/dgn-writer.js';
import { communeToDxfEntities, writeDxf } from '../../fixtures/dxf-writer.js';
import { DANANG_DIR } from '../dgn/data-paths.js';
import { E, rawDxf } from '../dxf/raw-dxf.js';

function el(partial: Partial<DgnElement> & Pick<DgnElement, 'kind' | 'level'>): DgnElement {
  return { index: 0, offset: 0, type: 0, deleted: false, complex: false, color: 0, weight: 0, style: 0, graphicGroup: 0, properties: 0, ...partial };
}

describe('from DGN', () => {
  it('lines and texts from a written V7 sheet, levels as strings, metres', () => {
    const bytes = writeDgnV7([
      { kind: 'linestring', level: 10, points: [[500000, 1000000], [500010, 1000000], [500010, 1000010]] },
      { kind: 'text', level: 13, origin: [500005, 1000005], text: '12', height: 1.5, rotation: 15 },
    ]);
    const d = sheetFromDgn(readDgn(bytes, { fileName: 's.dgn' }), 's.dgn');
    expect(d).toMatchObject({ source: 'dgn', file: 's.dgn', units: 'm', metresPerUnit: 1, counts: { '10': 1, '13': 1 } });
    expect(d.lines[0]).toMatchObject({ level: '10', closed: false, elementIndex: d.lines[0]!.elementIndex });
    expect(d.lines[0]!.points.map((p) => [p[0], p[1]])).toEqual([[500000, 1000000], [500010, 1000000], [500010, 1000010]]);
    expect(d.texts[0]).toMatchObject({ level: '13', text: '12', x: 500005, y: 1000005, height: 1.5 });
    expect(d.texts[0]!.rotation).toBeCloseTo(15, 6);
  });

  it('cells and text nodes open up, chains join, complex shapes give closed rings, deleted elements vanish', () => {
    const file: DgnFile = {
      dimension: 2,
      units: { masterName: 'm', subName: 'mm', subPerMaster: 1000, uorPerSub: 1, scale: 0.001, origin: [0, 0, 0] },
      textEncoding: 'utf-8',
      textEncodingConfidence: 1,
      counts: { byLevel: {}, byType: {}, records: 0, deleted: 0 },
      elements: [
        el({ index: 1, kind: 'cell', level: 0, children: [
          el({ kind: 'shape', level: 10, points: [[0, 0], [1, 0], [1, 1], [0, 0]] }),
          el({ kind: 'text-node', level: 5, children: [el({ kind: 'text', level: 4, origin: [0.5, 0.3], text: '120.5', height: 1 })] }),
        ] }),
        el({ index: 2, kind: 'complex-chain', level: 23, parts: [[[0, 0], [1, 0]], [[1, 0], [2, 1]], [[5, 5], [6, 6]]] }),
        el({ index: 3, kind: 'complex-shape', level: 10, rings: [[[0, 0], [4, 0], [4, 4], [0, 0]], [[1, 1], [2, 1], [2, 2], [1, 1]]] }),
        el({ index: 4, kind: 'line', level: 10, deleted: true, points: [[0, 0], [9, 9]] }),
        el({ index: 5, kind: 'other', level: 10 }),
      ],
    };
    const d = sheetFromDgn(file, 'x.dgn');
    expect(d.lines.map((l) => [l.level, l.elementIndex, l.closed, l.points.length])).toEqual([
      ['10', 1, true, 4],
      ['23', 2, false, 3],
      ['23', 2, false, 2],
      ['10', 3, true, 4],
      ['10', 3, true, 4],
    ]);
    expect(d.texts).toEqual([{ level: '4', text: '120.5', x: 0.5, y: 0.3, height: 1, rotation: 0, elementIndex: 1 }]);
    expect(d.counts).toEqual({ '10': 3, '23': 2, '4': 1 });
    expect(drawingLevels(d)).toEqual(['4', '10', '23']);
  });
});

describe('from DXF', () => {
  it('inserts open up, justified text stands at its alignment point, points kept, units from $INSUNITS', () => {
    const dxf = readDxf(
      Buffer.from(
        rawDxf({
          header: [[9, '$ACADVER'], [1, 'AC1015'], [9, '$INSUNITS'], [70, 4]],
          blocks: [{ name: 'NHAN', entities: [...E.circle('0', [0, 0], 0.5), ...E.text('SO_THUA', [0, 0], '7')] }],
          entities: [
            ...E.insert('NHAN_THUA', 'NHAN', [10, 20]),
            [0, 'TEXT'], [8, 'DIEN_TICH'], [10, 1], [20, 2], [40, 1], [1, '150.2'], [72, 1], [73, 2], [11, 5], [21, 6],
            ...E.point('DIEM', [3, 4]),
            ...E.lwpolyline('RANH_THUA', [[0, 0], [1, 0], [1, 1]], true),
          ],
        }),
        'latin1',
      ),
    );
    const d = sheetFromDxf(dxf, 'a.dxf');
    expect(d).toMatchObject({ source: 'dxf', units: 'mm', metresPerUnit: 0.001 });
    expect(d.lines.map((l) => [l.level, l.closed, l.elementIndex])).toEqual([['NHAN_THUA', true, 0], ['RANH_THUA', true, 3]]);
    expect(d.texts.map((t) => [t.level, t.text, t.x, t.y])).toEqual([['SO_THUA', '7', 10, 20], ['DIEN_TICH', '150.2', 5, 6]]);
    expect(d.points).toEqual([{ level: 'DIEM', x: 3, y: 4, elementIndex: 2 }]);
    expect(d.counts).toEqual({ NHAN_THUA: 1, SO_THUA: 1, DIEN_TICH: 1, DIEM: 1, RANH_THUA: 1 });
  });

  it('a synthetic commune sheet in DXF builds every parcel through the vn-dxf-common profile', () => {
    const commune = generateCommune({ seed: 3, sheets: 1, scale: 500 });
    const dxf = readDxf(Buffer.from(writeDxf(communeToDxfEntities(commune)), 'utf8'));
    const d = sheetFromDxf(dxf, 'commune.dxf');
    const result = buildParcels(toBuildDrawing(d), roleFunction(findProfile('vn-dxf-common')!), { scale: 500 });
    expect(result.parcels.length).toBe(commune.parcels.length);
    const numbers = new Set(commune.parcels.map((p) => p.attributes.parcel_no));
    expect(result.parcels.every((p) => p.parcelNo !== null && numbers.has(p.parcelNo))).toBe(true);
    expect(result.parcels.filter((p) => p.landType !== null).length).toBe(commune.parcels.length);
  });
});

const DXF = join(DANANG_DIR, 'danang_20248_linework_labels.dxf');
describe.skipIf(!existsSync(DXF))('Da Nang 20248 DXF through the danang-dxf profile (needs ../shared/data/vn-danang-dgn)', () => {
  it('builds about one parcel per number text, like the DGN of the same sheet', () => {
    const d = sheetFromDxf(readDxf(new Uint8Array(readFileSync(DXF)), { fileName: DXF }), DXF);
    expect(d.counts).toEqual({ RANH_THUA: 5926, SO_THUA: 1955 });
    const result = buildParcels(toBuildDrawing(d), roleFunction(findProfile('danang-dxf')!));
    const labeled = result.parcels.filter((p) => p.labeled).length;
    expect(labeled).toBeGreaterThan(1955 * 0.95);
    expect(labeled).toBeLessThanOrEqual(1955);
  });
});
