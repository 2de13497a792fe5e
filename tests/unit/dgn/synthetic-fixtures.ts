/**
 * Synthetic design files covering every element type the reader decodes, built with the test
 * writer. Used by the literal tests (values we wrote must come back) and, when GDAL is present,
 * by the conformance test (GDAL must read the same as we do).
 */
import { encodeText } from '../../../shared/encoding/index.js';
import { DgnTestWriter, latin1, multiByte } from './dgn-writer.js';

/** The land-use text on the 2D sheet, stored in TCVN3 (ABC) as Famis-era sheets do. */
export const VN_TEXT = 'Đất ở tại nông thôn';

/** 2D file: 1 master unit (m) = 1000 sub units (mm) = 1000 UOR; origin at (1000 m, 2000 m). */
export function synthetic2d(): Uint8Array {
  const w = new DgnTestWriter({
    dimension: 2,
    masterName: 'm',
    subName: 'mm',
    subPerMaster: 1000,
    uorPerSub: 1,
    origin: [1_000_000, 2_000_000, 0],
  });
  const line = w.line([1_500_000, 2_500_000], [1_600_000, 2_400_000], { level: 10, color: 3, weight: 2, style: 1, graphicGroup: 7 });
  const ls = w.multi(4, [[1_500_000, 2_500_000], [1_510_000, 2_520_000], [1_530_000, 2_515_000]], { level: 10 });
  const shape = w.multi(6, [[0, 0], [10_000, 0], [10_000, 10_000], [0, 10_000], [0, 0]], { level: 11, color: 1 });
  const curve = w.multi(11, [[0, 0], [1000, 500], [2000, 0], [3000, 1000], [4000, 0], [5000, 800], [6000, 0], [7000, 300]], { level: 20 });
  const ellipse = w.arc(15, [1_200_000, 2_300_000], 5000, 3000, 30, 0, 360, { level: 21 });
  const arc = w.arc(16, [1_200_000, 2_300_000], 4000, 4000, 0, 45, 90, { level: 21 });
  const arcNeg = w.arc(16, [1_200_000, 2_300_000], 4000, 2000, 10, 180, -120, { level: 21 });
  const text = w.text([1_234_567, 2_345_678], latin1('123'), { font: 1, just: 7, height: 1500, width: 1200, rotationDeg: 30.5 }, { level: 13, color: 3 });
  const textVn = w.text([1_234_000, 2_345_000], encodeText(VN_TEXT, 'tcvn3'), {}, { level: 2 });
  const textMb = w.text([1_234_100, 2_345_100], multiByte('Đất ở'), {}, { level: 2 });
  const node = w.textNode([1_100_000, 2_100_000], [
    w.text([1_100_000, 2_100_000], latin1('ODT'), {}, { level: 2, complex: true }),
    w.text([1_100_000, 2_098_000], latin1('120.5'), {}, { level: 4, complex: true }),
  ], { level: 2 });
  const chain = w.complex(12, [
    w.multi(4, [[0, 0], [1000, 0], [1000, 1000]], { level: 10, complex: true }),
    w.arc(16, [1000, 2000], 1000, 1000, 0, 270, 90, { level: 10, complex: true }),
    w.line([2000, 2000], [3000, 2000], { level: 10, complex: true }),
  ], { level: 10 });
  const cshape = w.complex(14, [
    w.multi(4, [[20_000, 0], [30_000, 0], [30_000, 10_000]], { level: 11, complex: true }),
    // reversed on purpose: the ring must still close
    w.multi(4, [[20_000, 0], [20_000, 10_000], [30_000, 10_000]], { level: 11, complex: true }),
  ], { level: 11, color: 5 });
  const cell = w.cell('MOC', [1_050_000, 2_050_000], 90, [
    w.line([1_050_000, 2_050_000], [1_051_000, 2_050_000], { level: 15, complex: true }),
    w.cell('INNER', [1_050_000, 2_050_000], 0, [
      w.text([1_050_000, 2_050_000], latin1('M1'), {}, { level: 15, complex: true }),
    ], { level: 15, complex: true }),
    w.multi(6, [[1_050_000, 2_050_000], [1_050_100, 2_050_000], [1_050_100, 2_050_100], [1_050_000, 2_050_000]], { level: 15, complex: true }),
  ], { level: 15 });
  const deleted = w.line([0, 0], [1, 1], { level: 10, deleted: true });
  const after = w.line([5, 5], [6, 6], { level: 63, color: 255, weight: 31, style: 7, graphicGroup: 65535 });
  w.add(line, ls, shape, curve, ellipse, arc, arcNeg, text, textVn, textMb, node, chain, cshape, cell, deleted, after);
  return w.bytes();
}

/** 3D file: master unit m, 10 sub units per m, 100 UOR per sub unit; origin (0, 0, -500 m). */
export function synthetic3d(): Uint8Array {
  const w = new DgnTestWriter({
    dimension: 3,
    masterName: 'm',
    subName: 'dm',
    subPerMaster: 10,
    uorPerSub: 100,
    origin: [0, 0, -500_000],
  });
  w.add(
    w.line([1000, 2000, 3000], [4000, 5000, 6000], { level: 1, color: 2 }),
    w.multi(4, [[0, 0, 0], [1000, 0, 10], [1000, 1000, 20]], { level: 2 }),
    w.multi(6, [[0, 0, 5], [1000, 0, 5], [1000, 1000, 5], [0, 0, 5]], { level: 3 }),
    w.text([12_345, 67_890, 1000], latin1('3D text'), { height: 500, rotationDeg: 45 }, { level: 4 }),
    w.arc(15, [5000, 5000, 100], 2000, 1000, 0, 0, 360, { level: 5 }),
    w.arc(16, [5000, 5000, 100], 2000, 2000, 0, 0, 180, { level: 5 }),
    w.cell('C3', [100, 200, 300], 0, [w.line([100, 200, 300], [400, 500, 600], { level: 6, complex: true })], { level: 6 }),
    w.complex(14, [
      w.multi(4, [[0, 0, 0], [100, 0, 0], [100, 100, 0]], { level: 7, complex: true }),
      w.multi(4, [[100, 100, 0], [0, 100, 0], [0, 0, 0]], { level: 7, complex: true }),
    ], { level: 7 }),
  );
  return w.bytes();
}
