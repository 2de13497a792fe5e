/**
 * Damaged files: a few hundred deterministic byte-level mutations of each fixture (flipped bytes,
 * truncation, inserted garbage, huge words-to-follow and counts). The reader must either return
 * or throw a UserError naming the file — never another exception, never a hang — and whatever
 * it returns must hold only finite coordinates.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../shared/errors.js';
import { readDgn, type DgnElement } from '../../../shared/dgn/index.js';
import { FIXTURES_DIR } from './data-paths.js';
import { synthetic2d, synthetic3d } from './synthetic-fixtures.js';
import { prng } from '../../helpers/prng.js';

/** Byte offsets of the element records (to aim mutations at headers and counts). */
function recordOffsets(b: Uint8Array): number[] {
  const out: number[] = [];
  let p = 0;
  while (p + 4 <= b.length && !(b[p] === 0xff && b[p + 1] === 0xff) && out.length < 100_000) {
    out.push(p);
    p += 4 + 2 * (b[p + 2]! | (b[p + 3]! << 8));
  }
  return out;
}

function mutate(base: Uint8Array, rnd: () => number): Uint8Array {
  const int = (n: number) => Math.floor(rnd() * n);
  const records = recordOffsets(base);
  const someRecord = () => records[int(records.length)] ?? 0;
  const b = base.slice();
  switch (int(7)) {
    case 0: {
      const n = 1 + int(8);
      for (let i = 0; i < n; i++) b[int(b.length)] = int(256);
      return b;
    }
    case 1:
      return b.subarray(0, int(b.length));
    case 2: {
      const at = int(b.length);
      const junk = Uint8Array.from({ length: 1 + int(64) }, () => int(256));
      const out = new Uint8Array(b.length + junk.length);
      out.set(b.subarray(0, at), 0);
      out.set(junk, at);
      out.set(b.subarray(at), at + junk.length);
      return out;
    }
    case 3: {
      const p = someRecord();
      const wtf = rnd() < 0.5 ? 0xffff : int(0x10000);
      b[p + 2] = wtf & 0xff;
      b[p + 3] = wtf >> 8;
      return b;
    }
    case 4: {
      // vertex counts, total lengths, component counts, text lengths
      const p = someRecord();
      for (const q of [36, 37, 38, 39, 58, 74]) if (p + q < b.length && rnd() < 0.5) b[p + q] = 0xff;
      return b;
    }
    case 5: {
      const p = someRecord();
      b[p] = int(256); // level / complex bit
      b[p + 1] = int(256); // type / deleted bit
      return b;
    }
    default: {
      const from = int(b.length);
      const len = int(256);
      const to = int(b.length);
      b.copyWithin(to, from, Math.min(b.length, from + len));
      return b;
    }
  }
}

function allFinite(els: DgnElement[]): boolean {
  const ok = (p: number[]) => p.every(Number.isFinite);
  for (const el of els) {
    if (el.points && !el.points.every(ok)) return false;
    if (el.parts && !el.parts.every((part) => part.every(ok))) return false;
    if (el.rings && !el.rings.every((ring) => ring.every(ok))) return false;
    if (el.origin && !ok(el.origin)) return false;
    if (el.children && !allFinite(el.children)) return false;
  }
  return true;
}

const bases: [string, () => Uint8Array][] = [
  ['synthetic-2d', synthetic2d],
  ['synthetic-3d', synthetic3d],
];
for (const name of ['smalltest.dgn', 'seed_2d.dgn', 'seed_3d.dgn', 'knot_oob.dgn']) {
  const path = join(FIXTURES_DIR, name);
  if (existsSync(path)) bases.push([name, () => new Uint8Array(readFileSync(path))]);
}

describe('DGN reader on damaged files', () => {
  it.each(bases)('%s: 120 mutations read or fail with a UserError', (name, make) => {
    const base = make();
    const rnd = prng(0xd67 ^ name.length * 7919);
    let read = 0;
    let refused = 0;
    for (let i = 0; i < 120; i++) {
      const bytes = mutate(base, rnd);
      try {
        const f = readDgn(bytes, { fileName: `${name}#${i}` });
        expect(allFinite(f.elements), `${name} mutation ${i}`).toBe(true);
        read++;
      } catch (e) {
        if (!(e instanceof UserError)) throw new Error(`${name} mutation ${i}: ${String(e)}`);
        expect(['import.corrupt', 'dgn.notDgn', 'dgn.v8']).toContain(e.code);
        expect(e.message).toContain(`${name}#${i}`);
        refused++;
      }
    }
    // Both outcomes occur, so the mutations really exercise the error paths.
    expect(read).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  }, 20_000);
});
