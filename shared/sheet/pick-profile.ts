/**
 * Choosing a level profile for a sheet nobody named one for: the built-in profile under which the
 * drawing has the most boundary lines and parcel-number/label texts. A MicroStation sheet drawn to
 * circular 25/2014 fits the default; a DXF whose layers are called RANH_THUA / SO_THUA fits a DXF
 * profile. Ties go to the earlier profile (the default comes first), so the choice is stable.
 */
import type { SheetDrawing } from './drawing.js';
import { roleOf, type LevelProfile } from './level-profile.js';

/** How much of a drawing a profile can use to build parcels: boundary lines + number/label texts. */
export function profileFit(profile: LevelProfile, drawing: SheetDrawing): number {
  const roles = new Map<string, string>();
  const role = (level: string): string => {
    let r = roles.get(level);
    if (r === undefined) roles.set(level, (r = roleOf(profile, level)));
    return r;
  };
  let n = 0;
  for (const l of drawing.lines) if (role(l.level) === 'boundary') n++;
  for (const t of drawing.texts) {
    const r = role(t.level);
    if (r === 'parcelNo' || r === 'label') n++;
  }
  return n;
}

/** The best-fitting profile of `profiles` (the first one when none fits better). */
export function pickProfile(drawing: SheetDrawing, profiles: readonly LevelProfile[]): LevelProfile {
  if (profiles.length === 0) throw new Error('pickProfile needs at least one profile');
  let best = profiles[0];
  let bestFit = profileFit(best, drawing);
  for (const p of profiles.slice(1)) {
    const fit = profileFit(p, drawing);
    if (fit > bestFit) [best, bestFit] = [p, fit];
  }
  return best;
}
