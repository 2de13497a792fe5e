import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateCommune } from '../../../shared/sample/synthetic-commune.js';
import { communeToDgnElements, putInt32, putVaxDouble, writeDgnV7 } from '../../fixtures/dgn-writer.js';
import { communeToDxfEntities, writeDxf } from '../../fixtures/dxf-writer.js';

const hasGdal = spawnSync('ogr2ogr', ['--version']).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'pd-fixture-writers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Features as GDAL reads them (the reference peer of issue 3). */
function gdalFeatures(file: string, extra: string[] = []): Array<{ properties: Record<string, unknown>; geometry: { type: string; coordinates: unknown } }> {
  const r = spawnSync('ogr2ogr', [...extra, '-f', 'GeoJSON', '-dim', 'XY', '/vsistdout/', file], { encoding: 'utf8', maxBuffer: 1 << 28 });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout).features;
}

// Independent decoders written from the format description, to check the writer's byte layout.
const int32 = (b: Uint8Array, o: number): number => (b[o + 2]! | (b[o + 3]! << 8) | (b[o]! << 16) | (b[o + 1]! << 24)) | 0;
function vaxToIeee(b: Uint8Array, o: number): number {
  const w = [0, 1, 2, 3].map((i) => b[o + 2 * i]! | (b[o + 2 * i + 1]! << 8));
  const sign = w[0]! & 0x8000 ? -1 : 1;
  const exp = (w[0]! >> 7) & 0xff;
  if (exp === 0) return 0;
  const frac = ((w[0]! & 0x7f) * 2 ** 48 + w[1]! * 2 ** 32 + w[2]! * 2 ** 16 + w[3]!) / 2 ** 55;
  return sign * (0.5 + frac / 2) * 2 ** (exp - 128);
}

const commune = generateCommune({ seed: 3, sheets: 1, scale: 500 });

describe('DGN v7 writer', () => {
  it('stores 32-bit integers middle-endian and doubles as VAX D-floats', () => {
    const b = new Uint8Array(16);
    for (const v of [0, 1, -1, 123456789, -775000000, 2 ** 31 - 1]) {
      putInt32(b, 0, v);
      expect(int32(b, 0)).toBe(v);
    }
    putInt32(b, 0, 0x01020304);
    expect([...b.subarray(0, 4)]).toEqual([0x02, 0x01, 0x04, 0x03]);
    for (const v of [1, -1, 0.5, -500_000_000, -1_000_000_000, 12345.678]) {
      putVaxDouble(b, 8, v);
      expect(vaxToIeee(b, 8)).toBe(v);
    }
  });

  it('writes the seed TCB, the elements and the end-of-design marker', () => {
    const bytes = writeDgnV7(communeToDgnElements(commune));
    expect([...bytes.subarray(0, 4)]).toEqual([0x08, 0x09, 0xfe, 0x02]);
    expect(int32(bytes, 1112)).toBe(1000);
    expect(int32(bytes, 1116)).toBe(1);
    expect(String.fromCharCode(bytes[1120]!, bytes[1122]!, bytes[1123]!)).toBe('mmm');
    expect(vaxToIeee(bytes, 1240)).toBe(-500_000_000);
    expect(vaxToIeee(bytes, 1248)).toBe(-1_000_000_000);
    expect([...bytes.subarray(bytes.length - 2)]).toEqual([0xff, 0xff]);
    // Walk the elements by their words-to-follow.
    let o = 0;
    const seen: Array<[number, number]> = [];
    while (bytes[o] !== 0xff || bytes[o + 1] !== 0xff) {
      seen.push([bytes[o + 1]! & 0x7f, bytes[o]! & 0x3f]);
      o += 4 + 2 * (bytes[o + 2]! | (bytes[o + 3]! << 8));
    }
    expect(o).toBe(bytes.length - 2);
    expect(seen[0]).toEqual([9, 8]);
    expect(seen.filter(([t, l]) => t === 17 && l === 13).length).toBe(commune.parcels.length);
    expect(seen.filter(([t, l]) => t === 4 && l === 10).length).toBeGreaterThan(commune.parcels.length);
  });

  it.skipIf(!hasGdal)('reads back in GDAL with the same levels, coordinates and texts (needs gdal-bin)', () => {
    const elements = communeToDgnElements(commune);
    const file = join(dir, 'sheet.dgn');
    writeFileSync(file, writeDgnV7(elements));
    const features = gdalFeatures(file);
    expect(features.length).toBe(elements.length);
    features.forEach((f, i) => {
      const el = elements[i]!;
      expect(f.properties.Level).toBe(el.level);
      if (el.kind === 'linestring') {
        expect(f.properties.Type).toBe(4);
        const coords = f.geometry.coordinates as number[][];
        expect(coords.length).toBe(el.points.length);
        coords.forEach((p, k) => {
          expect(Math.abs(p[0]! - el.points[k]![0])).toBeLessThan(6e-4);
          expect(Math.abs(p[1]! - el.points[k]![1])).toBeLessThan(6e-4);
        });
      } else {
        expect(f.properties.Type).toBe(17);
        expect(f.properties.Text).toBe(el.text);
        const [x, y] = f.geometry.coordinates as number[];
        expect(Math.abs(x! - el.origin[0])).toBeLessThan(6e-4);
        expect(Math.abs(y! - el.origin[1])).toBeLessThan(6e-4);
      }
    });
  });
});

describe('DXF writer', () => {
  it('writes R2000 with LWPOLYLINE/MTEXT/TEXT on layers and R12 with POLYLINE/TEXT', () => {
    const r2000 = writeDxf(communeToDxfEntities(commune));
    expect(r2000.startsWith('  0\r\nSECTION\r\n')).toBe(true);
    expect(r2000.endsWith('  0\r\nEOF\r\n')).toBe(true);
    expect(r2000).toContain('AC1015');
    expect(r2000.split('\r\nMTEXT\r\n').length - 1).toBe(commune.parcels.length);
    expect(r2000).toContain('\r\nLWPOLYLINE\r\n');
    const r12 = writeDxf(communeToDxfEntities(commune, undefined, 'R12'), { version: 'R12', eol: '\n' });
    expect(r12).toContain('AC1009');
    expect(r12).not.toContain('LWPOLYLINE');
    expect(r12).not.toContain('MTEXT');
    expect(r12.split('\nSEQEND\n').length - 1).toBe(r12.split('\nPOLYLINE\n').length - 1);
    expect(() => writeDxf([{ kind: 'mtext', layer: 'X', at: [0, 0], text: 'a', height: 1 }], { version: 'R12' })).toThrow(/R2000/);
  });

  it.skipIf(!hasGdal)('reads back in GDAL with the same layers, vertices and texts (needs gdal-bin)', () => {
    for (const version of ['R2000', 'R12'] as const) {
      const entities = communeToDxfEntities(commune, undefined, version);
      entities.push({ kind: 'mtext', layer: 'GHI_CHU', at: [545100, 1775100], text: 'Xứ đồng Bàu Sen', height: 2 });
      if (version === 'R12') entities.pop();
      const file = join(dir, `sheet-${version}.dxf`);
      writeFileSync(file, writeDxf(entities, { version }), 'latin1');
      const features = gdalFeatures(file);
      expect(features.length).toBe(entities.length);
      features.forEach((f, i) => {
        const e = entities[i]!;
        expect(f.properties.Layer).toBe(e.layer);
        if (e.kind === 'polyline') {
          const coords = f.geometry.coordinates as number[][];
          const want = e.closed ? [...e.points, e.points[0]!] : e.points;
          expect(coords.length).toBe(want.length);
          coords.forEach((p, k) => {
            expect(p[0]).toBeCloseTo(want[k]![0], 6);
            expect(p[1]).toBeCloseTo(want[k]![1], 6);
          });
        } else if (e.kind === 'text' || e.kind === 'mtext') {
          expect(f.properties.Text).toBe(e.text);
        }
      });
    }
  });
});
