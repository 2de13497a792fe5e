import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UpdateAttributesCommand } from '../../../shared/commands/update-attributes.js';
import { UserError } from '../../../shared/errors.js';
import { emptyParcelAttributes } from '../../../shared/model/parcel.js';
import { ProjectEditor } from '../../../electron/services/project/editor.js';
import { ParcelWriter } from '../../../electron/services/project/parcel-writer.js';
import { ProjectFile } from '../../../electron/services/project/project-file.js';
import { tempDir } from '../../helpers/tools.js';

function editorWithParcels(): ProjectEditor {
  const project = ProjectFile.create(path.join(tempDir(), 'p.gpkg'), 5899);
  const w = new ParcelWriter(project.db, project.srsId);
  project.db.transaction(() => {
    w.begin();
    w.add(
      { type: 'Polygon', coordinates: [[[0 + 548000, 1774000], [548010, 1774000], [548010, 1774010], [548000, 1774000]]] },
      { ...emptyParcelAttributes(), sheet_no: '3', parcel_no: '12', land_type: 'ODT', address: 'Thôn 1' },
    );
    w.end();
  })();
  return new ProjectEditor(project, 'tester');
}

function auditRows(ed: ProjectEditor) {
  return ed.project.db.prepare('SELECT user, command, label, parcels, before, after, kind FROM pd_audit_log ORDER BY id').all() as Array<Record<string, string>>;
}

describe('commands, undo/redo and the audit log', () => {
  it('edits an attribute in one transaction with its audit row, and undoes/redoes it', () => {
    const ed = editorWithParcels();
    const changes: string[] = [];
    ed.onChange((e) => changes.push(`${e.kind}:${e.parcels.join(',')}`));
    const cmd = UpdateAttributesCommand.create(ed.parcels, 1, { address: '  Tổ 5, phường Hòa Khánh Bắc ', area_legal: '45,5', land_type: 'onT' });
    ed.execute(cmd);
    const p = ed.parcels.get(1);
    expect(p.address).toBe('Tổ 5, phường Hòa Khánh Bắc');
    expect(p.area_legal).toBe(45.5);
    expect(p.land_type).toBe('ONT');
    expect(ed.historyState('vi')).toEqual({ canUndo: true, canRedo: false, undoLabel: 'Sửa thuộc tính thửa 12 (address, area_legal, land_type)', redoLabel: null });

    ed.undo();
    const q = ed.parcels.get(1);
    expect(q.address).toBe('Thôn 1');
    expect(q.area_legal).toBeNull();
    expect(q.land_type).toBe('ODT');
    expect(ed.historyState('en').canRedo).toBe(true);

    ed.redo();
    expect(ed.parcels.get(1).address).toBe('Tổ 5, phường Hòa Khánh Bắc');

    const rows = auditRows(ed);
    expect(rows.map((r) => r.kind)).toEqual(['do', 'undo', 'redo']);
    expect(rows[0].user).toBe('tester');
    expect(rows[0].command).toBe('update-attributes');
    expect(JSON.parse(rows[0].parcels)).toEqual([1]);
    expect(JSON.parse(rows[0].before)).toEqual({ address: 'Thôn 1', area_legal: null, land_type: 'ODT' });
    expect(JSON.parse(rows[0].after)).toEqual({ address: 'Tổ 5, phường Hòa Khánh Bắc', area_legal: 45.5, land_type: 'ONT' });
    expect(JSON.parse(rows[1].after)).toEqual({ address: 'Thôn 1', area_legal: null, land_type: 'ODT' });
    expect(changes).toEqual(['do:1', 'undo:1', 'redo:1']);
    ed.project.close();
  });

  it('a new edit clears the redo stack', () => {
    const ed = editorWithParcels();
    ed.execute(UpdateAttributesCommand.create(ed.parcels, 1, { address: 'A' }));
    ed.undo();
    ed.execute(UpdateAttributesCommand.create(ed.parcels, 1, { address: 'B' }));
    expect(ed.historyState('vi').canRedo).toBe(false);
    expect(() => ed.redo()).toThrow(UserError);
    ed.undo();
    expect(ed.parcels.get(1).address).toBe('Thôn 1');
    expect(() => ed.undo()).toThrow(/hoàn tác/);
    ed.project.close();
  });

  it('refuses bad values and computed fields, writing nothing', () => {
    const ed = editorWithParcels();
    expect(() => UpdateAttributesCommand.create(ed.parcels, 1, { area_legal: 'abc' })).toThrow(/area_legal/);
    expect(() => UpdateAttributesCommand.create(ed.parcels, 1, { area_legal: -3 })).toThrow(UserError);
    expect(() => UpdateAttributesCommand.create(ed.parcels, 1, { area: 5 })).toThrow(/tính tự động/);
    expect(() => UpdateAttributesCommand.create(ed.parcels, 99, { address: 'x' })).toThrow(/99/);
    expect(auditRows(ed)).toEqual([]);
    ed.project.close();
  });

  it('rolls back the edit when the audit write fails (one transaction)', () => {
    const ed = editorWithParcels();
    ed.project.db.exec('DROP TABLE pd_audit_log');
    expect(() => ed.execute(UpdateAttributesCommand.create(ed.parcels, 1, { address: 'lost?' }))).toThrow();
    expect(ed.parcels.get(1).address).toBe('Thôn 1');
    expect(ed.historyState('vi').canUndo).toBe(false);
    ed.project.close();
  });

  it('the audit log survives reopening the project', () => {
    const ed = editorWithParcels();
    ed.execute(UpdateAttributesCommand.create(ed.parcels, 1, { parcel_no: '13' }));
    const file = ed.project.path;
    ed.project.close();
    const again = new ProjectEditor(ProjectFile.open(file), 'x');
    expect(again.audit.recent(10)[0]).toMatchObject({ command: 'update-attributes', parcels: [1], user: 'tester' });
    expect(again.parcels.get(1).parcel_no).toBe('13');
    again.project.close();
  });
});
