import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  ALL_CRS,
  crsByEpsg,
  crsByMeridian,
  isInVietnam,
  parseCrsCode,
  parseMeridian,
  suggestZones,
  VN2000_ZONES,
  WGS84,
} from '../../../shared/geo/crs.js';
import { UserError } from '../../../shared/errors.js';

const TOWGS84 =
  '-191.90441429,-39.30318279,-111.45032835,0.00928836,-0.01975479,0.00427372,0.252906278';

function hasTool(name: string): boolean {
  try {
    execFileSync('which', [name], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('VN-2000 TM-3 zone table', () => {
  it('has the 18 EPSG zones with the meridians of domain.md §2', () => {
    const expected: Record<number, number> = {
      5896: 102, 9205: 103, 9206: 104, 9207: 104.5, 9208: 104.75, 5897: 105, 9209: 105.5,
      9210: 105.75, 9211: 106, 9212: 106.25, 9213: 106.5, 9214: 107, 9215: 107.25, 9216: 107.5,
      5899: 107.75, 5898: 108, 9217: 108.25, 9218: 108.5,
    };
    expect(VN2000_ZONES.map((z) => z.epsg).sort()).toEqual(Object.keys(expected).map(Number).sort());
    for (const z of VN2000_ZONES) expect(z.meridian).toBe(expected[z.epsg]);
  });

  it('writes proj strings exactly as domain.md §2', () => {
    const z = crsByEpsg(5899)!;
    expect(z.proj4).toBe(
      `+proj=tmerc +lat_0=0 +lon_0=107.75 +k=0.9999 +x_0=500000 +y_0=0 +ellps=WGS84 +towgs84=${TOWGS84} +units=m +no_defs`,
    );
    expect(z.code).toBe('EPSG:5899');
    expect(z.name).toBe('VN-2000 / TM-3 107-45');
    expect(z.meridianLabel).toBe('107°45′');
    expect(crsByEpsg(5897)!.meridianLabel).toBe('105°00′');
    expect(crsByEpsg(9207)!.meridianLabel).toBe('104°30′');
  });

  it('assigns every pre-2025 province exactly once (63 provinces)', () => {
    const all = VN2000_ZONES.flatMap((z) => z.provinces);
    expect(all).toHaveLength(63);
    expect(new Set(all).size).toBe(63);
    expect(crsByEpsg(5899)!.provinces).toContain('Đà Nẵng');
    expect(crsByEpsg(9208)!.provinces).toEqual(['Lào Cai', 'Yên Bái', 'Nghệ An', 'Phú Thọ', 'An Giang']);
    expect(crsByEpsg(5896)!.provinces).toEqual([]);
  });

  it('includes WGS 84 and VN-2000 geographic', () => {
    expect(ALL_CRS.map((d) => d.epsg)).toEqual(expect.arrayContaining([4326, 4756]));
    expect(WGS84.proj4).toBe('+proj=longlat +datum=WGS84 +no_defs');
    expect(crsByEpsg(4756)!.proj4).toContain(`+towgs84=${TOWGS84}`);
  });

  it.skipIf(!hasTool('projinfo'))('matches what PROJ exports for every EPSG code (projinfo)', () => {
    for (const d of ALL_CRS) {
      if (d.epsg === 4326) continue;
      const out = execFileSync('projinfo', [d.code, '-o', 'PROJ', '--single-line', '-q'], { encoding: 'utf8' }).trim();
      expect(out.replace(/ \+type=crs$/, ''), d.code).toBe(d.proj4);
    }
  });

  it.skipIf(!hasTool('gdalsrsinfo'))('has WKT that GDAL reads back to the same proj string (with TOWGS84)', () => {
    for (const d of ALL_CRS) {
      const out = execFileSync('gdalsrsinfo', ['-o', 'proj4', d.wkt], { encoding: 'utf8' }).trim();
      expect(out.replace(/^'|'$/g, '').trim(), d.code).toBe(d.proj4);
    }
  });

  it('puts TOWGS84 with the official parameters into the VN-2000 WKT', () => {
    for (const d of ALL_CRS.filter((c) => c.epsg !== 4326)) {
      expect(d.wkt).toContain(`TOWGS84[${TOWGS84}]`);
      expect(d.wkt.endsWith(`AUTHORITY["EPSG","${d.epsg}"]]`)).toBe(true);
    }
  });
});

describe('parseMeridian / crsByMeridian', () => {
  it('reads degree-minute notation as degrees + minutes/60', () => {
    expect(parseMeridian('104-45')).toBe(104.75);
    expect(parseMeridian('104°45′')).toBe(104.75);
    expect(parseMeridian("104°45'")).toBe(104.75);
    expect(parseMeridian('104 45')).toBe(104.75);
    expect(parseMeridian('107-15')).toBe(107.25);
    expect(parseMeridian('105-00')).toBe(105);
    expect(parseMeridian('104°30′00″')).toBe(104.5);
  });
  it('reads decimal degrees literally', () => {
    expect(parseMeridian(104.75)).toBe(104.75);
    expect(parseMeridian('104.75')).toBe(104.75);
    expect(parseMeridian('104.45')).toBe(104.45);
  });
  it('refuses nonsense with crs.badMeridian', () => {
    for (const bad of ['abc', '104-75', '', '400', '104-45-99']) {
      expect(() => parseMeridian(bad), bad).toThrowError(UserError);
      try {
        parseMeridian(bad);
      } catch (e) {
        expect((e as UserError).code).toBe('crs.badMeridian');
      }
    }
    expect(() => parseMeridian(Number.NaN)).toThrowError(UserError);
  });
  it('finds zones by meridian', () => {
    expect(crsByMeridian('107-45')!.epsg).toBe(5899);
    expect(crsByMeridian(104.75)!.epsg).toBe(9208);
    expect(crsByMeridian(104.45)).toBeUndefined();
  });
});

describe('parseCrsCode', () => {
  it('accepts the usual spellings', () => {
    for (const t of ['EPSG:5899', '5899', 'epsg:5899', ' EPSG:5899 ', 'urn:ogc:def:crs:EPSG::5899', '107-45', '107°45′']) {
      expect(parseCrsCode(t).epsg, t).toBe(5899);
    }
    expect(parseCrsCode('EPSG:4326')).toBe(WGS84);
    expect(parseCrsCode('4756').epsg).toBe(4756);
  });
  it('refuses unknown codes with crs.unknown', () => {
    for (const t of ['EPSG:3405', '12', 'hello', '104.45', 'EPSG:']) {
      try {
        parseCrsCode(t);
        expect.unreachable(t);
      } catch (e) {
        expect(e).toBeInstanceOf(UserError);
        expect((e as UserError).code).toBe('crs.unknown');
        expect((e as UserError).params.crs).toBe(t);
      }
    }
  });
  it('refuses deprecated 6956–6959 and names the replacement', () => {
    const cases: Array<[string, string]> = [['EPSG:6959', 'EPSG:5899'], ['6956', 'EPSG:5896'], ['epsg:6957', 'EPSG:5897'], ['6958', 'EPSG:5898']];
    for (const [t, rep] of cases) {
      try {
        parseCrsCode(t);
        expect.unreachable(t);
      } catch (e) {
        const err = e as UserError;
        expect(err.code).toBe('crs.deprecated');
        expect(err.params.replacement).toBe(rep);
        expect(err.text('en')).toMatch(/deprecated/);
        expect(err.text('en')).toContain(rep);
        expect(err.message).toContain(rep);
      }
    }
  });
});

describe('isInVietnam', () => {
  it('tells Vietnamese places from neighbours and the sea', () => {
    const inside: Array<[number, number]> = [
      [105.85, 21.03], [108.2, 16.05], [106.7, 10.78], [103.02, 21.39], [105.32, 23.3], [104.8, 8.7],
      [108.05, 12.67], [109.19, 12.24], [103.96, 10.22], [106.6, 8.69], [106.76, 21.85], [104.95, 18.7],
    ];
    const outside: Array<[number, number]> = [
      [102.6, 17.97], [104.92, 11.56], [106.1, 15.0], [103.8, 18.6], [110.0, 15.0], [108.3, 21.8],
      [105.0, 24.0], [101.0, 20.0], [108.8, 16.4], [105.5, 13.5],
    ];
    for (const [lon, lat] of inside) expect(isInVietnam(lon, lat), `${lon},${lat}`).toBe(true);
    for (const [lon, lat] of outside) expect(isInVietnam(lon, lat), `${lon},${lat}`).toBe(false);
  });
});

describe('suggestZones', () => {
  it('puts 107°45′ first for Đà Nẵng coordinates', () => {
    const s = suggestZones([[548000, 1774000], [548500, 1774600], [547500, 1773400]]);
    expect(s[0]!.crs).toBe('EPSG:5899');
    expect(s[0]!.meridian).toBe('107°45′');
    expect(s[0]!.provinces[0]).toBe('Đà Nẵng');
    expect(s[0]!.swappedXY).toBe(false);
    expect(s[0]!.lon).toBeCloseTo(108.2, 1);
    // Zones that would put the data into Laos or the sea are not offered.
    const codes = s.map((x) => x.crs);
    expect(codes).not.toContain('EPSG:5897');
    expect(codes).not.toContain('EPSG:9218');
    expect(codes.length).toBeLessThan(6);
  });

  it('recognises other provinces by their own zone', () => {
    // Points produced with each zone from a known place (cs2cs table of transform.test.ts).
    expect(suggestZones([[585000, 2326000]])[0]!.crs).toBe('EPSG:5897'); // Hà Nội
    expect(suggestZones([[602000, 1190000]])[0]!.crs).toBe('EPSG:9210'); // TP Hồ Chí Minh
    expect(suggestZones([[470000, 1380000]])[0]!.crs).toBe('EPSG:9218'); // Đắk Lắk (Buôn Ma Thuột)
    expect(suggestZones([[547420, 2477600]])[0]!.crs).toBe('EPSG:9205'); // Lai Châu town
  });

  it('keeps every zone that fits, because a latitude band can hold several', () => {
    // Điện Biên Phủ in 103°00′ is, in 107°45′, a place in Quảng Ninh: both must be offered.
    const codes = suggestZones([[502080, 2365750]]).map((s) => s.crs);
    expect(codes).toEqual(expect.arrayContaining(['EPSG:9205', 'EPSG:5899']));
  });

  it('detects lon/lat degrees as EPSG:4326', () => {
    const s = suggestZones([[108.2, 16.05], [108.21, 16.06]]);
    expect(s).toHaveLength(1);
    expect(s[0]!.crs).toBe('EPSG:4326');
    expect(s[0]!.swappedXY).toBe(false);
    const swapped = suggestZones([[16.05, 108.2]]);
    expect(swapped[0]!.crs).toBe('EPSG:4326');
    expect(swapped[0]!.swappedXY).toBe(true);
  });

  it('detects northing-first files', () => {
    const s = suggestZones([[1774000, 548000]]);
    expect(s[0]!.crs).toBe('EPSG:5899');
    expect(s[0]!.swappedXY).toBe(true);
  });

  it('returns nothing for coordinates no zone explains', () => {
    expect(suggestZones([])).toEqual([]);
    expect(suggestZones([[Number.NaN, 1]])).toEqual([]);
    expect(suggestZones([[10, 10]])).toEqual([]);
    expect(suggestZones([[652000, 6862000]])).toEqual([]); // Lambert-93 Paris
    expect(suggestZones([[1_200_000, 1_774_000]])).toEqual([]); // ~6.5° east of any meridian
  });
});
