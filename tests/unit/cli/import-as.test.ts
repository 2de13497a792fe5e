import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../electron/cli/run.js';
import { ProjectFile } from '../../../electron/services/project/project-file.js';
import { readValidationReference } from '../../../electron/services/project/reference-areas.js';
import { tempDir } from '../../helpers/tools.js';

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli([...args, '--lang', 'en'], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), isTTY: false, env: {} });
  return { code, stdout, stderr };
}

type Ring = [number, number][];
const square = (x: number, y: number, w: number, h: number): Ring => [[x, y], [x + w, y], [x + w, y + h], [x, y + h], [x, y]];

function geojson(file: string, features: { props: Record<string, unknown>; rings: Ring[] }[], crs = 'EPSG:5899'): string {
  writeFileSync(
    file,
    JSON.stringify({
      type: 'FeatureCollection',
      crs: { type: 'name', properties: { name: crs } },
      features: features.map((f) => ({ type: 'Feature', properties: f.props, geometry: { type: 'Polygon', coordinates: f.rings } })),
    }),
  );
  return file;
}

const X = 548000, Y = 1774000;

/** Two sheets of 100 × 100 m; sheet 1 holds 10 strips of 10 m: the first 10 m short of the north edge (a notch on the boundary), the last reaching 5 m into sheet 2. */
function commune(dir: string) {
  const parcels = geojson(
    path.join(dir, 'thua.geojson'),
    Array.from({ length: 10 }, (_, i) => ({
      props: { MaXa: '20248', SoHieuToBanDo: '1', SoThuTuThua: String(i + 1), KyHieuMucDichSuDung: 'ODT' },
      rings: [square(X + 10 * i, Y, i === 9 ? 15 : 10, i === 0 ? 90 : 100)],
    })),
  );
  const frames = geojson(path.join(dir, 'khung.geojson'), [
    { props: { SoTo: '1', MaXa: '20248' }, rings: [square(X, Y, 100, 100)] },
    { props: { SoTo: '2', MaXa: '20248' }, rings: [square(X + 100, Y, 100, 100)] },
  ]);
  const boundary = geojson(path.join(dir, 'dgx.geojson'), [{ props: { MaXa: '20248', Ten: 'Xã Thử' }, rings: [square(X, Y, 100, 100)] }]);
  return { parcels, frames, boundary };
}

describe('parceldesk import --as', () => {
  it('loads frames and a boundary beside the parcels; validate uses them; GDAL opens the tables', async () => {
    const dir = tempDir();
    const f = commune(dir);
    const project = path.join(dir, 'xa.gpkg');
    expect((await cli(['import', f.parcels, '--project', project])).code).toBe(0);
    const before = await cli(['validate', project, '--json', '--rules', 'crosses-sheet,gap']);
    expect(JSON.parse(before.stdout).findings).toEqual([]);

    const fr = await cli(['import', f.frames, '--project', project, '--as', 'sheet-frames', '--json']);
    expect(fr.stderr).toBe('');
    expect(fr.code).toBe(0);
    expect(JSON.parse(fr.stdout).inputs[0]).toMatchObject({ imported: 2, frames: 2 });
    const bd = await cli(['import', f.boundary, '--project', project, '--as', 'commune-boundary', '--json']);
    expect(bd.code).toBe(0);
    expect(JSON.parse(bd.stdout)).toMatchObject({ inputs: [{ imported: 1, boundaries: 1 }], parcels: 10 });

    const p = ProjectFile.open(project);
    const ref = readValidationReference(p.db);
    const audit = p.db.prepare(`SELECT label FROM pd_audit_log ORDER BY id`).all() as { label: string }[];
    p.close();
    expect(ref.frames.map((x) => [x.sheetNo, x.communeCode])).toEqual([['1', '20248'], ['2', '20248']]);
    expect(ref.boundaries).toHaveLength(1);
    expect(audit.map((a) => a.label)).toEqual([`Nhập ${f.parcels}`, `Nhập khung tờ bản đồ ${f.frames}`, `Nhập địa giới xã ${f.boundary}`]);

    const after = await cli(['validate', project, '--json', '--rules', 'crosses-sheet,gap']);
    const found = JSON.parse(after.stdout).findings as { rule: string; parcels: number[]; area: number }[];
    const crossing = found.filter((x) => x.rule === 'crosses-sheet');
    const gaps = found.filter((x) => x.rule === 'gap');
    expect(crossing).toHaveLength(1);
    expect(crossing[0].parcels).toEqual([10]);
    expect(crossing[0].area).toBeCloseTo(500, 6);
    // The notch along the north edge of strip 1 is a gap of 10 × 10 m; the part of strip 10 outside
    // the boundary is not.
    expect(gaps).toHaveLength(1);
    expect(gaps[0].area).toBeCloseTo(100, 6);

    // Re-loading the same file replaces its rows, not adds to them.
    expect((await cli(['import', f.frames, '--project', project, '--as', 'sheet-frames'])).code).toBe(0);
    const info = execFileSync('ogrinfo', ['-ro', '-al', '-so', project], { encoding: 'utf8' });
    expect(info).toMatch(/Layer name: sheet_frames[\s\S]*Geometry: Polygon[\s\S]*Feature Count: 2[\s\S]*sheet_no: String/);
    expect(info).toMatch(/Layer name: admin_boundaries[\s\S]*Geometry: Multi Polygon[\s\S]*Feature Count: 1[\s\S]*commune_code: String/);
    const check = execFileSync('ogrinfo', ['-ro', project, '-sql', 'SELECT count(*) AS n FROM rtree_sheet_frames_geom'], { encoding: 'utf8' });
    expect(check).toMatch(/n \(Integer\) = 2/);
  });

  it('refuses bad input with a message naming the file', async () => {
    const dir = tempDir();
    const f = commune(dir);
    const project = path.join(dir, 'xa.gpkg');
    expect((await cli(['import', f.parcels, '--project', project])).code).toBe(0);
    const noSheet = geojson(path.join(dir, 'khung-khong-so.geojson'), [{ props: { Ghi: 'x' }, rings: [square(X, Y, 100, 100)] }]);
    const r1 = await cli(['import', noSheet, '--project', project, '--as', 'sheet-frames']);
    expect(r1.code).toBe(2);
    expect(r1.stderr).toContain('khung-khong-so.geojson');
    expect(r1.stderr).toContain('no sheet number');
    const r2 = await cli(['import', f.frames, '--project', project, '--as', 'frames']);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain('sheet-frames');
    // Frames in WGS 84 degrees of somewhere else (Paris): refused, not stored far away.
    const wgs = geojson(path.join(dir, 'wgs.geojson'), [{ props: { SoTo: '1' }, rings: [square(2.3, 48.8, 0.01, 0.01)] }], 'EPSG:4326');
    const r3 = await cli(['import', wgs, '--project', project, '--as', 'sheet-frames']);
    expect(r3.code).toBe(2);
    expect(r3.stderr).toContain('wgs.geojson');
    const r4 = await cli(['import', f.frames, '--project', project, '--as', 'sheet-frames', '--map', 'sheet_no=NoSuchColumn']);
    expect(r4.code).toBe(2);
    expect(r4.stderr).toContain('NoSuchColumn');
    // Nothing was stored by the failed loads.
    const p = ProjectFile.open(project);
    expect(readValidationReference(p.db).frames).toEqual([]);
    p.close();
  });
});
