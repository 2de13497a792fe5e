/**
 * `parceldesk validate` and `parceldesk fix`: JSON shapes, exit codes, exceptions, and that
 * validating a plain data file writes nothing beside it.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../electron/cli/run.js';
import { ProjectEditor } from '../../../electron/services/project/editor.js';
import { ProjectFile } from '../../../electron/services/project/project-file.js';
import { AUDIT_TABLE } from '../../../electron/services/project/schema.js';
import { ValidationSession } from '../../../electron/services/validation/validation-session.js';
import { writeSeededProject } from '../../fixtures/seeded-project.js';
import { tempDir } from '../../helpers/tools.js';

async function cli(args: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), isTTY: false, env });
  return { code, stdout, stderr };
}

function auditRows(file: string): number {
  const p = ProjectFile.open(file, { readonly: true });
  try {
    return (p.db.prepare(`SELECT count(*) AS n FROM ${AUDIT_TABLE}`).get() as { n: number }).n;
  } finally {
    p.close();
  }
}

/** A GeoJSON file of 3×3 squares of 10 m, the middle one pushed 1 m into its right neighbour. */
function overlappingGeojson(dir: string): string {
  const features = [];
  for (let j = 0; j < 3; j++) {
    for (let i = 0; i < 3; i++) {
      const x = 548000 + i * 10;
      const y = 1774000 + j * 10;
      const grow = i === 1 && j === 1 ? 1 : 0;
      features.push({
        type: 'Feature',
        properties: { SoHieuToBanDo: '4', SoThuTuThua: String(j * 3 + i + 1), KyHieuMucDichSuDung: 'ODT' },
        geometry: { type: 'Polygon', coordinates: [[[x, y], [x + 10 + grow, y], [x + 10 + grow, y + 10], [x, y + 10], [x, y]]] },
      });
    }
  }
  const file = path.join(dir, 'to-4.geojson');
  writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'EPSG:5899' } }, features }));
  return file;
}

describe('parceldesk validate', () => {
  it('--json lists the findings with geometry as WKT and exits 1 while errors remain', async () => {
    const { file } = writeSeededProject(path.join(tempDir(), 'xa.gpkg'));
    const r = await cli(['validate', file, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ parcels: 120, tolerance: 0.05, excepted: {}, errors: 7 });
    expect(out.ms).toEqual(expect.any(Number));
    expect(out.counts).toEqual({
      overlap: 2,
      gap: 2,
      'near-miss': 2,
      'duplicate-number': 1,
      'missing-number': 1,
      'invalid-land-type': 1,
      spike: 1,
    });
    expect(out.findings).toHaveLength(10);
    const overlap = out.findings.find((f: { rule: string }) => f.rule === 'overlap');
    expect(overlap).toMatchObject({ severity: 'error', parcels: [expect.any(Number), expect.any(Number)] });
    expect(overlap.area).toBeGreaterThan(0);
    expect(overlap.wkt).toMatch(/^(MULTI)?POLYGON \(\(/);
    expect(Object.keys(overlap)).toEqual(expect.arrayContaining(['rule', 'severity', 'parcels', 'x', 'y', 'area', 'width', 'wkt']));
    // Text mode: one line per finding plus the summary.
    const text = await cli(['validate', file]);
    expect(text.code).toBe(1);
    expect(text.stdout.trim().split('\n')).toHaveLength(11);
  });

  it('--rules limits the rules; warnings alone exit 0; --tolerance 0 is exact', async () => {
    const { file } = writeSeededProject(path.join(tempDir(), 'xa.gpkg'));
    const spikes = await cli(['validate', file, '--rules', 'spike,near-miss', '--json']);
    expect(spikes.code).toBe(0);
    expect(JSON.parse(spikes.stdout).counts).toEqual({ spike: 1, 'near-miss': 2 });
    // At tolerance 0 nothing is a near miss: the 3 cm offsets become real overlaps/gaps.
    const exact = await cli(['validate', file, '--tolerance', '0', '--rules', 'near-miss,overlap,gap', '--json']);
    const counts = JSON.parse(exact.stdout).counts;
    expect(counts['near-miss']).toBeUndefined();
    expect((counts.overlap ?? 0) + (counts.gap ?? 0)).toBeGreaterThan(4);
  });

  it('accepted exceptions are listed apart and do not count as errors', async () => {
    const { file } = writeSeededProject(path.join(tempDir(), 'xa.gpkg'), {
      errors: { overlaps: 1, spikes: 1 },
    });
    const project = ProjectFile.open(file);
    const session = new ValidationSession(new ProjectEditor(project, 'ktv01'), 'ktv01');
    session.runFull();
    const overlap = session.query({ rule: 'overlap' }).items[0];
    session.markException(overlap.fingerprint, 'Tranh chấp đang chờ tòa xử');
    project.close();
    const r = await cli(['validate', file, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.counts).toEqual({ spike: 1 });
    expect(out.excepted).toEqual({ overlap: 1 });
    expect(out.errors).toBe(0);
  });

  it('validates a GeoJSON file in memory and writes nothing beside it', async () => {
    const dir = tempDir();
    const input = overlappingGeojson(dir);
    const before = readdirSync(dir);
    const mtime = statSync(input).mtimeMs;
    const content = readFileSync(input, 'utf8');
    const r = await cli(['validate', input, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.parcels).toBe(9);
    expect(out.counts.overlap).toBe(1);
    expect(out.findings[0]).toMatchObject({ rule: 'overlap', parcels: [5, 6], area: 10 });
    expect(readdirSync(dir)).toEqual(before);
    expect(statSync(input).mtimeMs).toBe(mtime);
    expect(readFileSync(input, 'utf8')).toBe(content);
  });

  it('a data file validated as it is gives the same findings as the project it imports into', async () => {
    const dir = tempDir();
    const { commune } = writeSeededProject(path.join(dir, 'seed.gpkg'), { noiseMm: 2 });
    const input = path.join(dir, 'xa.geojson');
    const features = commune.parcels.map((p) => ({ type: 'Feature', properties: p.attributes, geometry: p.geometry }));
    writeFileSync(input, JSON.stringify({ type: 'FeatureCollection', crs: { type: 'name', properties: { name: commune.crs } }, features }));
    const direct = await cli(['validate', input, '--json']);
    expect(direct.stderr).toBe('');
    const project = path.join(dir, 'xa.gpkg');
    expect((await cli(['import', input, '--project', project, '--json'])).code).toBe(0);
    const viaProject = await cli(['validate', project, '--json']);
    const a = JSON.parse(direct.stdout);
    const b = JSON.parse(viaProject.stdout);
    expect(a.parcels).toBe(commune.parcels.length);
    expect(a.counts.overlap).toBe(2);
    expect({ ...a, ms: 0 }).toEqual({ ...b, ms: 0 });
    expect(direct.code).toBe(viaProject.code);
  });

  it('a GeoPackage from another program with a "parcels" layer is read in memory, never opened for writing', async () => {
    const dir = tempDir();
    const { file } = writeSeededProject(path.join(dir, 'gdal.gpkg'), { errors: { overlaps: 1 } });
    // Make it look like a GDAL export: no ParcelDesk settings table, rollback journal.
    const raw = new Database(file);
    raw.exec(`DROP TABLE pd_settings; DELETE FROM gpkg_contents WHERE table_name = 'pd_settings'`);
    raw.pragma('journal_mode = DELETE');
    raw.close();
    const bytes = readFileSync(file);
    const before = readdirSync(dir);
    const r = await cli(['validate', file, '--json']);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).counts).toEqual({ overlap: 1 });
    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect(readdirSync(dir)).toEqual(before);
    const fix = await cli(['fix', file, '--json']);
    expect(fix.code).toBe(2);
    expect(fix.stderr).toContain(file);
    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect(readdirSync(dir)).toEqual(before);
  });

  it('bad input exits 2 with one line naming the problem', async () => {
    const { file } = writeSeededProject(path.join(tempDir(), 'xa.gpkg'));
    for (const args of [
      ['validate'],
      ['validate', file, '--rules', 'overlapp'],
      ['validate', file, '--tolerance', '-1'],
      ['validate', path.join(tempDir(), 'khong-co.geojson')],
      ['fix', file, '--choose', 'ask'],
      ['fix', file, '--choose', 'nearest'],
      ['fix', file, '--tolerance', '-1'],
    ]) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stdout).toBe('');
    }
  });
});

describe('parceldesk fix', () => {
  it('--dry-run reports what would change and leaves the file untouched', async () => {
    const { file } = writeSeededProject(path.join(tempDir(), 'xa.gpkg'));
    const audit = auditRows(file);
    const r = await cli(['fix', file, '--rules', 'overlap,gap', '--dry-run', '--json']);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(out.dryRun).toBe(true);
    expect(out.counts.overlap).toBe(2);
    expect(out.parcels.length).toBeGreaterThanOrEqual(2);
    expect(out.items.length).toBeGreaterThanOrEqual(3);
    expect(out.items[0]).toMatchObject({ rule: expect.any(String), action: expect.any(String), actionEn: expect.any(String) });
    expect(out.before.counts.overlap).toBe(2);
    expect(out.after.counts.overlap ?? 0).toBe(0);
    expect(auditRows(file)).toBe(audit);
    // Nothing stored: no findings table, no settings change.
    const p = ProjectFile.open(file, { readonly: true });
    expect(p.db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'pd_findings'`).get()).toBeUndefined();
    expect(p.db.prepare(`SELECT 1 FROM pd_settings WHERE key = 'validation_run'`).get()).toBeUndefined();
    p.close();
  });

  it('applies the repair as one audited command, validates again and exits 1 while errors remain', async () => {
    const { file } = writeSeededProject(path.join(tempDir(), 'xa.gpkg'));
    const audit = auditRows(file);
    const r = await cli(['fix', file, '--rules', 'overlap', '--choose', 'legal-area', '--json'], { PARCELDESK_USER: 'ktv07' });
    const out = JSON.parse(r.stdout);
    expect(out.dryRun).toBe(false);
    expect(out.counts).toEqual({ overlap: 2 });
    expect(out.after.counts.overlap ?? 0).toBe(0);
    // Gaps, duplicate numbers… are still there.
    expect(r.code).toBe(1);
    expect(auditRows(file)).toBe(audit + 1);
    const p = ProjectFile.open(file, { readonly: true });
    const row = p.db.prepare(`SELECT command, user FROM ${AUDIT_TABLE} ORDER BY id DESC LIMIT 1`).get();
    expect(row).toEqual({ command: 'composite', user: 'ktv07' });
    const stored = p.db.prepare(`SELECT count(*) AS n FROM pd_findings WHERE rule = 'overlap'`).get();
    expect(stored).toEqual({ n: 0 });
    p.close();
    // The next validate agrees.
    const v = JSON.parse((await cli(['validate', file, '--json'])).stdout);
    expect(v.counts.overlap).toBeUndefined();
  });

  it('--tolerance sets the tolerance of the findings, the repair and the count after', async () => {
    const { file } = writeSeededProject(path.join(tempDir(), 'xa.gpkg'), { errors: { overlaps: 1, nearMisses: 1 } });
    const atProject = JSON.parse((await cli(['fix', file, '--dry-run', '--json'])).stdout);
    expect(atProject.before.counts['near-miss']).toBe(1);
    // Near-misses do not exist at tolerance 0: the exact overlaps and gaps are what is repaired.
    const exact = JSON.parse((await cli(['fix', file, '--tolerance', '0', '--rules', 'overlap,gap', '--dry-run', '--json'])).stdout);
    expect(exact.before.counts['near-miss']).toBeUndefined();
    expect(exact.before.counts.overlap).toBeGreaterThanOrEqual(1);
    expect(exact.after.counts.overlap ?? 0).toBe(0);
  });

  it('--allow-warnings repairs what only a new warning stands in the way of, and lists the warnings', async () => {
    // The sample project: its notch on the commune edge (a boundary gap) and one of its enclosed gaps
    // can only be taken by a parcel whose computed area then exceeds its legal-area allowance.
    const file = path.join(tempDir(), 'xa-mau.gpkg');
    expect((await cli(['sample', file])).code).toBe(0);
    const strict = JSON.parse((await cli(['fix', file, '--rules', 'gap', '--dry-run', '--json'])).stdout);
    expect(strict.warnings).toEqual([]);
    expect(strict.after.counts.gap).toBeGreaterThanOrEqual(1);
    expect(strict.unresolved.map((u: { reasonEn: string }) => u.reasonEn).join('\n')).toMatch(/area-mismatch/);
    const r = await cli(['fix', file, '--rules', 'gap', '--allow-warnings', '--json']);
    const out = JSON.parse(r.stdout);
    expect(out.after.counts.gap ?? 0).toBe(0);
    expect(out.unresolved).toEqual([]);
    expect(out.warnings.length).toBeGreaterThanOrEqual(1);
    for (const w of out.warnings) {
      expect(w.rule).toBe('area-mismatch');
      expect(out.parcels).toContain(w.parcel);
      expect(w.reason).toMatch(/diện tích pháp lý/);
      expect(w.reasonEn).toMatch(/legal area/);
    }
    // Each new warning is in the count after (a warning: it does not make the exit code 1 by itself).
    expect(out.after.counts['area-mismatch']).toBeGreaterThanOrEqual((out.before.counts['area-mismatch'] ?? 0) + 1);
    // Text mode prints one line per new warning.
    const again = path.join(tempDir(), 'xa-mau-2.gpkg');
    expect((await cli(['sample', again])).code).toBe(0);
    const text = await cli(['fix', again, '--rules', 'gap', '--allow-warnings', '--dry-run', '--lang', 'en']);
    expect(text.stdout.split('\n').filter((l) => l.startsWith('new-warning\tarea-mismatch\t'))).toHaveLength(out.warnings.length);
    // Bad values of the option exit 2.
    for (const args of [
      ['fix', again, '--max-fragment-share', '0.2'],
      ['fix', again, '--allow-warnings', '--max-fragment-share', '2'],
    ]) {
      const bad = await cli(args);
      expect(bad.code, args.join(' ')).toBe(2);
      expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('exits 0 when the repair leaves no errors', async () => {
    const { file } = writeSeededProject(path.join(tempDir(), 'xa.gpkg'), { errors: { overlaps: 1, nearMisses: 1 } });
    const r = await cli(['fix', file, '--json']);
    const out = JSON.parse(r.stdout);
    expect(out.counts.overlap).toBe(1);
    expect(out.after.counts).toEqual({});
    expect(r.code).toBe(0);
  });
});
