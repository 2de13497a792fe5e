import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { loadLayer } from './load-gpkg.js';
import { validate } from '../../../shared/validation/validate.js';

const LADM = '../shared/data/ladm-col';
const DANANG = '../shared/data/vn-danang/danang_parcels_vn2000_epsg5899.gpkg';
const hasSpatialite = spawnSync('spatialite', ['-version']).status === 0;

/** GEOS truth: pairs with a positive intersection area, via SpatiaLite (fid a < fid b → area). */
function geosOverlaps(file: string, layer: string, where = ''): Map<string, number> {
  const sql = `select EnableGpkgAmphibiousMode();
select a.fid, b.fid, ST_Area(ST_Intersection(a.geom, b.geom)) from "${layer}" a join "${layer}" b on b.fid > a.fid
 and MbrIntersects(a.geom, b.geom) ${where} and ST_Intersects(a.geom, b.geom) and ST_IsValid(a.geom) and ST_IsValid(b.geom);`;
  const out = execFileSync('spatialite', ['-batch', '-csv', file], { input: sql, encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['pipe', 'pipe', 'ignore'] });
  const m = new Map<string, number>();
  for (const line of out.split('\n')) {
    const p = line.split(',');
    if (p.length === 3 && Number(p[2]) > 0) m.set(`${p[0]},${p[1]}`, Number(p[2]));
  }
  return m;
}

describe.skipIf(!existsSync(LADM))('LADM-COL topology cases (skipped: ../shared/data/ladm-col absent)', () => {
  it('check_gaps_in_plots: gaps and no overlaps', () => {
    const set = loadLayer(`${LADM}/quality_validations.gpkg`, 'check_gaps_in_plots');
    const r = validate(set, { tolerance: 0, rules: ['overlap', 'gap', 'invalid-ring'] });
    expect(r.counts.gap ?? 0).toBeGreaterThan(0);
    for (const f of r.findings.filter((x) => x.rule === 'gap')) expect(f.area).toBeGreaterThan(0);
  });

  it.skipIf(!hasSpatialite)('overlapping_polygons: overlap pairs and areas agree with GEOS', () => {
    const file = `${LADM}/geometry_utils.gpkg`;
    const set = loadLayer(file, 'overlapping_polygons');
    const r = validate(set, { tolerance: 0, rules: ['overlap', 'invalid-ring'] });
    const invalid = new Set(r.findings.filter((f) => f.rule === 'invalid-ring').map((f) => f.parcels[0]));
    expect(invalid.size).toBe(1); // the source says: 63 polygons, 1 invalid
    const truth = geosOverlaps(file, 'overlapping_polygons');
    const ours = new Map<string, number>();
    for (const f of r.findings) if (f.rule === 'overlap' && !f.parcels.some((p) => invalid.has(p))) ours.set(f.parcels.join(','), f.area!);
    const big = (m: Map<string, number>) => [...m].filter(([, a]) => a > 1e-6).map(([k]) => k).sort();
    expect(big(ours)).toEqual(big(truth));
    for (const [k, a] of truth) if (a > 1e-6) expect(Math.abs(ours.get(k)! - a)).toBeLessThanOrEqual(a * 0.01);
  });
});

describe.skipIf(!existsSync(DANANG))('Đà Nẵng real parcels (skipped: ../shared/data/vn-danang absent)', () => {
  const ward = '20248';
  it.skipIf(!hasSpatialite)(`ward ${ward} at tolerance 0: overlaps > 0.01 m² and invalid rings agree with GEOS`, () => {
    const set = loadLayer(DANANG, 'parcels', `where MaXa = '${ward}'`, { commune: 'MaXa', sheet: 'SoHieuToBanDo', parcel: 'SoThuTuThua', landType: 'KyHieuMucDichSuDung', area: 'DienTich' });
    const r = validate(set, { tolerance: 0 });
    const truth = geosOverlaps(DANANG, 'parcels', `and a.MaXa = '${ward}' and b.MaXa = '${ward}'`);
    const ours = new Map<string, number>();
    for (const f of r.findings) if (f.rule === 'overlap') ours.set(f.parcels.join(','), f.area!);
    const big = (m: Map<string, number>) => [...m].filter(([, a]) => a > 0.01).map(([k]) => k).sort();
    expect(big(ours)).toEqual(big(truth));
    for (const k of big(truth)) expect(Math.abs(ours.get(k)! - truth.get(k)!)).toBeLessThanOrEqual(truth.get(k)! * 0.01);
    const out = execFileSync('spatialite', ['-batch', '-csv', DANANG], {
      input: `select EnableGpkgAmphibiousMode();\nselect fid from parcels where MaXa = '${ward}' and ST_IsValid(geom) = 0;`,
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    const geosInvalid = out.split('\n').filter((l) => /^\d+$/.test(l) && l !== '1').map(Number).sort((a, b) => a - b);
    const ourInvalid = r.findings.filter((f) => f.rule === 'invalid-ring').map((f) => f.parcels[0]).sort((a, b) => a - b);
    expect(ourInvalid).toEqual(geosInvalid);
  });

  it.skipIf(!hasSpatialite || !process.env.PARCELDESK_FULL_DATA)('all 111,469 parcels: 52 invalid rings as GEOS, overlaps > 0.01 m² agree (set PARCELDESK_FULL_DATA=1)', () => {
    const set = loadLayer(DANANG, 'parcels', '', { commune: 'MaXa', sheet: 'SoHieuToBanDo', parcel: 'SoThuTuThua', landType: 'KyHieuMucDichSuDung', area: 'DienTich' });
    const r = validate(set, { tolerance: 0, rules: ['invalid-ring', 'overlap', 'empty-geometry'] });
    expect(r.counts['invalid-ring']).toBe(52);
    expect(r.counts['empty-geometry']).toBe(3);
    const truth = geosOverlaps(DANANG, 'parcels');
    const ours = new Map<string, number>();
    for (const f of r.findings) if (f.rule === 'overlap') ours.set(f.parcels.join(','), f.area!);
    const big = [...truth].filter(([, a]) => a > 0.01);
    for (const [k, a] of big) expect(Math.abs((ours.get(k) ?? 0) - a)).toBeLessThanOrEqual(a * 0.01);
    expect([...ours].filter(([, a]) => a > 0.01).length).toBe(big.length);
  }, 900_000);
});
