import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../electron/cli/run.js';
import { tempDir } from '../../helpers/tools.js';

async function cli(args: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), isTTY: false, env });
  return { code, stdout, stderr };
}

function geojson(dir: string, name: string, n: number, crs = 'EPSG:5899'): string {
  const features = Array.from({ length: n }, (_, i) => {
    const x = 548000 + i * 15;
    const y = 1774000;
    return {
      type: 'Feature',
      properties: { MaXa: '20248', SoHieuToBanDo: String(1 + (i % 3)), SoThuTuThua: String(i + 1), KyHieuMucDichSuDung: 'ODT' },
      geometry: { type: 'Polygon', coordinates: [[[x, y], [x + 10, y], [x + 10, y + 10], [x, y + 10], [x, y]]] },
    };
  });
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', crs: { type: 'name', properties: { name: crs } }, features }));
  return file;
}

describe('parceldesk CLI', () => {
  it('import --json creates the project and reports per input; info --json describes it', async () => {
    const dir = tempDir();
    const input = geojson(dir, 'to-1.geojson', 9);
    const project = path.join(dir, 'xa.gpkg');
    const r = await cli(['import', input, '--project', project, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      inputs: [{ file: input, format: 'GeoJSON', features: 9, imported: 9, skipped: 0, crs: 'EPSG:5899' }],
      parcels: 9,
    });
    const info = await cli(['info', project, '--json']);
    expect(info.code).toBe(0);
    expect(JSON.parse(info.stdout)).toEqual({
      parcels: 9,
      crs: 'EPSG:5899',
      extent: [548000, 1774000, 548130, 1774010],
      sheets: [
        { sheet: '1', parcels: 3 },
        { sheet: '2', parcels: 3 },
        { sheet: '3', parcels: 3 },
      ],
    });
    // A second import adds to the same project.
    const again = await cli(['import', geojson(dir, 'to-2.geojson', 2), '--project', project, '--json']);
    expect(JSON.parse(again.stdout).parcels).toBe(11);
  });

  it('bad input: exit 2, one line on stderr naming the file, nothing written', async () => {
    const dir = tempDir();
    const bad = path.join(dir, 'hong.geojson');
    writeFileSync(bad, '{ not json');
    const project = path.join(dir, 'new.gpkg');
    const r = await cli(['import', bad, '--project', project, '--crs', 'EPSG:5899', '--json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('hong.geojson');
    expect(existsSync(project)).toBe(false);
  });

  it('usage errors are exit 2: unknown option, missing --project, unknown CRS, unknown command', async () => {
    const dir = tempDir();
    const input = geojson(dir, 'a.geojson', 1);
    expect((await cli(['import', input, '--projet', 'x.gpkg'])).code).toBe(2);
    expect((await cli(['import', input])).code).toBe(2);
    const crs = await cli(['import', input, '--project', path.join(dir, 'p.gpkg'), '--crs', 'EPSG:1234']);
    expect(crs.code).toBe(2);
    expect(crs.stderr).toContain('1234');
    expect(existsSync(path.join(dir, 'p.gpkg'))).toBe(false);
    expect((await cli(['frobnicate'])).code).toBe(2);
    expect((await cli(['info', path.join(dir, 'missing.gpkg')])).stderr).toContain('missing.gpkg');
  });

  it('speaks English on request', async () => {
    const r = await cli(['info', '/nonexistent/p.gpkg', '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Project file not found/);
    const vi = await cli(['info', '/nonexistent/p.gpkg']);
    expect(vi.stderr).toMatch(/Không tìm thấy tệp dự án/);
  });
});
