import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ALL_CRS, crsByEpsg, suggestZones, VN2000_ZONES, WGS84 } from '../../../shared/geo/crs.js';
import {
  crsFromWkt,
  deprecatedFalseOriginShift,
  parseWkt,
  prjForCrs,
  readWkt,
} from '../../../shared/geo/prj.js';

function hasTool(name: string): boolean {
  try {
    execFileSync('which', [name], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const hasGdal = hasTool('gdalsrsinfo') && hasTool('ogr2ogr');

/** .prj files written by `ogr2ogr -f "ESRI Shapefile" -a_srs EPSG:<code>` (GDAL 3.6). */
const OGR2OGR_PRJ: Record<number, string> = {
  5899: 'PROJCS["VN_2000_TM-3_107-45",GEOGCS["GCS_VN_2000",DATUM["D_Vietnam_2000",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",107.75],PARAMETER["Scale_Factor",0.9999],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]',
  9210: 'PROJCS["VN-2000_TM-3_105-45",GEOGCS["GCS_VN_2000",DATUM["D_Vietnam_2000",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",105.75],PARAMETER["Scale_Factor",0.9999],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]',
  5897: 'PROJCS["VN_2000_TM-3_zone_482",GEOGCS["GCS_VN_2000",DATUM["D_Vietnam_2000",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",105.0],PARAMETER["Scale_Factor",0.9999],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]',
  4326: 'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]',
};

/** `gdalsrsinfo -o wkt1 EPSG:5899`, as GeoPackages written by GDAL store it (multi-line). */
const GDAL_WKT1_5899 = `PROJCS["VN-2000 / TM-3 107-45",
    GEOGCS["VN-2000",
        DATUM["Vietnam_2000",
            SPHEROID["WGS 84",6378137,298.257223563,
                AUTHORITY["EPSG","7030"]],
            AUTHORITY["EPSG","6756"]],
        PRIMEM["Greenwich",0,
            AUTHORITY["EPSG","8901"]],
        UNIT["degree",0.0174532925199433,
            AUTHORITY["EPSG","9122"]],
        AUTHORITY["EPSG","4756"]],
    PROJECTION["Transverse_Mercator"],
    PARAMETER["latitude_of_origin",0],
    PARAMETER["central_meridian",107.75],
    PARAMETER["scale_factor",0.9999],
    PARAMETER["false_easting",500000],
    PARAMETER["false_northing",0],
    UNIT["metre",1,
        AUTHORITY["EPSG","9001"]],
    AXIS["Easting",EAST],
    AXIS["Northing",NORTH],
    AUTHORITY["EPSG","5899"]]`;

/** `gdalsrsinfo -o wkt2 EPSG:9210 --single-line` */
const GDAL_WKT2_9210 =
  'PROJCRS["VN-2000 / TM-3 105-45",BASEGEOGCRS["VN-2000",DATUM["Vietnam 2000",ELLIPSOID["WGS 84",6378137,298.257223563,LENGTHUNIT["metre",1]]],PRIMEM["Greenwich",0,ANGLEUNIT["degree",0.0174532925199433]],ID["EPSG",4756]],CONVERSION["Vietnam TM-3 105-45",METHOD["Transverse Mercator",ID["EPSG",9807]],PARAMETER["Latitude of natural origin",0,ANGLEUNIT["degree",0.0174532925199433],ID["EPSG",8801]],PARAMETER["Longitude of natural origin",105.75,ANGLEUNIT["degree",0.0174532925199433],ID["EPSG",8802]],PARAMETER["Scale factor at natural origin",0.9999,SCALEUNIT["unity",1],ID["EPSG",8805]],PARAMETER["False easting",500000,LENGTHUNIT["metre",1],ID["EPSG",8806]],PARAMETER["False northing",0,LENGTHUNIT["metre",1],ID["EPSG",8807]]],CS[Cartesian,2],AXIS["(E)",east,ORDER[1],LENGTHUNIT["metre",1]],AXIS["(N)",north,ORDER[2],LENGTHUNIT["metre",1]],USAGE[SCOPE["Cadastre, engineering survey, topographic mapping (large scale)."],AREA["Vietnam - Hai Phong and Ho Chi Minh cities; Ben Tre, Binh Duong, Cao Bang, Long An and Tien Giang provinces."],BBOX[9.75,105.26,23.12,107.8]],ID["EPSG",9210]]';

/** `gdalsrsinfo -o wkt2 EPSG:4326 --single-line` (datum ensemble). */
const GDAL_WKT2_4326 =
  'GEOGCRS["WGS 84",ENSEMBLE["World Geodetic System 1984 ensemble",MEMBER["World Geodetic System 1984 (Transit)"],MEMBER["World Geodetic System 1984 (G730)"],ELLIPSOID["WGS 84",6378137,298.257223563,LENGTHUNIT["metre",1]],ENSEMBLEACCURACY[2.0]],PRIMEM["Greenwich",0,ANGLEUNIT["degree",0.0174532925199433]],CS[ellipsoidal,2],AXIS["geodetic latitude (Lat)",north,ORDER[1],ANGLEUNIT["degree",0.0174532925199433]],AXIS["geodetic longitude (Lon)",east,ORDER[2],ANGLEUNIT["degree",0.0174532925199433]],USAGE[SCOPE["Horizontal component of 3D system."],AREA["World."],BBOX[-90,-180,90,180]],ID["EPSG",4326]]';

/** Deprecated Đà Nẵng zone: `OSR_USE_NON_DEPRECATED=NO gdalsrsinfo -o wkt1 EPSG:6959` and its .prj. */
const DEPRECATED_6959_WKT1 =
  'PROJCS["VN-2000 / TM-3 Da Nang zone (deprecated)",GEOGCS["VN-2000",DATUM["Vietnam_2000",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6756"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4756"]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",107.75],PARAMETER["scale_factor",0.9999],PARAMETER["false_easting",0],PARAMETER["false_northing",500000],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AXIS["Easting",EAST],AXIS["Northing",NORTH],AUTHORITY["EPSG","6959"]]';
const DEPRECATED_6959_PRJ =
  'PROJCS["VN-2000_TM-3_Da_Nang_zone",GEOGCS["GCS_VN_2000",DATUM["D_Vietnam_2000",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",0.0],PARAMETER["False_Northing",500000.0],PARAMETER["Central_Meridian",107.75],PARAMETER["Scale_Factor",0.9999],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';

/** VN-2000 UTM 48N (EPSG:3405) as ESRI writes it: a real VN-2000 CRS, but not for cadastre. */
const UTM48_PRJ =
  'PROJCS["VN_2000_UTM_Zone_48N",GEOGCS["GCS_VN_2000",DATUM["D_Vietnam_2000",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",105.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';

describe('parseWkt', () => {
  it('parses nesting, quotes, numbers and bare words', () => {
    const t = parseWkt('A["x ""y""",1.5e3,-2,B(EAST,"z")]');
    expect(t.keyword).toBe('A');
    expect(t.args[0]).toBe('x "y"');
    expect(t.args[1]).toBe(1500);
    expect(t.args[2]).toBe(-2);
    expect(t.args[3]).toEqual({ keyword: 'B', args: ['EAST', 'z'] });
  });
  it('rejects malformed text without hanging', () => {
    for (const bad of ['', 'PROJCS[', 'PROJCS["a"', 'PROJCS["a"]]', '[1]', 'A["unterminated]', 'A[1 2]']) {
      expect(() => parseWkt(bad), bad).toThrowError(SyntaxError);
    }
    const deep = 'A['.repeat(100) + ']'.repeat(100);
    expect(() => parseWkt(deep)).toThrowError(/deep/);
  });
});

describe('crsFromWkt on stored samples', () => {
  it('recognises .prj files written by ogr2ogr', () => {
    for (const [code, prj] of Object.entries(OGR2OGR_PRJ)) {
      expect(crsFromWkt(prj)?.epsg, code).toBe(Number(code));
    }
  });
  it('recognises GDAL WKT1 (GeoPackage) and WKT2 by authority and by parameters', () => {
    expect(crsFromWkt(GDAL_WKT1_5899)?.epsg).toBe(5899);
    expect(crsFromWkt(GDAL_WKT2_9210)?.epsg).toBe(9210);
    expect(crsFromWkt(GDAL_WKT2_4326)).toBe(WGS84);
    // Without the authority codes the parameters alone must give the same answer.
    const noIds = (w: string) => w.replace(/,\s*(AUTHORITY|ID)\["EPSG",\s*"?\d+"?\]/g, '');
    expect(noIds(GDAL_WKT1_5899)).not.toContain('AUTHORITY');
    expect(crsFromWkt(noIds(GDAL_WKT1_5899))?.epsg).toBe(5899);
    expect(crsFromWkt(noIds(GDAL_WKT2_9210))?.epsg).toBe(9210);
    expect(crsFromWkt(noIds(GDAL_WKT2_4326))).toBe(WGS84);
  });
  it('reads its own WKT and .prj back', () => {
    for (const d of ALL_CRS) {
      expect(crsFromWkt(d.wkt), d.code).toBe(d);
      expect(crsFromWkt(prjForCrs(d)), d.code).toBe(d);
    }
  });
  it('detects the deprecated 6959 definition and maps it to 5899', () => {
    for (const w of [DEPRECATED_6959_WKT1, DEPRECATED_6959_PRJ]) {
      const r = readWkt(w);
      expect(r.crs?.epsg).toBe(5899);
      expect(r.deprecatedEpsg).toBe(6959);
    }
    // Ordinary coordinates only carry a wrong tag; coordinates computed with the swapped definition move.
    expect(deprecatedFalseOriginShift(548000, 1774000)).toEqual([0, 0]);
    expect(deprecatedFalseOriginShift(48000, 2274000)).toEqual([500000, -500000]);
  });
  it('reports unsupported CRSs with a reason instead of guessing', () => {
    const utm = readWkt(UTM48_PRJ);
    expect(utm.crs).toBeNull();
    expect(utm.declaredName).toBe('VN_2000_UTM_Zone_48N');
    expect(utm.reason).toMatch(/0\.9996/);
    const decimalMistake = readWkt(OGR2OGR_PRJ[5899]!.replace('107.75', '107.45'));
    expect(decimalMistake.crs).toBeNull();
    expect(decimalMistake.reason).toContain('EPSG:5899');
    const feet = readWkt(OGR2OGR_PRJ[5899]!.replace('UNIT["Meter",1.0]', 'UNIT["Foot_US",0.3048006096012192]'));
    expect(feet.crs).toBeNull();
    expect(feet.reason).toMatch(/metre/);
    const wrongDatum = readWkt(OGR2OGR_PRJ[5899]!.replace('D_Vietnam_2000', 'D_Indian_1960'));
    expect(wrongDatum.crs).toBeNull();
    expect(wrongDatum.reason).toMatch(/Indian/);
    expect(readWkt('not wkt at all').reason).toMatch(/unreadable/);
    // An authority code that contradicts the parameters is not trusted.
    const lying = GDAL_WKT1_5899.replace('PARAMETER["central_meridian",107.75]', 'PARAMETER["central_meridian",105]');
    expect(crsFromWkt(lying)).toBeNull();
  });
  it('accepts a VN-2000 datum known only by its TOWGS84', () => {
    const w = crsByEpsg(9218)!.wkt.replace('DATUM["Vietnam_2000"', 'DATUM["unknown"').replace(/,AUTHORITY\["EPSG","\d+"\]/g, '');
    expect(crsFromWkt(w)?.epsg).toBe(9218);
  });
});

describe('prjForCrs', () => {
  it('writes exactly what ogr2ogr writes', () => {
    for (const [code, prj] of Object.entries(OGR2OGR_PRJ)) {
      expect(prjForCrs(crsByEpsg(Number(code))!)).toBe(prj);
    }
  });
});

describe.skipIf(!hasGdal)('against GDAL run now', () => {
  it('recognises every supported code in WKT1, WKT2 and ESRI form', () => {
    for (const d of ALL_CRS) {
      for (const fmt of ['wkt1', 'wkt2', 'wkt_esri']) {
        const wkt = execFileSync('gdalsrsinfo', ['-o', fmt, d.code], { encoding: 'utf8' });
        expect(crsFromWkt(wkt)?.epsg, `${d.code} ${fmt}`).toBe(d.epsg);
      }
    }
  });

  it('writes the .prj ogr2ogr writes, and reads the .prj ogr2ogr writes, for every zone', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pd-prj-'));
    try {
      const src = join(dir, 'p.geojson');
      writeFileSync(src, '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[500000,1700000]}}]}');
      for (const d of [...VN2000_ZONES, WGS84]) {
        const out = join(dir, `s${d.epsg}.shp`);
        execFileSync('ogr2ogr', ['-f', 'ESRI Shapefile', '-a_srs', d.code, out, src]);
        const prj = readFileSync(out.replace(/\.shp$/, '.prj'), 'utf8');
        expect(crsFromWkt(prj)?.epsg, d.code).toBe(d.epsg);
        expect(prjForCrs(d), d.code).toBe(prj);
      }
      const dep = join(dir, 'dep.shp');
      execFileSync('ogr2ogr', ['-f', 'ESRI Shapefile', '-a_srs', 'EPSG:6959', dep, src], {
        env: { ...process.env, OSR_USE_NON_DEPRECATED: 'NO' },
      });
      const r = readWkt(readFileSync(join(dir, 'dep.prj'), 'utf8'));
      expect(r.deprecatedEpsg).toBe(6959);
      expect(r.crs?.epsg).toBe(5899);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects CRSs ParcelDesk does not support', () => {
    for (const code of ['EPSG:3405', 'EPSG:32648', 'EPSG:2154', 'EPSG:3857', 'EPSG:4978', 'EPSG:4755']) {
      const wkt = execFileSync('gdalsrsinfo', ['-o', 'wkt1', code], { encoding: 'utf8' });
      const r = readWkt(wkt);
      expect(r.crs, code).toBeNull();
      expect(r.reason, code).toBeTruthy();
    }
  });
});

/** Real data lives beside the repository, never in it (see ../shared/data/README.md). */
const danangPath = join(process.cwd(), '..', 'shared', 'data', 'vn-danang', 'danang_parcels_vn2000_epsg5899.gpkg');
describe.skipIf(!existsSync(danangPath))('real Đà Nẵng GeoPackage (shared/data/vn-danang; skipped when absent)', () => {
  it('reads its CRS definition and detects its zone from the extent alone', () => {
    const db = new Database(danangPath, { readonly: true, fileMustExist: true });
    try {
      const c = db
        .prepare("SELECT min_x, min_y, max_x, max_y, srs_id FROM gpkg_contents WHERE table_name = 'parcels'")
        .get() as { min_x: number; min_y: number; max_x: number; max_y: number; srs_id: number };
      const def = db.prepare('SELECT definition FROM gpkg_spatial_ref_sys WHERE srs_id = ?').get(c.srs_id) as {
        definition: string;
      };
      expect(crsFromWkt(def.definition)?.epsg).toBe(5899);
      const s = suggestZones([[c.min_x, c.min_y], [c.max_x, c.max_y]]);
      expect(s[0]!.crs).toBe('EPSG:5899');
      expect(s[0]!.provinces[0]).toBe('Đà Nẵng');
    } finally {
      db.close();
    }
  });
});
