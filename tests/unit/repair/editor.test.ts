import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PolygonGeometry, Position } from '../../../shared/geo/geometry.js';
import { emptyParcelAttributes } from '../../../shared/model/parcel.js';
import { ParcelSetBuilder } from '../../../shared/topology/parcel-set.js';
import { validate } from '../../../shared/validation/validate.js';
import { planRepairs, repairCommand } from '../../../shared/repair/plan.js';
import { ProjectFile } from '../../../electron/services/project/project-file.js';
import { ParcelWriter } from '../../../electron/services/project/parcel-writer.js';
import { ProjectEditor } from '../../../electron/services/project/editor.js';
import { tempDir } from '../../helpers/tools.js';

const X0 = 548000, Y0 = 1774000;

function poly(ring: Position[]): PolygonGeometry {
  const r = ring.map(([x, y]): Position => [X0 + x, Y0 + y]);
  return { type: 'Polygon', coordinates: [[...r, r[0]]] };
}

const rect = (x0: number, y0: number, x1: number, y1: number) => poly([[x0, y0], [x1, y0], [x1, y1], [x0, y1]]);

describe('a repair plan executed through the project editor (real GeoPackage)', () => {
  it('is one transaction and one audit row naming every parcel; undo gives back the exact stored geometries', () => {
    const project = ProjectFile.create(path.join(tempDir(), 'repair.gpkg'), 5899);
    const writer = new ParcelWriter(project.db, project.srsId);
    const parcels = [
      rect(0, 0, 10.5, 10), // overlaps B by 0.5 m
      rect(10, 0, 20, 10),
      rect(20.4, 0, 30, 10), // 0.4 m gap to B, closed by C and D
      rect(0, 10, 30, 20),
      rect(0, -10, 30, 0),
      rect(30, 0, 30.3, 10), // a 0.3 m sliver
      rect(30.3, 0, 40, 10),
    ];
    project.db.transaction(() => {
      writer.begin();
      parcels.forEach((g, i) => writer.add(g, { ...emptyParcelAttributes(), sheet_no: '1', parcel_no: String(i + 1), land_type: 'ODT' }));
      writer.end();
      project.touchContents();
    })();
    const editor = new ProjectEditor(project, 'tester');
    const blobs = () => project.db.prepare('SELECT fid, geom FROM parcels ORDER BY fid').all() as Array<{ fid: number; geom: Buffer }>;
    const start = blobs();
    const b = new ParcelSetBuilder();
    for (const { fid } of start) b.add(fid, editor.parcels.getGeometry(fid), { sheetNo: '1', parcelNo: String(fid), landType: 'ODT' });
    const set = b.build();
    const findings = validate(set, { tolerance: 0.05 }).findings;
    expect(findings.map((f) => f.rule).sort()).toEqual(['gap', 'overlap', 'sliver']);
    const plan = planRepairs(set, findings, { choose: 'longest-boundary', tolerance: 0.05 });
    expect(plan.unresolved).toEqual([]);
    const auditRows = () => editor.audit.recent(1000).length;
    const rowsBefore = auditRows();
    editor.execute(repairCommand(plan));
    expect(auditRows()).toBe(rowsBefore + 1);
    const row = editor.audit.recent(1)[0];
    expect(row.command).toBe('composite');
    expect(row.parcels).toEqual(plan.preview.parcels);
    expect(row.label).toMatch(/^Sửa lỗi hình học/);
    expect(project.parcelCount()).toBe(6); // the sliver was merged
    const after = new ParcelSetBuilder();
    for (const { fid } of blobs()) after.add(fid, editor.parcels.getGeometry(fid));
    const left = validate(after.build(), { tolerance: 0.05 }).findings.filter((f) => ['gap', 'overlap', 'sliver'].includes(f.rule));
    expect(left).toEqual([]);
    editor.undo();
    expect(blobs()).toEqual(start);
    expect(editor.parcels.getAttributes(6).parcel_no).toBe('6');
    editor.redo();
    expect(project.parcelCount()).toBe(6);
    project.close();
  });
});
