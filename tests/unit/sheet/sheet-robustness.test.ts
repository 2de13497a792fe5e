/**
 * Damaged sheets through the whole import: byte-level mutations of a small drawn sheet (flipped
 * bytes, coordinates set to extremes, truncation) and of the real Đà Nẵng sheet when present. Each
 * import either succeeds or fails with one clear line naming the file — never a crash, never a
 * hang — and a failed import leaves no project behind.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../electron/cli/run.js';
import { openDgnSheet } from '../../../electron/services/import/sheet-source.js';
import { UserError } from '../../../shared/errors.js';
import { tempDir } from '../../helpers/tools.js';
import { DgnTestWriter, latin1, putI32 } from '../dgn/dgn-writer.js';
import { SHEET_DIR } from './danang-reference.js';
import { prng } from '../../helpers/prng.js';

function sheet(): Uint8Array {
  const w = new DgnTestWriter({ dimension: 2, masterName: 'm', subName: 'mm', subPerMaster: 1000, uorPerSub: 1, origin: [0, 0, 0] });
  const X = (m: number) => Math.round((550_000 + m) * 1000);
  const Y = (m: number) => Math.round((1_776_000 + m) * 1000);
  for (let i = 0; i < 4; i++) {
    w.add(w.multi(4, [[X(10 * i), Y(0)], [X(10 * i + 10), Y(0)], [X(10 * i + 10), Y(10)], [X(10 * i), Y(10)], [X(10 * i), Y(0)]], { level: 10 }));
    w.add(w.text([X(10 * i + 5), Y(5)], latin1(String(i + 1)), {}, { level: 13 }));
  }
  w.add(w.line([X(0), Y(5)], [X(40.03), Y(5)], { level: 10 }));
  return w.bytes();
}

function mutate(base: Uint8Array, rnd: () => number): Uint8Array {
  const int = (n: number) => Math.floor(rnd() * n);
  const b = base.slice();
  switch (int(3)) {
    case 0: {
      const n = 1 + int(6);
      for (let i = 0; i < n; i++) b[1536 + int(b.length - 1536)] = int(256);
      return b;
    }
    case 1: {
      // A coordinate word set to an extreme value.
      const extremes = [0x7fffffff, -0x80000000, 0, -1, 1];
      const at = 1536 + 2 * int((b.length - 1540) / 2);
      putI32(b, at, extremes[int(extremes.length)]);
      return b;
    }
    default:
      return b.subarray(0, 1536 + int(b.length - 1536));
  }
}

async function importOnce(dir: string, bytes: Uint8Array, i: number): Promise<void> {
  const file = path.join(dir, `m${i}.dgn`);
  writeFileSync(file, bytes);
  const project = path.join(dir, `p${i}.gpkg`);
  let stderr = '';
  let stdout = '';
  const code = await runCli(['import', file, '--project', project, '--crs', 'EPSG:5899', '--json', '--lang', 'en'], {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    isTTY: false,
    env: {},
  });
  if (code === 0) {
    const report = JSON.parse(stdout);
    expect(report.inputs[0].built).toBeGreaterThan(0);
  } else {
    expect(code, stderr).toBe(2);
    expect(stderr).toContain(file);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(project)).toBe(false);
  }
}

describe('damaged sheets', () => {
  it('300 mutations of a small sheet are built or refused with a UserError naming the file', () => {
    const dir = tempDir();
    const base = sheet();
    const rnd = prng(20260301);
    let ok = 0;
    for (let i = 0; i < 300; i++) {
      const file = path.join(dir, `b${i}.dgn`);
      writeFileSync(file, mutate(base, rnd));
      try {
        const source = openDgnSheet(file);
        for (const f of source.features()) {
          const ring = f.geometry?.type === 'Polygon' ? f.geometry.coordinates[0] : [];
          expect(ring.every(([x, y]) => Number.isFinite(x) && Number.isFinite(y))).toBe(true);
        }
        ok++;
      } catch (err) {
        expect(err, String(err)).toBeInstanceOf(UserError);
        expect((err as UserError).message).toContain(file);
      }
    }
    // Much single-byte damage still leaves a buildable sheet; some must be refused.
    expect(ok).toBeGreaterThan(0);
    expect(ok).toBeLessThan(300);
  });

  it('40 mutations imported through the CLI: success, or exit 2 with no project left', async () => {
    const dir = tempDir();
    const base = sheet();
    const rnd = prng(99);
    for (let i = 0; i < 40; i++) await importOnce(dir, mutate(base, rnd), i);
  }, 60_000);

  const real = `${SHEET_DIR}danang_20248_linework_labels_v7.dgn`;
  it.skipIf(!existsSync(real))('10 mutations of the Đà Nẵng 20248 sheet import or fail cleanly (needs ../shared/data)', async () => {
    const dir = tempDir();
    const base = new Uint8Array(readFileSync(real));
    const rnd = prng(7);
    for (let i = 0; i < 10; i++) await importOnce(dir, mutate(base, rnd), i);
  }, 120_000);
});
