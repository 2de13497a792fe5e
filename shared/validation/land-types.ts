/**
 * The land-use code list (resources/land-types.json): current codes and legacy codes with the
 * current code(s) suggested for them. Combined codes such as "ODT+CLN" (several uses on one
 * parcel) are checked code by code.
 */
import landTypes from '../../resources/land-types.json' with { type: 'json' };

export interface LandTypeEntry {
  code: string;
  group: string;
  name: string;
}
export interface LegacyLandType {
  code: string;
  name: string;
  suggest: string[];
}

export const CURRENT_LAND_TYPES: readonly LandTypeEntry[] = landTypes.current;
export const LEGACY_LAND_TYPES: readonly LegacyLandType[] = landTypes.legacy;

const current = new Set(CURRENT_LAND_TYPES.map((t) => t.code));
const legacy = new Map(LEGACY_LAND_TYPES.map((t) => [t.code, t]));

export type LandTypeVerdict =
  | { ok: true }
  | { ok: false; problem: 'missing' }
  | { ok: false; problem: 'legacy'; code: string; suggest: string[] }
  | { ok: false; problem: 'unknown'; code: string };

/** Checks a land-type value ("ODT", "ODT+CLN", …) against the code list. */
export function checkLandType(value: string | null): LandTypeVerdict {
  if (value === null || value.trim() === '') return { ok: false, problem: 'missing' };
  for (const raw of value.split('+')) {
    const code = raw.trim().toUpperCase();
    if (current.has(code)) continue;
    const old = legacy.get(code);
    if (old && old.suggest.length > 0) return { ok: false, problem: 'legacy', code, suggest: old.suggest };
    return { ok: false, problem: 'unknown', code };
  }
  return { ok: true };
}
