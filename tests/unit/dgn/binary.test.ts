import { describe, expect, it } from 'vitest';
import { i32, rad50, u32, vaxDouble } from '../../../shared/dgn/binary.js';
import { putI32, putVax } from './dgn-writer.js';

describe('ISFF number formats', () => {
  it('reads 32-bit integers in middle-endian (PDP-11) order', () => {
    // 0x12345678 is stored as 34 12 78 56
    expect(i32(Uint8Array.of(0x34, 0x12, 0x78, 0x56), 0)).toBe(0x12345678);
    expect(i32(Uint8Array.of(0xff, 0xff, 0xfe, 0xff), 0)).toBe(-2);
    expect(u32(Uint8Array.of(0x00, 0x80, 0x00, 0x00), 0)).toBe(2147483648);
  });

  it('reads VAX D-float: 1.0 is 80 40 00 00 00 00 00 00', () => {
    expect(vaxDouble(Uint8Array.of(0x80, 0x40, 0, 0, 0, 0, 0, 0), 0)).toBe(1);
    expect(vaxDouble(Uint8Array.of(0x80, 0xc0, 0, 0, 0, 0, 0, 0), 0)).toBe(-1);
    expect(vaxDouble(new Uint8Array(8), 0)).toBe(0);
  });

  it('round-trips doubles through VAX D-float', () => {
    const a = new Uint8Array(8);
    for (const v of [0.5, 1234.5678, -98765.4321, 1e-9, 2.5e12, 4.679606583891428]) {
      putVax(a, 0, v);
      expect(vaxDouble(a, 0)).toBe(v);
    }
  });

  it('round-trips integers through the middle-endian writer', () => {
    const a = new Uint8Array(4);
    for (const v of [0, 1, -1, 2147483647, -2147483648, 1_234_567]) {
      putI32(a, 0, v);
      expect(i32(a, 0)).toBe(v);
    }
  });

  it('decodes Radix-50 cell names', () => {
    // "ABC" = 1*1600 + 2*40 + 3
    expect(rad50(1683)).toBe('ABC');
    expect(rad50(0)).toBe('   ');
    expect(rad50(30 * 1600 + 31 * 40 + 28)).toBe('01.');
  });
});
