/**
 * Level profiles: which levels (DGN, "10") or layers (DXF, "RANH_THUA") of a drawn sheet play which
 * part in building parcels. Offices use their own conventions, so the mapping is data: a named
 * profile, the default one from circular 25/2014 (docs/domain.md §4), more in
 * resources/level-profiles.json, and the project's own saved in its settings ('level_profile').
 *
 * A level a profile does not name is a 'reference' level: kept and shown, not used for parcels —
 * nothing the drafter drew is dropped. Names compare without case, spaces, '_' and '-', so
 * RANH_THUA, RanhThua and "Ranh thua" are one layer; '*' and '?' are wildcards.
 */
import builtIn from '../../resources/level-profiles.json' with { type: 'json' };
import { UserError } from '../errors.js';

/** What a level does when building parcels. */
export type LevelRole =
  | 'boundary' // parcel boundary lines (polygonised)
  | 'label' // parcel label points
  | 'parcelNo' // parcel number text / notes
  | 'landType' // current land type text
  | 'legalLandType' // legal land type text
  | 'area' // area text
  | 'frame' // sheet frame and grid (sheet number, scale)
  | 'ignore' // named in the profile as not wanted
  | 'reference'; // not named: kept as a reference layer

/** Roles a profile can give (every other level is 'reference'). */
export const PROFILE_ROLES = ['boundary', 'label', 'parcelNo', 'landType', 'legalLandType', 'area', 'frame', 'ignore'] as const;
export type ProfileRole = (typeof PROFILE_ROLES)[number];

export interface LevelProfile {
  name: string;
  description?: string;
  /** Levels or layer names (wildcards allowed) per role. */
  roles: Partial<Record<ProfileRole, string[]>>;
}

/** Name of the default profile. */
export const DEFAULT_PROFILE_NAME = 'TT25-2014';
/** Most level names one profile may list (a guard against pasted garbage). */
const MAX_LEVELS = 10_000;

/** The key a level name is compared by. */
export function levelKey(level: string | number): string {
  return String(level).normalize('NFC').toLowerCase().replace(/[\s_-]+/g, '');
}

interface Matcher {
  exact: Map<string, ProfileRole>;
  patterns: Array<{ re: RegExp; role: ProfileRole }>;
}
const matchers = new WeakMap<LevelProfile, Matcher>();

function matcher(p: LevelProfile): Matcher {
  let m = matchers.get(p);
  if (m) return m;
  m = { exact: new Map(), patterns: [] };
  for (const role of PROFILE_ROLES) {
    for (const level of p.roles[role] ?? []) {
      const key = levelKey(level);
      if (/[*?]/.test(key)) {
        const re = new RegExp(`^${key.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'u');
        m.patterns.push({ re, role });
      } else if (!m.exact.has(key)) m.exact.set(key, role);
    }
  }
  matchers.set(p, m);
  return m;
}

/** The role of a level: an exact name first, then the first matching wildcard, else 'reference'. */
export function roleOf(profile: LevelProfile, level: string | number): LevelRole {
  const m = matcher(profile);
  const key = levelKey(level);
  const exact = m.exact.get(key);
  if (exact) return exact;
  for (const { re, role } of m.patterns) if (re.test(key)) return role;
  return 'reference';
}

/** roleOf bound to a profile, in the shape buildParcels takes. */
export function roleFunction(profile: LevelProfile): (level: string | number) => LevelRole {
  return (level) => roleOf(profile, level);
}

function bad(profile: string, detail: string): UserError {
  return new UserError('sheet.badProfile', { profile, detail });
}

/**
 * Checks a profile read from JSON (a file, the project settings, the app's editor) and returns it
 * in canonical form (level names as trimmed strings, roles in PROFILE_ROLES order). Throws
 * UserError 'sheet.badProfile' saying what is wrong.
 */
export function validateProfile(obj: unknown): LevelProfile {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) throw bad('?', 'not an object / không phải đối tượng JSON');
  const o = obj as Record<string, unknown>;
  const name = typeof o.name === 'string' ? o.name.trim() : '';
  if (!name || name.length > 100) throw bad(String(o.name ?? '?').slice(0, 100), 'name must be 1-100 characters / tên phải có 1-100 ký tự');
  if (o.description !== undefined && typeof o.description !== 'string') throw bad(name, '"description" must be text');
  if (typeof o.roles !== 'object' || o.roles === null || Array.isArray(o.roles)) throw bad(name, '"roles" must be an object such as {"boundary": ["10"]}');
  const roles: Partial<Record<ProfileRole, string[]>> = {};
  const seen = new Map<string, ProfileRole>();
  let total = 0;
  for (const [role, list] of Object.entries(o.roles as Record<string, unknown>)) {
    if (!(PROFILE_ROLES as readonly string[]).includes(role)) {
      throw bad(name, `unknown role "${role}" (known: ${PROFILE_ROLES.join(', ')})`);
    }
    if (!Array.isArray(list)) throw bad(name, `role "${role}" must list levels, e.g. ["10", "23"]`);
    const levels: string[] = [];
    for (const v of list) {
      if ((typeof v !== 'string' && typeof v !== 'number') || (typeof v === 'number' && !Number.isFinite(v))) {
        throw bad(name, `role "${role}": ${JSON.stringify(v)} is not a level number or layer name`);
      }
      const level = String(v).trim();
      const key = levelKey(level);
      if (!key) throw bad(name, `role "${role}": empty level name`);
      if (key.length > 255) throw bad(name, `role "${role}": level name longer than 255 characters`);
      const other = seen.get(key);
      if (other !== undefined) {
        throw bad(name, `level "${level}" is given two roles: ${other} and ${role} / level "${level}" có hai vai trò`);
      }
      seen.set(key, role as ProfileRole);
      levels.push(level);
      if (++total > MAX_LEVELS) throw bad(name, `more than ${MAX_LEVELS} levels`);
    }
    roles[role as ProfileRole] = levels;
  }
  const out: LevelProfile = { name, roles: {} };
  if (typeof o.description === 'string' && o.description) out.description = o.description;
  for (const r of PROFILE_ROLES) if (roles[r]?.length) out.roles[r] = roles[r];
  return out;
}

/**
 * Profiles from JSON: an array of profiles, or an object with a "profiles" array (the form of
 * resources/level-profiles.json). Names must be unique (without case).
 */
export function loadProfiles(json: unknown): LevelProfile[] {
  const list = Array.isArray(json) ? json : (json as { profiles?: unknown } | null)?.profiles;
  if (!Array.isArray(list)) throw bad('?', 'expected a list of profiles or {"profiles": [...]}');
  const out = list.map(validateProfile);
  const names = new Set<string>();
  for (const p of out) {
    const k = p.name.toLowerCase();
    if (names.has(k)) throw bad(p.name, 'two profiles have this name / trùng tên hồ sơ');
    names.add(k);
  }
  return out;
}

let builtInCache: LevelProfile[] | undefined;

/** The profiles shipped in resources/level-profiles.json (the default first). */
export function builtInProfiles(): LevelProfile[] {
  builtInCache ??= loadProfiles(builtIn);
  return builtInCache.map(cloneProfile);
}

/** The default profile: circular 25/2014 levels. */
export function defaultProfile(): LevelProfile {
  return builtInProfiles().find((p) => p.name === DEFAULT_PROFILE_NAME)!;
}

/** A profile by name (without case; "default" is the default profile), or null. */
export function findProfile(name: string, profiles: readonly LevelProfile[] = builtInProfiles()): LevelProfile | null {
  const k = name.trim().toLowerCase();
  if (k === 'default') return profiles.find((p) => p.name === DEFAULT_PROFILE_NAME) ?? defaultProfile();
  return profiles.find((p) => p.name.toLowerCase() === k) ?? null;
}

function cloneProfile(p: LevelProfile): LevelProfile {
  const roles: Partial<Record<ProfileRole, string[]>> = {};
  for (const r of PROFILE_ROLES) if (p.roles[r]) roles[r] = [...p.roles[r]];
  return p.description ? { name: p.name, description: p.description, roles } : { name: p.name, roles };
}

/** The plain JSON object of a profile (what validateProfile reads back). */
export function profileToJson(p: LevelProfile): { name: string; description?: string; roles: Partial<Record<ProfileRole, string[]>> } {
  return cloneProfile(p);
}

/** A profile as text for the project settings (key 'level_profile'). */
export function serializeProfile(p: LevelProfile): string {
  return JSON.stringify(profileToJson(validateProfile(p)));
}

/** A profile from the project settings text; UserError 'sheet.badProfile' when it is not one. */
export function parseProfile(text: string): LevelProfile {
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch (err) {
    throw bad('?', `not JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  return validateProfile(obj);
}

/** The levels of a drawing grouped by role, for showing the profile against a file. */
export function levelsByRole(profile: LevelProfile, levels: Iterable<string>): Record<LevelRole, string[]> {
  const out = { boundary: [], label: [], parcelNo: [], landType: [], legalLandType: [], area: [], frame: [], ignore: [], reference: [] } as Record<LevelRole, string[]>;
  for (const l of levels) out[roleOf(profile, l)].push(l);
  return out;
}
