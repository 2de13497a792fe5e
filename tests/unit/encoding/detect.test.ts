import { describe, expect, it } from 'vitest';
import { detectEncoding, encodeText, type TextEncodingName } from '../../../shared/encoding/index.js';

/** Short strings as they appear in cadastral attribute tables. */
const SAMPLES = [
  'Thửa đất số 12, tổ 5, phường Hòa Khánh Bắc',
  'Nguyễn Văn An',
  'Lê Văn Hùng',
  'Trần Thị Ngọc Ánh',
  'Phạm Đức Thắng',
  'Huỳnh Thị Mỹ Lệ',
  'Võ Quốc Cường',
  'Đặng Thị Hường',
  'Bùi Xuân Trường',
  'NGUYỄN THỊ ĐẶNG',
  'Đất ở tại đô thị',
  'Đất ở tại nông thôn',
  'Đất trồng lúa nước',
  'Đất trồng cây lâu năm',
  'Đất rừng sản xuất',
  'Đất nuôi trồng thủy sản',
  'Đất giao thông',
  'Đất thủy lợi',
  'Đất nghĩa trang, nghĩa địa',
  'Tổ 12, phường Hải Châu 1, quận Hải Châu, thành phố Đà Nẵng',
  'Thôn Phú Lộc, xã Hòa Sơn, huyện Hòa Vang',
  'Khu vực 3, phường An Hải Bắc',
  'Ủy ban nhân dân xã',
  'Công ty TNHH Thương mại Dịch vụ Minh Phát',
  'Kiệt 45 Nguyễn Lương Bằng',
];

const LEGACY: TextEncodingName[] = ['tcvn3', 'vni', 'windows-1258', 'utf-8'];

describe('detectEncoding', () => {
  describe.each(LEGACY)('%s', (enc) => {
    it.each(SAMPLES)('recognises "%s" on its own', (text) => {
      const guess = detectEncoding([encodeText(text, enc)]);
      expect(guess.encoding).toBe(enc);
      expect(guess.confidence).toBeGreaterThan(0.2);
    });

    it('is confident on a column of values', () => {
      const guess = detectEncoding(SAMPLES.map((s) => encodeText(s, enc)));
      expect(guess.encoding).toBe(enc);
      expect(guess.confidence).toBeGreaterThan(0.8);
      expect(guess.words).toBeGreaterThan(40);
    });
  });

  it('calls pure ASCII UTF-8 with full confidence and says it was ASCII', () => {
    const guess = detectEncoding([encodeText('ODT', 'utf-8'), encodeText('12', 'utf-8')]);
    expect(guess).toMatchObject({ encoding: 'utf-8', confidence: 1, ascii: true });
  });

  it('reads an empty sample list as ASCII', () => {
    expect(detectEncoding([]).ascii).toBe(true);
  });

  it('tolerates a UTF-8 character cut by a fixed field width', () => {
    const bytes = encodeText('Phường Hòa Khánh Bắc', 'utf-8');
    const cut = bytes.slice(0, bytes.length - 1); // "ắ" is 3 bytes; keep 2 of them
    expect(detectEncoding([cut]).encoding).toBe('utf-8');
  });

  it('falls back to latin1 with zero confidence when nothing reads as Vietnamese', () => {
    const guess = detectEncoding([encodeText('Épinay-sur-Orge', 'latin1'), encodeText('Forêt domaniale', 'latin1')]);
    expect(guess.encoding).toBe('latin1');
    expect(guess.confidence).toBe(0);
  });

  it('scores the wrong readings of TCVN3 text far below the right one', () => {
    const guess = detectEncoding(SAMPLES.map((s) => encodeText(s, 'tcvn3')));
    expect(guess.scores.tcvn3).toBeGreaterThan(0.9);
    expect(guess.scores.vni).toBeLessThan(0.3);
    expect(guess.scores['windows-1258']).toBeLessThan(0.3);
    expect(guess.scores['utf-8']).toBe(-Infinity);
  });
});
