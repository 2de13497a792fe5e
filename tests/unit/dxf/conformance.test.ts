/**
 * Conformance with GDAL on the Da Nang ward 20248 sheet exported as DXF (5,926 LWPOLYLINE on
 * RANH_THUA + 1,955 MTEXT on SO_THUA): the same entities, layers, vertices (exactly) and texts as
 * `ogr2ogr` reads. Skipped when the data or GDAL is absent.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDxfFile } from '../../../electron/services/importers/dxf-file.js';
import { DANANG_DIR } from '../dgn/data-paths.js';
import { flatEntities, hasOgr2ogr, ogrFeatures } from './ogr-dxf.js';

const FILE = join(DANANG_DIR, 'danang_20248_linework_labels.dxf');
const haveData = existsSync(FILE);

describe.skipIf(!haveData)('Da Nang 20248 DXF (needs ../shared/data/vn-danang-dgn)', () => {
  it('reads the header, layers and every entity', () => {
    const dxf = readDxfFile(FILE);
    expect(dxf.header.acadVer).toBe('AC1018');
    expect(dxf.header.codepage).toBe('ANSI_1252');
    expect(dxf.counts.byType).toEqual({ LWPOLYLINE: 5926, MTEXT: 1955 });
    expect(dxf.counts.byLayer).toEqual({ RANH_THUA: 5926, SO_THUA: 1955 });
    expect(dxf.header.extMin).toEqual([549378.193, 1776083.199, 0]);
    expect(dxf.bounds).toEqual([549378.193, 1776083.199, 550055.942, 1776569.68]);
    const texts = dxf.entities.filter((e) => e.kind === 'mtext');
    expect(texts.every((t) => /^\d+$/.test(t.text ?? ''))).toBe(true);
    expect(new Set(texts.map((t) => t.height))).toEqual(new Set([1.5]));
  });

  it.skipIf(!hasOgr2ogr())('matches ogr2ogr feature by feature (needs gdal-bin)', () => {
    const ours = flatEntities(readDxfFile(FILE));
    const ref = ogrFeatures(FILE);
    expect(ours.length).toBe(ref.length);
    let vertices = 0;
    for (let i = 0; i < ref.length; i++) {
      const r = ref[i]!;
      const o = ours[i]!;
      expect(o.layer, `feature ${i}`).toBe(r.layer);
      expect(o.handle, `feature ${i}`).toBe(r.handle);
      if (r.type === 'Point') {
        expect(o.kind).toBe('mtext');
        expect(o.text).toBe(r.text);
        expect(o.origin!.slice(0, 2)).toEqual((r.coordinates as number[]).slice(0, 2));
      } else {
        expect(r.type).toBe('LineString');
        const pts = (r.coordinates as number[][]).map((p) => p.slice(0, 2));
        expect(o.points!.map((p) => [p[0], p[1]]), `feature ${i}`).toEqual(pts);
        vertices += pts.length;
      }
    }
    expect(vertices).toBeGreaterThan(5926 * 2);
  });
});
