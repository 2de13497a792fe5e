import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runImport } from '../../../electron/services/import/import-pipeline.js';
import { ProjectEditor } from '../../../electron/services/project/editor.js';
import { ProjectFile } from '../../../electron/services/project/project-file.js';
import { prjForCrs } from '../../../shared/geo/prj.js';
import { crsByEpsg } from '../../../shared/geo/crs.js';
import { writeShapefile } from '../../fixtures/shapefile-writer.js';
import { tempDir } from '../../helpers/tools.js';

function sq(x: number, y: number) {
  // Shapefile outer rings are clockwise.
  return { type: 'Polygon' as const, coordinates: [[[x, y], [x, y + 10], [x + 10, y + 10], [x + 10, y], [x, y]]] as [number, number][][] };
}

describe('Shapefile import into a project', () => {
  it('decodes a TCVN3 DBF without .cpg to Unicode and maps the usual field names', () => {
    const dir = tempDir();
    const base = path.join(dir, 'TO_12');
    writeShapefile(base, {
      fields: [
        { name: 'MaXa', type: 'C', length: 5 },
        { name: 'SoTo', type: 'N', length: 4 },
        { name: 'SoThua', type: 'N', length: 6 },
        { name: 'LoaiDat', type: 'C', length: 10 },
        { name: 'DiaChi', type: 'C', length: 80 },
      ],
      features: [
        { geometry: sq(548000, 1774000), properties: { MaXa: '20248', SoTo: 12, SoThua: 1, LoaiDat: 'ODT', DiaChi: 'Tổ 5, phường Hòa Khánh Bắc' } },
        { geometry: sq(548010, 1774000), properties: { MaXa: '20248', SoTo: 12, SoThua: 2, LoaiDat: 'CLN', DiaChi: 'Thôn Phước Thuận, xã Hòa Nhơn' } },
      ],
      encoding: 'tcvn3',
      cpg: null,
      prj: prjForCrs(crsByEpsg(5899)!),
    } as never);
    const project = ProjectFile.create(path.join(dir, 'p.gpkg'), 5899);
    const report = runImport(project, { files: [`${base}.shp`], options: {} });
    expect(report.inputs[0]).toMatchObject({ format: 'ESRI Shapefile', imported: 2, crs: 'EPSG:5899' });
    const ed = new ProjectEditor(project, 't');
    expect(ed.parcels.get(1)).toMatchObject({ commune_code: '20248', sheet_no: '12', parcel_no: '1', address: 'Tổ 5, phường Hòa Khánh Bắc', area: 100 });
    expect(ed.parcels.get(2).address).toBe('Thôn Phước Thuận, xã Hòa Nhơn');
    expect(() => runImport(project, { files: [`${base}.shp`], options: { encoding: 'klingon' } })).toThrow(/klingon/);
    project.close();
  });
});
