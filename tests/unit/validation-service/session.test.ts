/**
 * The validation session over real temporary GeoPackages: full runs and their persistence, accepted
 * exceptions, incremental re-validation after every kind of edit (equal to a fresh full run), and
 * repairs applied as one undo step.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CompositeCommand } from '../../../shared/commands/composite.js';
import { MergeParcelsCommand } from '../../../shared/commands/merge-parcels.js';
import { SetGeometryCommand } from '../../../shared/commands/set-geometry.js';
import { UpdateAttributesCommand } from '../../../shared/commands/update-attributes.js';
import type { AreaGeometry, PolygonGeometry } from '../../../shared/geo/geometry.js';
import type { Finding } from '../../../shared/model/finding.js';
import { validate } from '../../../shared/validation/validate.js';
import { ProjectEditor } from '../../../electron/services/project/editor.js';
import { ProjectFile } from '../../../electron/services/project/project-file.js';
import { EXCEPTIONS_TABLE } from '../../../electron/services/validation/exception-store.js';
import { FINDINGS_TABLE } from '../../../electron/services/validation/findings-store.js';
import { loadParcelSet } from '../../../electron/services/validation/load-parcel-set.js';
import { ValidationSession } from '../../../electron/services/validation/validation-session.js';
import { writeSeededProject } from '../../fixtures/seeded-project.js';
import { tempDir } from '../../helpers/tools.js';

function open(file: string, user = 'ktv01'): { project: ProjectFile; editor: ProjectEditor; session: ValidationSession } {
  const project = ProjectFile.open(file);
  const editor = new ProjectEditor(project, user);
  return { project, editor, session: new ValidationSession(editor, user) };
}

function seeded(): string {
  return writeSeededProject(path.join(tempDir(), 'xa.gpkg')).file;
}

/** Findings a fresh full run finds on the project as it is now (same settings as the session). */
function fullRunPrints(session: ValidationSession): string[] {
  const set = loadParcelSet(session.editor.project.db);
  return validate(set, session.settings()).findings.map((f) => f.fingerprint).sort();
}

function prints(fs: readonly Finding[]): string[] {
  return fs.map((f) => f.fingerprint).sort();
}

function moved(g: AreaGeometry | null, dx: number, dy: number, vertex = 1): PolygonGeometry {
  if (!g) throw new Error('parcel without geometry');
  const poly = g.type === 'Polygon' ? g.coordinates : g.coordinates[0];
  const rings = poly.map((r) => r.map((p) => [p[0], p[1]] as [number, number]));
  const ring = rings[0];
  ring[vertex] = [ring[vertex][0] + dx, ring[vertex][1] + dy];
  if (vertex === 0) ring[ring.length - 1] = [...ring[0]] as [number, number];
  return { type: 'Polygon', coordinates: rings };
}

describe('validation session', () => {
  it('a full run finds the planted errors, stores them in pd_findings and they are there on reopening', () => {
    const file = seeded();
    const a = open(file);
    expect(a.session.validated).toBe(false);
    expect(a.session.query().items).toEqual([]);
    const summary = a.session.runFull();
    expect(summary.counts).toEqual({
      overlap: 2,
      gap: 2,
      'near-miss': 2,
      'duplicate-number': 1,
      'missing-number': 1,
      'invalid-land-type': 1,
      spike: 1,
    });
    const db = a.project.db;
    expect((db.prepare(`SELECT count(*) AS n FROM ${FINDINGS_TABLE}`).get() as { n: number }).n).toBe(10);
    // Registered as a GeoPackage attribute table so GDAL/QGIS list it.
    expect(db.prepare(`SELECT data_type FROM gpkg_contents WHERE table_name = ?`).get(FINDINGS_TABLE)).toEqual({ data_type: 'attributes' });
    const overlapRow = db.prepare(`SELECT * FROM ${FINDINGS_TABLE} WHERE rule = 'overlap' LIMIT 1`).get() as Record<string, unknown>;
    expect(JSON.parse(String(overlapRow.geometry)).type).toMatch(/Polygon/);
    expect(Number(overlapRow.area)).toBeGreaterThan(0);
    expect(JSON.parse(String(overlapRow.parcels))).toHaveLength(2);
    const page = a.session.query();
    expect(page.validated).toBe(true);
    expect(page.total).toBe(10);
    expect(page.counts.bySeverity).toEqual({ error: 7, warning: 3 });
    // Errors first.
    expect(page.items.slice(0, 7).every((f) => f.severity === 'error')).toBe(true);
    const before = prints(a.session.list());
    a.project.close();

    const b = open(file);
    expect(b.session.validated).toBe(true);
    expect(prints(b.session.list())).toEqual(before);
    expect(b.session.query({ rule: 'overlap' }).items.map((f) => f.rule)).toEqual(['overlap', 'overlap']);
    expect(b.session.query().stale).toBe(false);
    b.project.close();
  });

  it('filters by rule, severity and sheet, and pages', () => {
    const { project, session } = open(seeded());
    session.runFull();
    expect(session.query({ severity: 'warning' }).items.every((f) => f.severity === 'warning')).toBe(true);
    expect(session.query({ severity: 'warning' }).total).toBe(3);
    const sheet1 = session.query({ sheet: '1' });
    const sheet2 = session.query({ sheet: '02' });
    expect(sheet1.items.every((f) => f.sheets.includes('1'))).toBe(true);
    expect(sheet2.items.every((f) => f.sheets.includes('2'))).toBe(true);
    expect(sheet1.total + sheet2.total).toBeGreaterThanOrEqual(10);
    const p1 = session.query({ offset: 0, limit: 4 });
    const p2 = session.query({ offset: 4, limit: 4 });
    expect(p1.items).toHaveLength(4);
    expect(p2.items).toHaveLength(4);
    expect(p1.total).toBe(10);
    expect(new Set([...p1.items, ...p2.items].map((f) => f.fingerprint)).size).toBe(8);
    project.close();
  });

  it('accepted exceptions: out of the open list, audited, undoable, survive re-validation and edits elsewhere, revocable', () => {
    const file = seeded();
    const { project, editor, session } = open(file);
    session.runFull();
    const overlap = session.query({ rule: 'overlap' }).items[0];
    expect(() => session.markException(overlap.fingerprint, '   ')).toThrow(/lý do|reason/i);
    session.markException(overlap.fingerprint, 'Ranh giới theo bản án, đã xác minh');
    expect(() => session.markException(overlap.fingerprint, 'again')).toThrow();

    const open1 = session.query();
    expect(open1.total).toBe(9);
    expect(open1.counts).toMatchObject({ open: 9, excepted: 1 });
    expect(open1.items.some((f) => f.fingerprint === overlap.fingerprint)).toBe(false);
    const exc = session.query({ exceptions: 'excepted' });
    expect(exc.items.map((f) => f.fingerprint)).toEqual([overlap.fingerprint]);
    expect(exc.items[0].exception).toMatchObject({ reason: 'Ranh giới theo bản án, đã xác minh', user: 'ktv01', revokedAt: null });
    expect(session.query({ exceptions: 'all' }).total).toBe(10);
    expect(session.openFindings().some((f) => f.fingerprint === overlap.fingerprint)).toBe(false);
    expect(editor.audit.recent(1)[0]).toMatchObject({ command: 'exception', parcels: overlap.parcels, user: 'ktv01' });

    // Undo and redo the mark.
    editor.undo();
    expect(session.query().total).toBe(10);
    editor.redo();
    expect(session.query().total).toBe(9);

    // A full re-validation finds the same problem again: still accepted.
    session.runFull();
    expect(session.query({ exceptions: 'excepted' }).items.map((f) => f.fingerprint)).toEqual([overlap.fingerprint]);

    // Edits elsewhere (a far parcel's shape and attributes) leave it accepted.
    const far = session.parcelSet().set.fids.find((fid) => !overlap.parcels.includes(fid) && fid > 100)!;
    editor.execute(UpdateAttributesCommand.create(editor.parcels, far, { address: 'Thôn 2' }));
    const g = editor.parcels.getGeometry(far);
    editor.execute(new SetGeometryCommand(far, g, moved(g, 0.002, 0)));
    expect(session.query({ exceptions: 'excepted' }).items.map((f) => f.fingerprint)).toEqual([overlap.fingerprint]);

    // It survives closing the project too (pd_exceptions), and can be revoked with who and when kept.
    project.close();
    const b = open(file, 'ktv02');
    expect(b.session.query({ exceptions: 'excepted' }).total).toBe(1);
    b.session.revokeException(overlap.fingerprint);
    expect(b.session.query({ exceptions: 'excepted' }).total).toBe(0);
    expect(b.session.query().items.some((f) => f.fingerprint === overlap.fingerprint)).toBe(true);
    const row = b.project.db.prepare(`SELECT * FROM ${EXCEPTIONS_TABLE} WHERE fingerprint = ?`).get(overlap.fingerprint) as Record<string, unknown>;
    expect(row).toMatchObject({ user: 'ktv01', revoked_by: 'ktv02' });
    expect(row.revoked_at).toEqual(expect.any(String));
    expect(() => b.session.revokeException(overlap.fingerprint)).toThrow();
    b.editor.undo();
    expect(b.session.query({ exceptions: 'excepted' }).total).toBe(1);
    b.project.close();
  });

  it('incremental re-validation after each edit equals a fresh full run (geometry, numbers, land type, merge, undo, redo)', () => {
    const { project, editor, session } = open(seeded());
    session.runFull();
    const check = (what: string): void => {
      expect(prints(session.list()), what).toEqual(fullRunPrints(session));
    };
    const set = session.parcelSet().set;
    const [a, b, c, d] = [set.fids[10], set.fids[40], set.fids[70], set.fids[95]];

    // Push a vertex 0.8 m out: a new overlap (or gap) with a neighbour.
    const ga = editor.parcels.getGeometry(a);
    editor.execute(new SetGeometryCommand(a, ga, moved(ga, 0.8, 0.3)));
    expect(session.lastIncremental!.added).toBeGreaterThan(0);
    expect(session.lastIncremental!.checkedParcels).toBeLessThan(set.count);
    check('after moving a vertex');

    // Give b the number of c: a duplicate number across the sheet.
    const attrsC = editor.parcels.getAttributes(c);
    editor.execute(UpdateAttributesCommand.create(editor.parcels, b, { sheet_no: attrsC.sheet_no, parcel_no: attrsC.parcel_no }));
    expect(session.lastIncremental!.rules).toContain('duplicate-number');
    expect(session.lastIncremental!.rules).not.toContain('overlap');
    check('after a duplicate number');

    // A land-use code that is not in the code list.
    editor.execute(UpdateAttributesCommand.create(editor.parcels, d, { land_type: 'XYZ' }));
    expect(session.lastIncremental!.rules).toEqual(['invalid-land-type']);
    check('after a bad land type');

    // An address edit affects no rule.
    editor.execute(UpdateAttributesCommand.create(editor.parcels, d, { address: 'Xóm 4' }));
    expect(session.lastIncremental!.rules).toEqual([]);
    check('after an address edit');

    // Merge d into a neighbour that shares a boundary: a parcel disappears.
    const gd = editor.parcels.getGeometry(d)!;
    const neighbour = set.fids.find((fid) => {
      if (fid === d) return false;
      const gn = editor.parcels.getGeometry(fid);
      if (!gn) return false;
      const ring = (gn.type === 'Polygon' ? gn.coordinates : gn.coordinates[0])[0];
      const mine = (gd.type === 'Polygon' ? gd.coordinates : gd.coordinates[0])[0];
      return ring.filter((p) => mine.some((q) => q[0] === p[0] && q[1] === p[1])).length >= 2;
    })!;
    expect(neighbour).toBeDefined();
    const gn = editor.parcels.getGeometry(neighbour);
    editor.execute(
      new MergeParcelsCommand({ keep: neighbour, keepBefore: gn, keepAfter: gn, removed: { fid: d, geometry: gd, attrs: null } }),
    );
    expect(session.parcelSet().has(d)).toBe(false);
    check('after deleting a parcel by merge');
    // Undo brings it back under the same fid, and everything is as before.
    editor.undo();
    expect(session.parcelSet().has(d)).toBe(true);
    check('after undoing the merge');

    for (let i = 0; i < 3; i++) editor.undo();
    check('after three undos');
    for (let i = 0; i < 2; i++) editor.redo();
    check('after two redos');

    // Composite edit over two far-apart parcels: one command, two dirty places.
    const ga2 = editor.parcels.getGeometry(a);
    const gc = editor.parcels.getGeometry(c);
    editor.execute(
      new CompositeCommand(
        [new SetGeometryCommand(a, ga2, moved(ga2, -0.6, 0, 2)), new SetGeometryCommand(c, gc, moved(gc, 0, 0.7, 2))],
        { vi: 'Sửa hai thửa', en: 'Edit two parcels' },
      ),
    );
    check('after a composite edit');

    // The stored findings follow the in-memory list.
    const stored = (project.db.prepare(`SELECT fingerprint FROM ${FINDINGS_TABLE}`).all() as Array<{ fingerprint: string }>)
      .map((r) => r.fingerprint)
      .sort();
    expect(stored).toEqual(prints(session.list()));
    expect(session.query().stale).toBe(false);
    project.close();
  });

  it('edits right after reopening (parcels not read yet) still re-check the old place of a moved parcel', () => {
    const file = seeded();
    const a = open(file);
    a.session.runFull();
    const fid = a.session.query({ rule: 'overlap' }).items[0].parcels[0];
    a.project.close();
    const b = open(file);
    // Move the overlapping parcel's vertices back and forth: the overlap must be re-checked where it was.
    const g = b.editor.parcels.getGeometry(fid);
    b.editor.execute(new SetGeometryCommand(fid, g, moved(g, 5, 5)));
    expect(prints(b.session.list())).toEqual(fullRunPrints(b.session));
    b.project.close();
  });

  it('repairs: preview changes nothing, apply is one undo step, findings follow, undo brings them back', () => {
    const { project, editor, session } = open(seeded());
    session.runFull();
    const overlaps = session.query({ rule: 'overlap' }).items;
    const preview = session.previewFix({ rules: ['overlap'], choose: 'longest-boundary' });
    expect(preview.counts.overlap).toBe(2);
    expect(preview.parcels.length).toBeGreaterThanOrEqual(2);
    expect(session.query({ rule: 'overlap' }).total).toBe(2);
    expect(editor.historyState('vi').canUndo).toBe(false);

    const one = session.applyFix({ rules: ['overlap'], choose: 'longest-boundary', fingerprints: [overlaps[0].fingerprint] }, 'vi');
    expect(one.applied).toBe(true);
    expect(one.counts).toEqual({ overlap: 1 });
    expect(session.query({ rule: 'overlap' }).items.map((f) => f.fingerprint)).toEqual([overlaps[1].fingerprint]);
    expect(one.after.overlap).toBe(1);
    expect(one.history.canUndo).toBe(true);
    expect(prints(session.list())).toEqual(fullRunPrints(session));

    editor.undo();
    expect(session.query({ rule: 'overlap' }).total).toBe(2);
    expect(prints(session.list())).toEqual(fullRunPrints(session));

    const all = session.applyFix({ rules: ['overlap', 'gap'], choose: 'legal-area' }, 'vi');
    // What is left is exactly what the planner could not repair safely (listed with its reason).
    const left = (rule: string) => all.unresolved.filter((u) => u.rule === rule).length;
    expect(all.after.overlap ?? 0).toBe(left('overlap'));
    expect(all.after.gap ?? 0).toBe(left('gap'));
    expect(left('overlap') + left('gap')).toBeLessThan(4);
    expect(editor.audit.recent(1)[0].command).toBe('composite');
    expect(prints(session.list())).toEqual(fullRunPrints(session));
    // Accepted exceptions are never repaired.
    editor.undo();
    const keep = session.query({ rule: 'gap' }).items[0];
    session.markException(keep.fingerprint, 'Khe hở thật: mương thoát nước chưa đo');
    const skip = session.previewFix({ rules: ['gap'], choose: 'longest-boundary' });
    expect(skip.items.map((i) => i.fingerprint)).not.toContain(keep.fingerprint);
    expect(() => session.previewFix({ choose: 'longest-boundary', fingerprints: ['overlap:1,2:deadbeef'] })).toThrow();
    project.close();
  });

  it('refuses repairs before a validation and reports findings as stale after changes made outside the session', () => {
    const file = seeded();
    const { project, session } = open(file);
    expect(() => session.previewFix({ choose: 'longest-boundary' })).toThrow(/chưa được kiểm tra/);
    session.runFull();
    // Another connection (an import, QGIS) changes a parcel.
    const other = ProjectFile.open(file);
    other.db.prepare(`UPDATE parcels SET address = 'x' WHERE fid = 1`).run();
    other.db.prepare(`UPDATE gpkg_contents SET last_change = strftime('%Y-%m-%dT%H:%M:%fZ','now', '+1 second') WHERE table_name = 'parcels'`).run();
    other.close();
    expect(session.query().stale).toBe(true);
    project.close();
  });
});
