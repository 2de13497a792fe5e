/**
 * Importing a drawn DGN sheet through the CLI and the import pipeline: the sheet is built into
 * parcels, the report tells elements per level, parcels built and findings, the findings land in
 * pd_build_findings, and bad input leaves nothing behind. The sheets are written by the test's
 * own DGN writer (tests/unit/dgn/dgn-writer.ts), so this runs everywhere.
 */
import Database from 'better-sqlite3';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../electron/cli/run.js';
import { readBuildFindings } from '../../../electron/services/import/build-findings-store.js';
import { tempDir } from '../../helpers/tools.js';
import { DgnTestWriter, latin1, multiByte } from '../dgn/dgn-writer.js';

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), isTTY: false, env: {} });
  return { code, stdout, stderr };
}

/** UOR = 1 mm; a sheet of three 10 × 10 m parcels (one without a label) and a 3 m dangle, at (x0, y0) metres. */
function writeSheet(file: string, opts: { x0?: number; frame?: string; labels?: boolean; boundaryLevel?: number } = {}): void {
  const w = new DgnTestWriter({ dimension: 2, masterName: 'm', subName: 'mm', subPerMaster: 1000, uorPerSub: 1, origin: [0, 0, 0] });
  const X = (m: number) => Math.round(((opts.x0 ?? 550_000) + m) * 1000);
  const Y = (m: number) => Math.round((1_776_000 + m) * 1000);
  const b = { level: opts.boundaryLevel ?? 10 };
  w.add(
    w.multi(4, [[X(0), Y(0)], [X(30), Y(0)]], b),
    w.multi(4, [[X(30), Y(0)], [X(30), Y(10)], [X(0), Y(10)], [X(0), Y(0)]], b),
    w.line([X(10), Y(0)], [X(10), Y(10)], b),
    w.line([X(20), Y(0)], [X(20), Y(10)], b),
    w.line([X(25), Y(10)], [X(25), Y(13)], b),
  );
  if (opts.labels !== false) {
    w.add(
      w.text([X(5), Y(5)], latin1('1'), {}, { level: 13 }),
      w.text([X(15), Y(5)], latin1('2'), {}, { level: 13 }),
      w.text([X(5), Y(3)], latin1('ODT'), {}, { level: 2 }),
      w.text([X(5), Y(7)], latin1('100,0'), {}, { level: 4 }),
      w.text([X(15), Y(7)], latin1('90'), {}, { level: 4 }),
    );
  }
  if (opts.frame) w.add(w.text([X(0), Y(40)], multiByte(opts.frame), {}, { level: 63 }));
  writeFileSync(file, w.bytes());
}

/** An ASCII DXF of the same three parcels: boundaries on RANH_THUA, numbers on SO_THUA, one text on a layer named "13". */
function writeDxf(file: string): void {
  const g = (code: number, v: string | number) => `${code}\n${v}\n`;
  const X = (m: number) => 550_000 + m, Y = (m: number) => 1_776_000 + m;
  const poly = (pts: number[][], closed = false) =>
    g(0, 'LWPOLYLINE') + g(8, 'RANH_THUA') + g(90, pts.length) + g(70, closed ? 1 : 0) + pts.map(([x, y]) => g(10, X(x)) + g(20, Y(y))).join('');
  const text = (layer: string, t: string, x: number, y: number) => g(0, 'TEXT') + g(8, layer) + g(10, X(x)) + g(20, Y(y)) + g(40, 1.5) + g(1, t);
  const body =
    poly([[0, 0], [30, 0], [30, 10], [0, 10]], true) +
    poly([[10, 0], [10, 10]]) +
    poly([[20, 0], [20, 10]]) +
    text('SO_THUA', '1', 5, 5) +
    text('13', '2', 15, 5) +
    text('SO_THUA', '3', 25, 5);
  writeFileSync(file, g(0, 'SECTION') + g(2, 'ENTITIES') + body + g(0, 'ENDSEC') + g(0, 'EOF'));
}

describe('importing a DGN sheet', () => {
  it('a DXF sheet is built the same way, layers named after levels or by their usual names', async () => {
    const dir = tempDir();
    const sheet = path.join(dir, 'to-3.dxf');
    writeDxf(sheet);
    const project = path.join(dir, 'p.gpkg');
    const r = await cli(['import', sheet, '--project', project, '--crs', 'EPSG:5899', '--sheet', '3', '--json']);
    expect(r.stderr).toBe('');
    const input = JSON.parse(r.stdout).inputs[0];
    expect(input).toMatchObject({ format: 'DXF', built: 3, imported: 3, levels: { RANH_THUA: 3, SO_THUA: 2, '13': 1 }, findings: {}, sheet: '3' });
    const db = new Database(project, { readonly: true });
    try {
      expect(db.prepare('SELECT parcel_no, sheet_no FROM parcels ORDER BY parcel_no').all()).toEqual([
        { parcel_no: '1', sheet_no: '3' },
        { parcel_no: '2', sheet_no: '3' },
        { parcel_no: '3', sheet_no: '3' },
      ]);
    } finally {
      db.close();
    }
  });

  it('builds and imports the parcels and reports levels, parcels built and findings', async () => {
    const dir = tempDir();
    const sheet = path.join(dir, 'to-5.dgn');
    writeSheet(sheet, { frame: 'Tờ bản đồ số: 5' });
    const project = path.join(dir, 'xa.gpkg');
    const r = await cli(['import', sheet, '--project', project, '--crs', 'EPSG:5899', '--commune', '20248', '--sheet', '9', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toEqual({
      inputs: [
        {
          file: sheet,
          format: 'DGN',
          features: 3,
          imported: 3,
          skipped: 0,
          crs: 'EPSG:5899',
          levels: { '2': 1, '4': 2, '10': 5, '13': 2, '63': 1 },
          built: 3,
          findings: { dangle: 1, 'unlabeled-face': 1, 'label-area-mismatch': 1 },
          sheet: '5',
          profile: 'TT25-2014',
          levelRoles: { '2': 'landType', '4': 'area', '10': 'boundary', '13': 'parcelNo', '63': 'frame' },
          referenceLevels: [],
          referenceLines: 0,
          referenceTexts: 0,
        },
      ],
      parcels: 3,
    });
    const db = new Database(project, { readonly: true });
    try {
      const rows = db
        .prepare('SELECT parcel_no, sheet_no, commune_code, land_type, area_legal FROM parcels ORDER BY parcel_no')
        .all() as Array<Record<string, unknown>>;
      expect(rows).toEqual([
        { parcel_no: null, sheet_no: '5', commune_code: '20248', land_type: null, area_legal: null },
        { parcel_no: '1', sheet_no: '5', commune_code: '20248', land_type: 'ODT', area_legal: 100 },
        { parcel_no: '2', sheet_no: '5', commune_code: '20248', land_type: null, area_legal: 90 },
      ]);
      const findings = readBuildFindings(db);
      expect(findings.map((f) => f.rule).sort()).toEqual(['dangle', 'label-area-mismatch', 'unlabeled-face']);
      const dangle = findings.find((f) => f.rule === 'dangle');
      expect(dangle).toMatchObject({ sourceFile: sheet, sheetNo: '5', x: 550_025, y: 1_776_013, levels: ['10'], detail: { kind: 'free-end', length: 3 } });
      expect(dangle?.geometry).toEqual({ type: 'LineString', coordinates: [[550_025, 1_776_013], [550_025, 1_776_010]] });
      const contents = db.prepare(`SELECT data_type FROM gpkg_contents WHERE table_name = 'pd_build_findings'`).get();
      expect(contents).toEqual({ data_type: 'attributes' });
    } finally {
      db.close();
    }
  });

  it('imports several sheets of one commune into one project; --sheet numbers a sheet without a frame', async () => {
    const dir = tempDir();
    const a = path.join(dir, 'a.dgn');
    const b = path.join(dir, 'b.dgn');
    writeSheet(a, { frame: 'TỜ SỐ 1' });
    writeSheet(b, { x0: 550_100 });
    const project = path.join(dir, 'xa.gpkg');
    const r = await cli(['import', a, b, '--project', project, '--crs', 'EPSG:5899', '--sheet', '2', '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.inputs.map((i: { sheet: string }) => i.sheet)).toEqual(['1', '2']);
    expect(report.parcels).toBe(6);
    const db = new Database(project, { readonly: true });
    try {
      expect(db.prepare('SELECT sheet_no, count(*) AS n FROM parcels GROUP BY 1 ORDER BY 1').all()).toEqual([
        { sheet_no: '1', n: 3 },
        { sheet_no: '2', n: 3 },
      ]);
      expect(db.prepare('SELECT count(DISTINCT source_file) AS n FROM pd_build_findings').get()).toEqual({ n: 2 });
    } finally {
      db.close();
    }
  });

  it('a sheet imported into an existing project without --crs takes the project zone only when its coordinates fit', async () => {
    const dir = tempDir();
    const sheet = path.join(dir, 's.dgn');
    writeSheet(sheet);
    const fits = path.join(dir, 'fits.gpkg');
    expect((await cli(['import', sheet, '--project', fits, '--crs', 'EPSG:5899'])).code).toBe(0);
    const again = await cli(['import', sheet, '--project', fits, '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).inputs[0].crs).toBe('EPSG:5899');
    // A project on the 105°00′ meridian: the Đà Nẵng coordinates do not fit it.
    const other = path.join(dir, 'other.gpkg');
    expect((await cli(['import', sheet, '--project', other, '--crs', 'EPSG:5897'])).code).toBe(0);
    const refused = await cli(['import', sheet, '--project', other, '--lang', 'en']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/has no coordinate system.*EPSG:5899/);
  });

  it('importing the same sheet again replaces its findings instead of adding copies', async () => {
    const dir = tempDir();
    const sheet = path.join(dir, 's.dgn');
    writeSheet(sheet);
    const project = path.join(dir, 'p.gpkg');
    expect((await cli(['import', sheet, '--project', project, '--crs', 'EPSG:5899'])).code).toBe(0);
    expect((await cli(['import', sheet, '--project', project])).code).toBe(0);
    const db = new Database(project, { readonly: true });
    try {
      expect(readBuildFindings(db)).toHaveLength(3);
      expect(db.prepare('SELECT count(*) AS n FROM parcels').get()).toEqual({ n: 6 });
    } finally {
      db.close();
    }
  });

  it('prints the sheet line in text mode', async () => {
    const dir = tempDir();
    const sheet = path.join(dir, 's.dgn');
    writeSheet(sheet);
    const r = await cli(['import', sheet, '--project', path.join(dir, 'p.gpkg'), '--crs', 'EPSG:5899']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('levels 2:1 4:2 10:5 13:2; profile TT25-2014; sheet —; 3 parcels built; findings: dangle 1, unlabeled-face 1, label-area-mismatch 1');
  });

  it('refuses a sheet without a CRS for a new project, suggesting the zones that fit its coordinates', async () => {
    const dir = tempDir();
    const sheet = path.join(dir, 's.dgn');
    writeSheet(sheet);
    const project = path.join(dir, 'p.gpkg');
    const r = await cli(['import', sheet, '--project', project, '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(sheet);
    expect(r.stderr).toContain('EPSG:5899');
    expect(existsSync(project)).toBe(false);
  });

  it('bad sheets fail with a message naming the file, and leave nothing behind', async () => {
    const dir = tempDir();
    const good = path.join(dir, 'good.dgn');
    writeSheet(good);
    const noLines = path.join(dir, 'no-lines.dgn');
    writeSheet(noLines, { boundaryLevel: 40 });
    const truncated = path.join(dir, 'cut.dgn');
    writeFileSync(truncated, readFileSync(good).subarray(0, 1600));
    const v8 = path.join(dir, 'v8.dgn');
    writeFileSync(v8, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(600).fill(0)]));
    const cases: Array<[string, string[], RegExp]> = [
      [noLines, [], /no parcels could be built.*levels —.*TT25-2014/],
      [truncated, [], /cut\.dgn/],
      [v8, [], /DGN V8/],
      [good, ['--profile', 'famis-x'], /no level profile "famis-x"/],
    ];
    for (const [file, extra, message] of cases) {
      const project = path.join(dir, `p-${path.basename(file)}.gpkg`);
      const r = await cli(['import', good, file, '--project', project, '--crs', 'EPSG:5899', '--lang', 'en', ...extra]);
      expect(r.code, file).toBe(2);
      expect(r.stderr, file).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(existsSync(project), file).toBe(false);
    }
  });
});
