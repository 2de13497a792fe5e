import { describe, expect, it } from 'vitest';
import { isVietnameseSyllable, syllableProblem } from '../../../shared/encoding/index.js';
import { commonSyllableWords } from '../../../shared/encoding/common-syllables.js';

describe('Vietnamese syllable checker', () => {
  it.each([
    'thửa', 'đất', 'số', 'phường', 'Hòa', 'hoà', 'Khánh', 'Bắc', 'Nguyễn', 'NGUYỄN', 'quốc', 'quyết', 'gì', 'gìn',
    'giếng', 'giữa', 'nghiêng', 'khuya', 'khuỷu', 'ngoằn', 'oanh', 'huỳnh', 'xoong', 'yêu', 'ý', 'ưng', 'mười',
    'rượu', 'thuở', 'kỹ', 'lúa', 'ạ', 'ếch', 'uống', 'chuyện', 'tuần', 'hoặc', 'xuân', 'gạch', 'anh',
  ])('accepts %s', (word) => {
    expect(syllableProblem(word)).toBeNull();
  });

  it.each([
    ['nguyơn', 'nucleus'],
    ['NguyƠn', 'case'],
    ['hựngs', 'final'],
    ['vaên', 'nucleus'],
    ['bàt', 'stopTone'],
    ['tac', 'stopTone'],
    ['kan', 'spelling'],
    ['ci', 'spelling'],
    ['ghà', 'spelling'],
    ['ngê', 'spelling'],
    ['fan', 'letters'],
    ['v¨n', 'letters'],
    ['ắǹg', 'tones'],
    ['ăng', null],
    ['ích', null],
    ['êng', 'final'],
    ['qu', 'nucleus'],
  ] as const)('judges %s as %s', (word, problem) => {
    const got = syllableProblem(word);
    if (problem === null) expect(got).toBeNull();
    else expect(got).not.toBeNull();
  });

  it('rejects two tone marks on one syllable', () => {
    expect(isVietnameseSyllable('a\u0301\u0300n')).toBe(false);
    expect(isVietnameseSyllable('nguyờịn')).toBe(false);
  });

  it('every word of the common-syllable list is itself grammatical', () => {
    const bad = commonSyllableWords().filter((w) => !isVietnameseSyllable(w));
    expect(bad).toEqual([]);
  });
});
