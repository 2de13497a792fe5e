/** Level profiles: the built-in ones, roles, name matching, validation errors and the settings round trip. */
import { setLevelRole } from '../../../shared/sheet/edit-profile.js';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../shared/errors.js';
import {
  builtInProfiles,
  defaultProfile,
  findProfile,
  levelsByRole,
  loadProfiles,
  parseProfile,
  profileToJson,
  roleFunction,
  roleOf,
  serializeProfile,
  validateProfile,
} from '../../../shared/sheet/level-profile.js';

function badProfile(fn: () => unknown): UserError {
  try {
    fn();
  } catch (err) {
    if (err instanceof UserError && err.code === 'sheet.badProfile') return err;
    throw err;
  }
  throw new Error('expected sheet.badProfile');
}

describe('the default profile (circular 25/2014, docs/domain.md §4)', () => {
  const p = defaultProfile();
  it('gives every §4 level its role', () => {
    expect(p.name).toBe('TT25-2014');
    for (const l of [10, 23, 31, 32]) expect(roleOf(p, l)).toBe('boundary');
    expect(roleOf(p, 11)).toBe('label');
    expect(roleOf(p, '2')).toBe('landType');
    expect(roleOf(p, 29)).toBe('legalLandType');
    expect(roleOf(p, 4)).toBe('area');
    expect(roleOf(p, 13)).toBe('parcelNo');
    expect(roleOf(p, 63)).toBe('frame');
  });
  it('keeps other levels as reference, including 24 (road line inside a parcel) and 33 (water not bounding parcels)', () => {
    for (const l of [1, 12, 14, 24, 33, 46, 49]) expect(roleOf(p, l)).toBe('reference');
    expect(roleOf(p, 'RANH_THUA')).toBe('reference');
  });
  it('"default" finds it', () => {
    expect(findProfile('default')!.name).toBe('TT25-2014');
    expect(findProfile('tt25-2014')!.name).toBe('TT25-2014');
    expect(findProfile('nope')).toBeNull();
  });
});

describe('DXF layer profiles', () => {
  it('danang-dxf maps RANH_THUA and SO_THUA', () => {
    const p = findProfile('danang-dxf')!;
    expect(roleOf(p, 'RANH_THUA')).toBe('boundary');
    expect(roleOf(p, 'SO_THUA')).toBe('parcelNo');
    expect(roleOf(p, '0')).toBe('reference');
  });
  it('names compare without case, spaces, _ and -', () => {
    const p = findProfile('vn-dxf-common')!;
    for (const n of ['RanhThua', 'RANH_THUA', 'ranh thua', 'Ranh-Thua']) expect(roleOf(p, n)).toBe('boundary');
    expect(roleOf(p, 'SO_THUA')).toBe('parcelNo');
    expect(roleOf(p, 'LOAI_DAT')).toBe('landType');
    expect(roleOf(p, 'DIEN_TICH')).toBe('area');
    expect(roleOf(p, 'KHUNG_BAN_DO')).toBe('frame');
    expect(roleOf(p, 'GIAO_THONG')).toBe('reference');
  });
  it('wildcards match after exact names', () => {
    const p = validateProfile({ name: 'w', roles: { boundary: ['RANH*'], ignore: ['RANH_TAM'], frame: ['K?UNG'] } });
    expect(roleOf(p, 'RANH_THUA')).toBe('boundary');
    expect(roleOf(p, 'ranh_tam')).toBe('ignore');
    expect(roleOf(p, 'KHUNG')).toBe('frame');
    expect(roleOf(p, 'KHUUNG')).toBe('reference');
    expect(roleFunction(p)('RanhX')).toBe('boundary');
  });
  it('levelsByRole groups a drawing\'s levels', () => {
    const g = levelsByRole(defaultProfile(), ['10', '13', '24', '63']);
    expect(g.boundary).toEqual(['10']);
    expect(g.parcelNo).toEqual(['13']);
    expect(g.frame).toEqual(['63']);
    expect(g.reference).toEqual(['24']);
  });
});

describe('validation', () => {
  it('accepts numbers and strings, trims, and drops empty roles', () => {
    const p = validateProfile({ name: ' X ', roles: { boundary: [10, ' 23 '], label: [] } });
    expect(p).toEqual({ name: 'X', roles: { boundary: ['10', '23'] } });
  });
  const cases: Array<[unknown, string]> = [
    [null, 'not an object'],
    [{ roles: {} }, 'name'],
    [{ name: 'a', roles: [] }, '"roles"'],
    [{ name: 'a', roles: { wall: ['1'] } }, 'unknown role "wall"'],
    [{ name: 'a', roles: { boundary: '10' } }, 'must list levels'],
    [{ name: 'a', roles: { boundary: [{}] } }, 'not a level'],
    [{ name: 'a', roles: { boundary: [''] } }, 'empty level'],
    [{ name: 'a', roles: { boundary: ['10'], label: [10] } }, 'two roles: boundary and label'],
    [{ name: 'a', roles: { boundary: ['RANH_THUA'], parcelNo: ['RanhThua'] } }, 'two roles'],
    [{ name: 'a', description: 5, roles: {} }, 'description'],
  ];
  for (const [obj, part] of cases) {
    it(`refuses ${JSON.stringify(obj)}`, () => {
      const e = badProfile(() => validateProfile(obj));
      expect(e.message).toContain(part);
      expect(e.text('en')).toContain('Level profile');
    });
  }
  it('loadProfiles refuses duplicate names and non-lists', () => {
    badProfile(() => loadProfiles([{ name: 'a', roles: {} }, { name: 'A', roles: {} }]));
    badProfile(() => loadProfiles({ profiles: 3 }));
    expect(loadProfiles([{ name: 'a', roles: {} }])).toHaveLength(1);
  });
});

describe('saving in the project', () => {
  it('serialize → parse gives the same profile', () => {
    for (const p of builtInProfiles()) {
      const back = parseProfile(serializeProfile(p));
      expect(back).toEqual(p);
      expect(profileToJson(back)).toEqual(p);
    }
  });
  it('parseProfile gives a clear error for broken text', () => {
    expect(badProfile(() => parseProfile('{"name": ')).message).toContain('not JSON');
  });
  it('built-in profiles are copies (editing one does not change the next)', () => {
    const a = defaultProfile();
    a.roles.boundary!.push('99');
    expect(roleOf(defaultProfile(), 99)).toBe('reference');
  });
});

describe('editing a profile level by level', () => {
  it('moves a level to another role, to reference, and lets an exact name beat a wildcard', () => {
    const base = validateProfile({ name: 'p', roles: { boundary: ['10', 'RANH*'], parcelNo: ['13'] } });
    const a = setLevelRole(base, '13', 'label');
    expect(a.roles).toEqual({ boundary: ['10', 'RANH*'], label: ['13'] });
    const b = setLevelRole(a, '10', 'reference');
    expect(b.roles).toEqual({ boundary: ['RANH*'], label: ['13'] });
    expect(roleOf(b, '10')).toBe('reference');
    const c = setLevelRole(b, 'ranh_tam', 'ignore');
    expect(roleOf(c, 'RANH_TAM')).toBe('ignore');
    expect(roleOf(c, 'RANH_THUA')).toBe('boundary');
    expect(validateProfile(c)).toEqual(c);
    expect(base.roles.parcelNo).toEqual(['13']);
  });
});
