/**
 * Editing a level profile one level at a time, as the import dialog does when the technician picks
 * a role from a level's dropdown: the level leaves whatever exact entry named it and joins the new
 * role's list ('reference' = named nowhere). Wildcard entries stay: an exact name wins over them.
 */
import { levelKey, PROFILE_ROLES, type LevelProfile, type LevelRole, type ProfileRole } from './level-profile.js';

/** A copy of `profile` with `level` given `role`. */
export function setLevelRole(profile: LevelProfile, level: string, role: LevelRole): LevelProfile {
  const key = levelKey(level);
  const roles: Partial<Record<ProfileRole, string[]>> = {};
  for (const r of PROFILE_ROLES) {
    const kept = (profile.roles[r] ?? []).filter((l) => levelKey(l) !== key);
    if (r === role) kept.push(level);
    if (kept.length) roles[r] = kept;
  }
  return profile.description ? { name: profile.name, description: profile.description, roles } : { name: profile.name, roles };
}
