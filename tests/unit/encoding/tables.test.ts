import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { decodeText, encodeText, TEXT_ENCODINGS } from '../../../shared/encoding/index.js';
import { allVietnameseLetters } from '../../../shared/encoding/vietnamese-letters.js';
import { VN1_ONLY_BYTES } from '../../../shared/encoding/tcvn3.js';

function hasIconv(codec: string): boolean {
  try {
    execFileSync('iconv', ['-f', codec, '-t', 'UTF-8'], { input: Buffer.from('a') });
    return true;
  } catch {
    return false;
  }
}

const bytes = (...b: number[]) => Uint8Array.from(b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));
const LETTERS = allVietnameseLetters();

describe('TCVN3 (ABC)', () => {
  it('decodes the byte values listed in the domain reference', () => {
    expect(decodeText(bytes(0xad), 'tcvn3')).toBe('ư');
    expect(decodeText(bytes(0xae), 'tcvn3')).toBe('đ');
    expect(decodeText(bytes(0xa9), 'tcvn3')).toBe('â');
    expect(decodeText(bytes(0xea), 'tcvn3')).toBe('ờ');
    expect(decodeText(bytes(0xb6), 'tcvn3')).toBe('ả');
  });

  it('decodes literal ABC samples as typed with .VnTime fonts', () => {
    // "NguyÔn V¨n An", "Thöa ®Êt sè 12", "Hßa Kh¸nh B¾c", "§µ N½ng"
    expect(decodeText(bytes(...ascii('Nguy'), 0xd4, 0x6e, 0x20, 0x56, 0xa8, 0x6e, ...ascii(' An')), 'tcvn3')).toBe(
      'Nguyễn Văn An',
    );
    expect(decodeText(bytes(...ascii('Th'), 0xf6, 0x61, 0x20, 0xae, 0xca, 0x74, ...ascii(' s'), 0xe8, ...ascii(' 12')), 'tcvn3')).toBe(
      'Thửa đất số 12',
    );
    expect(decodeText(bytes(0x48, 0xdf, 0x61, ...ascii(' Kh'), 0xb8, ...ascii('nh B'), 0xbe, 0x63), 'tcvn3')).toBe('Hòa Khánh Bắc');
    expect(decodeText(bytes(0xa7, 0xb5, 0x20, 0x4e, 0xbd, 0x6e, 0x67), 'tcvn3')).toBe('Đà Nẵng');
  });

  it('round-trips every Vietnamese letter', () => {
    for (const letter of LETTERS) expect(decodeText(encodeText(letter, 'tcvn3'), 'tcvn3')).toBe(letter);
  });

  it('uses VN3 bytes (0xA1-0xFE) for lowercase and Ă Â Ê Ô Ơ Ư Đ, VN1 bytes only for toned capitals', () => {
    for (const letter of LETTERS) {
      const encoded = [...encodeText(letter, 'tcvn3')];
      const isVn3 = letter === letter.toLowerCase() || 'ĂÂÊÔƠƯĐ'.includes(letter) || /^[A-Z]$/.test(letter);
      if (isVn3) expect(encoded.some((b) => VN1_ONLY_BYTES.has(b)), letter).toBe(false);
      else expect(encoded.every((b) => VN1_ONLY_BYTES.has(b)), letter).toBe(true);
    }
  });

  describe.skipIf(!hasIconv('TCVN5712-1'))('against glibc iconv TCVN5712-1 (VN1)', () => {
    it('decodes all 256 bytes as iconv does', () => {
      for (let b = 0; b < 256; b++) {
        const expected = execFileSync('iconv', ['-f', 'TCVN5712-1', '-t', 'UTF-8'], { input: Buffer.from([b]) })
          .toString('utf8')
          .normalize('NFC');
        expect(decodeText(bytes(b), 'tcvn3'), `byte 0x${b.toString(16)}`).toBe(expected);
      }
    });

    it('encodes every Vietnamese letter to the bytes iconv writes', () => {
      const expected = execFileSync('iconv', ['-f', 'UTF-8', '-t', 'TCVN5712-1'], {
        input: Buffer.from(LETTERS.join('\n'), 'utf8'),
      });
      expect([...encodeText(LETTERS.join('\n'), 'tcvn3')]).toEqual([...expected]);
    });

    it('decodes base letter + combining tone bytes (0xB0-0xB4) like iconv', () => {
      const input = bytes(0x61, 0xb3, 0x20, 0xa9, 0xb3, 0x20, 0x41, 0xb0);
      const expected = execFileSync('iconv', ['-f', 'TCVN5712-1', '-t', 'UTF-8'], { input: Buffer.from(input) });
      expect(decodeText(input, 'tcvn3')).toBe(expected.toString('utf8').normalize('NFC'));
      expect(decodeText(input, 'tcvn3')).toBe('á ấ À');
    });
  });
});

describe('VNI-Windows', () => {
  const vni = (s: string) => Uint8Array.from(Buffer.from(s, 'latin1'));
  it('decodes literal samples typed with VNI fonts', () => {
    expect(decodeText(vni('Nguyeãn Vaên An'), 'vni')).toBe('Nguyễn Văn An');
    expect(decodeText(vni('Xin chaøo caùc baïn'), 'vni')).toBe('Xin chào các bạn');
    expect(decodeText(vni('Thöûa ñaát soá 12, toå 5, phöôøng Hoøa Khaùnh Baéc'), 'vni')).toBe(
      'Thửa đất số 12, tổ 5, phường Hòa Khánh Bắc',
    );
    expect(decodeText(vni('ÑAØ NAÜNG'), 'vni')).toBe('ĐÀ NẴNG');
    expect(decodeText(vni('Quaän Haûi Chaâu, Ñaø Naüng'), 'vni')).toBe('Quận Hải Châu, Đà Nẵng');
    expect(decodeText(vni('Ñaát ôû taïi ñoâ thò'), 'vni')).toBe('Đất ở tại đô thị');
    expect(decodeText(vni('Mó, kyû, ñaïi, Lyù, Yù'), 'vni')).toBe('Mĩ, kỷ, đại, Lý, Ý');
  });

  it('encodes letters the way VNI fonts expect', () => {
    const latin = (u: Uint8Array) => Buffer.from(u).toString('latin1');
    expect(latin(encodeText('Nguyễn Văn An', 'vni'))).toBe('Nguyeãn Vaên An');
    expect(latin(encodeText('Đặng Thị Ỵ', 'vni'))).toBe('Ñaëng Thò Î');
    expect(latin(encodeText('ƯỚC', 'vni'))).toBe('ÖÔÙC');
  });

  it('round-trips every Vietnamese letter', () => {
    for (const letter of LETTERS) expect(decodeText(encodeText(letter, 'vni'), 'vni')).toBe(letter);
  });

  it('keeps a mark byte with no letter under it as its Windows-1252 glyph', () => {
    expect(decodeText(vni('5ù'), 'vni')).toBe('5ù');
  });
});

describe('Windows-1258', () => {
  it('matches TextDecoder("windows-1258") for all 256 bytes', () => {
    const td = new TextDecoder('windows-1258');
    for (let b = 0; b < 256; b++) {
      expect(decodeText(bytes(b), 'windows-1258'), `byte 0x${b.toString(16)}`).toBe(td.decode(bytes(b)).normalize('NFC'));
    }
  });

  it('decodes precomposed vowels followed by combining tones to NFC', () => {
    // "Nguyễn" = N g u y ê(0xEA) + combining tilde (0xDE) n
    expect(decodeText(bytes(...ascii('Nguy'), 0xea, 0xde, 0x6e), 'windows-1258')).toBe('Nguyễn');
    expect(decodeText(bytes(0xd0, 0xe0, 0x20, 0x4e, 0xe3, 0xde, 0x6e, 0x67), 'windows-1258')).toBe('Đà Nẵng');
  });

  it('round-trips every Vietnamese letter', () => {
    for (const letter of LETTERS) expect(decodeText(encodeText(letter, 'windows-1258'), 'windows-1258')).toBe(letter);
  });

  describe.skipIf(!hasIconv('CP1258'))('against glibc iconv CP1258', () => {
    it('encodes every Vietnamese letter to the bytes iconv writes', () => {
      const expected = execFileSync('iconv', ['-f', 'UTF-8', '-t', 'CP1258'], {
        input: Buffer.from(LETTERS.join('\n'), 'utf8'),
      });
      expect([...encodeText(LETTERS.join('\n'), 'windows-1258')]).toEqual([...expected]);
    });
  });
});

describe('all encodings', () => {
  const text = 'Thửa đất số 12, tổ 5, phường Hòa Khánh Bắc; NGUYỄN THỊ ĐẶNG; Đất trồng cây lâu năm';
  it.each(TEXT_ENCODINGS.filter((e) => e !== 'latin1'))('%s round-trips Vietnamese text and returns NFC', (enc) => {
    const decoded = decodeText(encodeText(text.normalize('NFD'), enc), enc);
    expect(decoded).toBe(text.normalize('NFC'));
  });

  it('latin1 (Windows-1252) round-trips Western text and marks what it cannot hold with "?"', () => {
    expect(decodeText(encodeText('Épinay-sur-Orge €5 “quoted”', 'latin1'), 'latin1')).toBe('Épinay-sur-Orge €5 “quoted”');
    expect(decodeText(encodeText('Nẵng', 'latin1'), 'latin1')).toBe('N?ng');
  });
});
