/**
 * The level profile kept in the project and the reference layers: `--profile` takes a built-in
 * name or a user's profile file, the profile used is saved in pd_settings and used again by the
 * next import without --profile, and levels the profile does not name are listed in the report
 * and stored in pd_reference_lines / pd_reference_texts (GeoPackage feature tables GDAL opens).
 */
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../electron/cli/run.js';
import { decodeGpkgGeometry } from '../../../shared/geo/gpkg-geometry.js';
import { makeTransformer } from '../../../shared/geo/transform.js';
import { parseProfile } from '../../../shared/sheet/level-profile.js';
import { hasTool, tempDir } from '../../helpers/tools.js';
import { DgnTestWriter, latin1 } from '../dgn/dgn-writer.js';

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), isTTY: false, env: {} });
  return { code, stdout, stderr };
}

/**
 * Two 10 × 10 m parcels whose boundaries an office drew on level 40 (not a circular 25/2014
 * level), numbers on 13, a road centre line on level 24 and a note on level 50, at x0 metres east.
 */
function writeOfficeSheet(file: string, x0 = 550_000): void {
  const w = new DgnTestWriter({ dimension: 2, masterName: 'm', subName: 'mm', subPerMaster: 1000, uorPerSub: 1, origin: [0, 0, 0] });
  const X = (m: number) => Math.round((x0 + m) * 1000);
  const Y = (m: number) => Math.round((1_776_000 + m) * 1000);
  const b = { level: 40 };
  w.add(
    w.multi(4, [[X(0), Y(0)], [X(20), Y(0)], [X(20), Y(10)], [X(0), Y(10)], [X(0), Y(0)]], b),
    w.line([X(10), Y(0)], [X(10), Y(10)], b),
    w.text([X(5), Y(5)], latin1('1'), {}, { level: 13 }),
    w.text([X(15), Y(5)], latin1('2'), {}, { level: 13 }),
    w.line([X(-5), Y(12)], [X(25), Y(12)], { level: 24 }),
    w.text([X(2), Y(14)], latin1('Duong'), {}, { level: 50 }),
  );
  writeFileSync(file, w.bytes());
}

const OFFICE = { name: 'office-40', description: 'boundaries on 40', roles: { boundary: ['40'], parcelNo: ['13'] } };

/** A temp folder with the office profile file, one office sheet and where its project goes. */
function officeSheet() {
  const dir = tempDir();
  const profileFile = path.join(dir, 'office.json');
  writeFileSync(profileFile, JSON.stringify(OFFICE));
  const a = path.join(dir, 'to-1.dgn');
  writeOfficeSheet(a);
  return { dir, profileFile, a, project: path.join(dir, 'p.gpkg') };
}

describe('level profile saved in the project', () => {
  it('--profile takes a profile file; the project keeps it and the next import uses it unasked', async () => {
    const dir = tempDir();
    const profileFile = path.join(dir, 'office.json');
    writeFileSync(profileFile, JSON.stringify(OFFICE));
    const a = path.join(dir, 'to-1.dgn');
    const b = path.join(dir, 'to-2.dgn');
    writeOfficeSheet(a);
    writeOfficeSheet(b, 550_100);
    const project = path.join(dir, 'p.gpkg');

    const first = await cli(['import', a, '--project', project, '--crs', 'EPSG:5899', '--profile', profileFile, '--json']);
    expect(first.stderr).toBe('');
    expect(JSON.parse(first.stdout).inputs[0]).toMatchObject({ built: 2, profile: 'office-40' });
    const db = new Database(project, { readonly: true });
    const saved = (db.prepare(`SELECT value FROM pd_settings WHERE key = 'level_profile'`).get() as { value: string }).value;
    db.close();
    expect(parseProfile(saved)).toEqual(OFFICE);

    // Without --profile the built-in profiles know no boundaries on 40: only the saved one builds this.
    const second = await cli(['import', b, '--project', project, '--json']);
    expect(second.stderr).toBe('');
    expect(JSON.parse(second.stdout)).toMatchObject({ inputs: [{ built: 2, profile: 'office-40' }], parcels: 4 });

    // A new project without --profile cannot build it, and says which profile it tried.
    const other = await cli(['import', b, '--project', path.join(dir, 'q.gpkg'), '--crs', 'EPSG:5899', '--lang', 'en']);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/no parcels could be built.*TT25-2014/);
  });

  it('an unknown profile name is refused with the profiles there are, the project\'s own included', async () => {
    const { dir, profileFile, a, project } = officeSheet();
    expect((await cli(['import', a, '--project', project, '--crs', 'EPSG:5899', '--profile', profileFile])).code).toBe(0);
    const count = () => {
      const db = new Database(project, { readonly: true });
      try {
        return db.prepare('SELECT count(*) AS n FROM parcels').get();
      } finally {
        db.close();
      }
    };
    const r = await cli(['import', a, '--project', project, '--profile', 'famis', '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no level profile "famis"');
    expect(r.stderr).toContain(a);
    expect(r.stderr).toContain('office-40, TT25-2014, danang-dxf, vn-dxf-common');
    expect(count()).toEqual({ n: 2 });
    // A saved profile is found by its name too.
    expect((await cli(['import', a, '--project', project, '--profile', 'OFFICE-40'])).code).toBe(0);
  });

  it('a bad profile file is refused naming the file and the problem, nothing imported', async () => {
    const dir = tempDir();
    const a = path.join(dir, 'to-1.dgn');
    writeOfficeSheet(a);
    const cases: Array<[string, string, RegExp]> = [
      ['broken.json', '{"name": "x", roles', /broken\.json.*not JSON/],
      ['two-roles.json', JSON.stringify({ name: 'x', roles: { boundary: ['40'], parcelNo: ['40'] } }), /two-roles\.json.*given two roles/],
      ['bad-role.json', JSON.stringify({ name: 'x', roles: { ranh: ['40'] } }), /bad-role\.json.*unknown role "ranh"/],
    ];
    for (const [name, text, message] of cases) {
      const file = path.join(dir, name);
      writeFileSync(file, text);
      const project = path.join(dir, `${name}.gpkg`);
      const r = await cli(['import', a, '--project', project, '--crs', 'EPSG:5899', '--profile', file, '--lang', 'en']);
      expect(r.code, name).toBe(2);
      expect(r.stderr, name).toMatch(message);
      expect(existsSync(project), name).toBe(false);
    }
    const missing = await cli(['import', a, '--project', path.join(dir, 'm.gpkg'), '--crs', 'EPSG:5899', '--profile', path.join(dir, 'nope.json'), '--lang', 'en']);
    expect(missing.stderr).toMatch(/File not found: .*nope\.json/);
  });
});

describe('reference layers', () => {
  it('levels the profile does not name are reported and stored as reference lines and texts', async () => {
    const { dir, profileFile, a, project } = officeSheet();
    const r = await cli(['import', a, '--project', project, '--crs', 'EPSG:5899', '--profile', profileFile, '--json']);
    const input = JSON.parse(r.stdout).inputs[0];
    expect(input).toMatchObject({
      levels: { '13': 2, '24': 1, '40': 2, '50': 1 },
      levelRoles: { '13': 'parcelNo', '24': 'reference', '40': 'boundary', '50': 'reference' },
      referenceLevels: ['24', '50'],
      referenceLines: 1,
      referenceTexts: 1,
    });
    // Import again: the rows of that file are replaced, not doubled.
    expect((await cli(['import', a, '--project', project])).code).toBe(0);
    const db = new Database(project, { readonly: true });
    try {
      const lines = db.prepare('SELECT fid, level, source_file, element_index FROM pd_reference_lines').all() as Array<Record<string, unknown>>;
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ level: '24', source_file: a, element_index: 5 });
      expect(db.prepare('SELECT level, text, source_file FROM pd_reference_texts').all()).toEqual([{ level: '50', text: 'Duong', source_file: a }]);
      const rtree = db.prepare('SELECT id, minx, maxx, miny, maxy FROM rtree_pd_reference_lines_geom').all();
      expect(rtree).toEqual([{ id: lines[0].fid, minx: 549_995, maxx: 550_025, miny: 1_776_012, maxy: 1_776_012 }]);
      expect(db.prepare(`SELECT table_name, geometry_type_name, srs_id FROM gpkg_geometry_columns ORDER BY table_name`).all()).toEqual([
        { table_name: 'parcels', geometry_type_name: 'MULTIPOLYGON', srs_id: 5899 },
        { table_name: 'pd_reference_lines', geometry_type_name: 'LINESTRING', srs_id: 5899 },
        { table_name: 'pd_reference_texts', geometry_type_name: 'POINT', srs_id: 5899 },
      ]);
      expect(db.prepare(`SELECT data_type, min_x, max_x FROM gpkg_contents WHERE table_name = 'pd_reference_lines'`).get()).toEqual({
        data_type: 'features',
        min_x: 549_995,
        max_x: 550_025,
      });
      const triggers = db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'rtree_pd_reference_lines_geom_%'`).get();
      expect(triggers).toEqual({ n: 6 });
    } finally {
      db.close();
    }
  });

  it('a sheet drawn in another zone: its parcels and reference lines both land in the project CRS', async () => {
    const { profileFile, a, project } = officeSheet();
    expect((await cli(['import', a, '--project', project, '--crs', 'EPSG:5899', '--profile', profileFile])).code).toBe(0);
    const b = path.join(path.dirname(a), 'to-9.dgn');
    writeOfficeSheet(b);
    // The project is in EPSG:5899; this sheet is declared in EPSG:5897.
    const r = await cli(['import', b, '--project', project, '--crs', 'EPSG:5897', '--json']);
    expect(r.stderr).toBe('');
    const db = new Database(project, { readonly: true });
    try {
      const blob = db.prepare(`SELECT geom FROM pd_reference_lines WHERE source_file = ?`).get(b) as { geom: Uint8Array };
      const line = decodeGpkgGeometry(blob.geom);
      const t = makeTransformer('EPSG:5897', 'EPSG:5899');
      const expected = [t.forward([549_995, 1_776_012]), t.forward([550_025, 1_776_012])];
      expect(line.srsId).toBe(5899);
      expect(line.geometry).toEqual({ type: 'LineString', coordinates: expected });
      expect(Math.abs(expected[0][0] - 549_995)).toBeGreaterThan(1000);
    } finally {
      db.close();
    }
  });

  it.skipIf(!hasTool('ogrinfo'))('GDAL opens the project and lists parcels and both reference layers (needs ogrinfo)', async () => {
    const { dir, profileFile, a, project } = officeSheet();
    expect((await cli(['import', a, '--project', project, '--crs', 'EPSG:5899', '--profile', profileFile])).code).toBe(0);
    const list = execFileSync('ogrinfo', ['-ro', '-q', project], { encoding: 'utf8' });
    expect(list).toMatch(/parcels \(Multi Polygon\)/);
    expect(list).toMatch(/pd_reference_lines \(Line String\)/);
    expect(list).toMatch(/pd_reference_texts \(Point\)/);
    const lines = execFileSync('ogrinfo', ['-ro', '-al', '-so', project, 'pd_reference_lines'], { encoding: 'utf8' });
    expect(lines).toMatch(/Feature Count: 1/);
    expect(lines).toMatch(/EPSG",5899|VN-2000/);
    const texts = execFileSync('ogrinfo', ['-ro', project, 'pd_reference_texts', '-spat', '550001', '1776013', '550003', '1776015'], { encoding: 'utf8' });
    expect(texts).toMatch(/text \(String\) = Duong/);
    expect(readFileSync(project).subarray(0, 15).toString('latin1')).toBe('SQLite format 3');
  });
});
