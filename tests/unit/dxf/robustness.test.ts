/**
 * Damaged DXF never crashes or hangs the reader: a few hundred seeded mutations of drawings with
 * every supported entity (truncation, swapped and deleted lines, garbage numbers, huge counts,
 * random bytes) each either read or fail with a UserError.
 */
import { describe, expect, it } from 'vitest';
import { readDxf } from '../../../shared/dxf/index.js';
import { UserError } from '../../../shared/errors.js';
import { writeDxf } from '../../fixtures/dxf-writer.js';
import { E, rawDxf } from './raw-dxf.js';
import { prng as rng } from '../../helpers/prng.js';

const BASES: string[] = [
  rawDxf({
    layers: ['A', 'B'],
    blocks: [
      { name: 'IN', base: [1, 0], entities: [...E.line('0', [1, 0], [2, 0]), ...E.arc('0', [0, 0], 1, 0, 90)] },
      { name: 'OUT', entities: [...E.lwpolyline('0', [[0, 0, 0.5], [1, 0], [1, 1]], true), ...E.insert('0', 'IN', [3, 3], { rot: 45, sx: 2 })] },
    ],
    entities: [
      ...E.insert('A', 'OUT', [10, 10], { rot: 30 }),
      ...E.circle('B', [0, 0], 2),
      ...E.polyline('B', [[0, 0], [1, 0], [1, 1]], 1),
      ...E.text('T', [0, 0], '%%c5', 1, 10),
      ...E.mtext('M', [1, 1], '{\\H1.2x;A}\\PB\\U+00E2'),
      ...E.point('P', [1, 2]),
      [0, 'INSERT'], [8, 'A'], [66, 1], [2, 'IN'], [10, 0], [20, 0], [70, 2], [71, 2], [44, 1], [45, 1],
      [0, 'ATTRIB'], [8, 'A'], [10, 0], [20, 0], [40, 1], [1, '12'], [2, 'SO'], [70, 0],
      [0, 'SEQEND'],
    ],
  }),
  writeDxf(
    [
      { kind: 'line', layer: 'L', from: [0, 0], to: [1, 1] },
      { kind: 'polyline', layer: 'L', points: [[0, 0], [5, 0], [5, 5]], closed: true },
      { kind: 'text', layer: 'T', at: [1, 1], text: String.fromCharCode(0xb8, 0xd6, 0x74), height: 1 },
    ],
    { version: 'R12' },
  ),
  writeDxf([{ kind: 'mtext', layer: 'SO_THUA', at: [3, 3], text: 'Thửa 7', height: 1.5 }, { kind: 'polyline', layer: 'RANH', points: [[0, 0], [1, 0]] }], { version: 'R2000', eol: '\n' }),
];

const GARBAGE = ['1e999', 'NaN', '-', '', '99999999999', '2147483648', '-2147483649', '0x1F', '1.2.3', 'ÿÿÿÿ', 'SECTION', 'EOF', 'ENDSEC', 'INSERT', 'SEQEND', 'VERTEX', '1000000000'];

function mutate(text: string, r: () => number): Uint8Array {
  const lines = text.split(/\r?\n/);
  const pick = (): number => Math.floor(r() * lines.length);
  const kind = Math.floor(r() * 8);
  switch (kind) {
    case 0: {
      // truncate at a random byte
      const b = Buffer.from(text, 'latin1');
      return b.subarray(0, Math.floor(r() * b.length));
    }
    case 1: {
      const i = pick();
      const j = pick();
      [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      break;
    }
    case 2:
      lines.splice(pick(), 1 + Math.floor(r() * 3));
      break;
    case 3:
      lines[pick()] = GARBAGE[Math.floor(r() * GARBAGE.length)]!;
      break;
    case 4: {
      // a count or flag value made huge
      const idx = lines.findIndex((l, k) => k % 2 === 0 && ['70', '71', '90', '66', '72', '73'].includes(l.trim()) && r() < 0.3);
      if (idx >= 0 && idx + 1 < lines.length) lines[idx + 1] = String(Math.floor(r() * 2 ** 31));
      else lines[pick()] = '1000000000';
      break;
    }
    case 5: {
      const i = pick();
      const len = 1 + Math.floor(r() * 40);
      lines.splice(pick(), 0, ...lines.slice(i, i + len));
      break;
    }
    case 6: {
      const b = Buffer.from(lines.join('\n'), 'latin1');
      for (let k = 0; k < 1 + r() * 20; k++) b[Math.floor(r() * b.length)] = Math.floor(r() * 256);
      return b;
    }
    default:
      // a group code line replaced
      lines[pick() & ~1] = String(Math.floor(r() * 1100) - 5);
  }
  return Buffer.from(lines.join('\n'), 'latin1');
}

describe('seeded mutations', () => {
  it('every mutation reads or fails with a UserError', () => {
    let read = 0;
    let refused = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const r = rng(seed);
      const base = BASES[seed % BASES.length]!;
      const bytes = mutate(base, r);
      try {
        const dxf = readDxf(bytes, { fileName: `mutant-${seed}.dxf` });
        expect(Array.isArray(dxf.entities), `seed ${seed}`).toBe(true);
        read++;
      } catch (err) {
        if (!(err instanceof UserError)) throw new Error(`seed ${seed}: ${(err as Error).stack}`);
        expect(err.message, `seed ${seed}`).toContain(`mutant-${seed}.dxf`);
        refused++;
      }
    }
    // Both outcomes occur: the mutations are neither all harmless nor all fatal.
    expect(read).toBeGreaterThan(20);
    expect(refused).toBeGreaterThan(20);
  });
});
