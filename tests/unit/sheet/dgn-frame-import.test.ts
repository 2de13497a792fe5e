/**
 * A drawn sheet carries its frame on level 63: importing it stores that frame in sheet_frames
 * (as parcels, and alone with --as sheet-frames), and validate then finds the parcel crossing it.
 */
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../electron/cli/run.js';
import { tempDir } from '../../helpers/tools.js';
import { DgnTestWriter, multiByte, latin1 } from '../dgn/dgn-writer.js';

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), isTTY: false, env: {} });
  return { code, stdout, stderr };
}

/** Three 10 × 10 m parcels; the frame (level 63) stops at x = 26 m, so the third reaches 4 m beyond it. */
function writeSheet(file: string, frame = true): void {
  const w = new DgnTestWriter({ dimension: 2, masterName: 'm', subName: 'mm', subPerMaster: 1000, uorPerSub: 1, origin: [0, 0, 0] });
  const X = (m: number) => Math.round((550_000 + m) * 1000);
  const Y = (m: number) => Math.round((1_776_000 + m) * 1000);
  const b = { level: 10 };
  w.add(
    w.multi(4, [[X(0), Y(0)], [X(30), Y(0)], [X(30), Y(10)], [X(0), Y(10)], [X(0), Y(0)]], b),
    w.line([X(10), Y(0)], [X(10), Y(10)], b),
    w.line([X(20), Y(0)], [X(20), Y(10)], b),
    w.text([X(5), Y(5)], latin1('1'), {}, { level: 13 }),
    w.text([X(15), Y(5)], latin1('2'), {}, { level: 13 }),
    w.text([X(24), Y(5)], latin1('3'), {}, { level: 13 }),
    w.text([X(0), Y(40)], multiByte('Tờ số 7'), {}, { level: 63 }),
  );
  if (frame) w.add(w.multi(4, [[X(-5), Y(-5)], [X(26), Y(-5)], [X(26), Y(15)], [X(-5), Y(15)], [X(-5), Y(-5)]], { level: 63 }));
  writeFileSync(file, w.bytes());
}

describe('drawn sheet frames', () => {
  it('import stores the level-63 frame with the sheet number; validate finds the parcel crossing it', async () => {
    const dir = tempDir();
    const dgn = path.join(dir, 'to-7.dgn');
    writeSheet(dgn);
    const project = path.join(dir, 'xa.gpkg');
    const r = await cli(['import', dgn, '--project', project, '--crs', 'EPSG:5899', '--json']);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).inputs[0]).toMatchObject({ sheet: '7', frames: 1 });
    const db = new Database(project, { readonly: true });
    const row = db.prepare(`SELECT sheet_no, source_file FROM sheet_frames`).all();
    db.close();
    expect(row).toEqual([{ sheet_no: '7', source_file: dgn }]);
    const v = await cli(['validate', project, '--json', '--rules', 'crosses-sheet']);
    const findings = JSON.parse(v.stdout).findings as { rule: string; area: number }[];
    expect(findings).toHaveLength(1);
    expect(findings[0].area).toBeCloseTo(40, 3);
  });

  it('--as sheet-frames keeps only the frame; a sheet without a frame figure is refused naming the file', async () => {
    const dir = tempDir();
    const dgn = path.join(dir, 'to-7.dgn');
    writeSheet(dgn);
    const project = path.join(dir, 'khung.gpkg');
    const r = await cli(['import', dgn, '--project', project, '--crs', 'EPSG:5899', '--as', 'sheet-frames', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ inputs: [{ frames: 1, imported: 1 }], parcels: 0 });
    const bare = path.join(dir, 'khong-khung.dgn');
    writeSheet(bare, false);
    const r2 = await cli(['import', bare, '--project', project, '--crs', 'EPSG:5899', '--as', 'sheet-frames', '--lang', 'en']);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain('khong-khung.dgn');
    expect(r2.stderr).toContain('frame level');
  });
});
