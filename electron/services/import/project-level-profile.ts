/**
 * Which level profile a sheet import uses, and the project's own profile. Offices draw with their
 * own level conventions, so the profile a technician settles on is kept in the project
 * (pd_settings 'level_profile') and used again by the next import into it without being named.
 * `--profile` takes a built-in name, the project's profile name, or the path of a profile JSON file.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { UserError } from '../../../shared/errors.js';
import {
  builtInProfiles,
  findProfile,
  parseProfile,
  serializeProfile,
  validateProfile,
  type LevelProfile,
} from '../../../shared/sheet/level-profile.js';
import { AUDIT_TABLE, SETTINGS_TABLE } from '../project/schema.js';

/** pd_settings key of the project's level profile. */
export const LEVEL_PROFILE_SETTING = 'level_profile';

/** A profile file larger than this is not a profile (a guard against picking the wrong file). */
const MAX_PROFILE_FILE_BYTES = 4 * 1024 * 1024;

/** The project's saved profile, or null when none was saved yet. */
export function readProjectProfile(db: Database.Database): LevelProfile | null {
  const row = db.prepare(`SELECT value FROM ${SETTINGS_TABLE} WHERE key = ?`).get(LEVEL_PROFILE_SETTING) as { value: string } | undefined;
  return row ? parseProfile(row.value) : null;
}

/** Saves the project's profile (validated); call inside the caller's transaction. */
export function writeProjectProfile(db: Database.Database, profile: LevelProfile): void {
  db.prepare(`INSERT INTO ${SETTINGS_TABLE} (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`).run(
    LEVEL_PROFILE_SETTING,
    serializeProfile(profile),
  );
}

/**
 * Saves the project's profile as the technician edited it, with an audit-log entry (the old and
 * new profile), in one transaction.
 */
export function saveProjectProfile(db: Database.Database, profile: unknown, user: string): LevelProfile {
  const checked = validateProfile(profile);
  const before = db.prepare(`SELECT value FROM ${SETTINGS_TABLE} WHERE key = ?`).get(LEVEL_PROFILE_SETTING) as { value: string } | undefined;
  db.transaction(() => {
    writeProjectProfile(db, checked);
    db.prepare(
      `INSERT INTO ${AUDIT_TABLE} (at, user, command, label, parcels, before, after, kind) VALUES (?, ?, 'level-profile', ?, '[]', ?, ?, 'do')`,
    ).run(new Date().toISOString(), user, `Lưu hồ sơ level ${checked.name}`, before?.value ?? null, serializeProfile(checked));
  })();
  return checked;
}

/**
 * The profiles to choose from: the project's own first, then the built-in ones. A saved profile
 * with a built-in name (an edited copy) stands in for that built-in one.
 */
export function availableProfiles(saved: LevelProfile | null): LevelProfile[] {
  const builtIn = builtInProfiles();
  if (!saved) return builtIn;
  const k = saved.name.toLowerCase();
  return [saved, ...builtIn.filter((p) => p.name.toLowerCase() !== k)];
}

/** True when `spec` names a file rather than a profile: a .json name or anything with a path separator. */
function looksLikeFile(spec: string): boolean {
  return /\.json$/i.test(spec) || spec.includes('/') || spec.includes('\\');
}

/** Reads and validates a user's profile file (one profile object). UserError 'sheet.profileFile' names the file and the problem. */
export function readProfileFile(file: string): LevelProfile {
  const resolved = path.resolve(file);
  if (!existsSync(resolved) || !statSync(resolved).isFile()) throw new UserError('import.fileNotFound', { file: resolved });
  if (statSync(resolved).size > MAX_PROFILE_FILE_BYTES) {
    throw new UserError('sheet.profileFile', { file: resolved, detail: 'larger than 4 MB / lớn hơn 4 MB' });
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(resolved, 'utf8'));
  } catch (err) {
    throw new UserError('sheet.profileFile', { file: resolved, detail: `not JSON / không phải JSON: ${err instanceof Error ? err.message : String(err)}` });
  }
  try {
    return validateProfile(json);
  } catch (err) {
    if (err instanceof UserError) throw new UserError('sheet.profileFile', { file: resolved, detail: err.text('en') });
    throw err;
  }
}

/**
 * The profile for importing `file`: `spec` (a name or a profile file) when given, else the
 * project's saved profile, else null — the sheet then takes the built-in profile that fits it best
 * (shared/sheet/pick-profile.ts). An unknown name is refused with the names that exist.
 */
export function resolveLevelProfile(spec: string | undefined, file: string, saved: LevelProfile | null): LevelProfile | null {
  const s = spec?.trim();
  if (!s) return saved;
  if (looksLikeFile(s)) return readProfileFile(s);
  const profiles = availableProfiles(saved);
  const found = findProfile(s, profiles);
  if (!found) throw new UserError('sheet.unknownProfile', { file, profile: s, known: profiles.map((p) => p.name).join(', ') });
  return found;
}
