import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../shared/errors.js';
import { openShapefile } from '../../../electron/services/importers/shapefile.js';
import { writeShapefile, type FixtureFeature } from '../../fixtures/shapefile-writer.js';
import { encodeText } from '../../../shared/encoding/index.js';
import { prng as rng } from '../../helpers/prng.js';

const dir = mkdtempSync(path.join(tmpdir(), 'pd-shp-robust-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function features(count: number, text: (i: number) => string): FixtureFeature[] {
  return Array.from({ length: count }, (_, i) => ({
    geometry: {
      type: 'Polygon' as const,
      coordinates: [
        [[i, 0], [i + 1, 0], [i + 1, 1], [i, 1], [i, 0]],
        [[i + 0.2, 0.2], [i + 0.2, 0.4], [i + 0.4, 0.4], [i + 0.4, 0.2], [i + 0.2, 0.2]],
      ],
    },
    properties: { id: i, ten: text(i) },
  }));
}

describe('shapefile reader robustness', () => {
  it('either reads or throws a UserError naming a part, never anything else, on 300 randomly damaged files', () => {
    const base = path.join(dir, 'fuzz');
    writeShapefile(base, {
      fields: [
        { name: 'id', type: 'N', length: 6 },
        { name: 'ten', type: 'C', length: 30 },
      ],
      features: features(20, (i) => `Nguyễn Văn ${i}`),
      encoding: 'tcvn3',
    });
    const originals = Object.fromEntries(['shp', 'shx', 'dbf'].map((e) => [e, readFileSync(`${base}.${e}`)]));
    const random = rng(12345);
    let userErrors = 0;
    for (let round = 0; round < 300; round++) {
      const part = ['shp', 'shx', 'dbf'][round % 3]!;
      const damaged = Buffer.from(originals[part]!);
      const hits = 1 + Math.floor(random() * 6);
      for (let h = 0; h < hits; h++) damaged[Math.floor(random() * damaged.length)] = Math.floor(random() * 256);
      const cut = random() < 0.3 ? Math.floor(random() * damaged.length) : damaged.length;
      for (const e of ['shp', 'shx', 'dbf']) writeFileSync(`${base}.${e}`, e === part ? damaged.subarray(0, cut) : originals[e]!);
      try {
        const src = openShapefile(`${base}.shp`);
        try {
          for (const f of src.features()) expect(f.index).toBeGreaterThanOrEqual(0);
        } finally {
          src.close();
        }
      } catch (err) {
        if (!(err instanceof UserError)) throw new Error(`round ${round} (${part}): ${String(err)}`);
        expect(String(err.params.file)).toMatch(/fuzz\.(shp|shx|dbf)$/);
        userErrors++;
      }
    }
    expect(userErrors).toBeGreaterThan(50);
  });

  it('samples text from the whole table: TCVN3 values after 6 000 ASCII rows are still detected', () => {
    const base = path.join(dir, 'late');
    const n = 8000;
    writeShapefile(base, {
      fields: [
        { name: 'id', type: 'N', length: 6 },
        { name: 'ten', type: 'C', length: 30 },
      ],
      features: features(n, (i) => (i < 6000 ? `ODT ${i}` : 'Trần Thị Ngọc Ánh')),
      encoding: 'tcvn3',
    });
    const src = openShapefile(`${base}.shp`);
    expect(src.encoding).toBe('tcvn3');
    let last: unknown;
    for (const f of src.features()) last = f.properties.ten;
    src.close();
    expect(last).toBe('Trần Thị Ngọc Ánh');
    expect(encodeText('Trần', 'tcvn3')).not.toEqual(encodeText('Trần', 'utf-8'));
  });
});
