/**
 * The project's validation settings, kept in `pd_settings`: the map scale (`map_scale`) and the
 * technician's overrides (`validation_settings`, JSON). Defaults follow the map scale
 * (../docs/rules.md "Settings"): snapping tolerance 0.05 mm at map scale, never below 5 cm
 * (0.05 m at 1:200–1:1000, 0.1 m at 1:2000, 0.25 m at 1:5000, 0.5 m at 1:10000), and the
 * area-mismatch formula evaluated at that scale.
 */
import { UserError } from '../../../shared/errors.js';
import { DEFAULT_SETTINGS, resolveSettings, type ValidationSettings } from '../../../shared/validation/settings.js';
import type { ProjectFile } from '../project/project-file.js';

export const MAP_SCALE_KEY = 'map_scale';
export const VALIDATION_SETTINGS_KEY = 'validation_settings';

/** Scales of Vietnamese cadastral sheets (circular 25/2014). */
export const MAP_SCALES = [200, 500, 1000, 2000, 5000, 10000] as const;
export const DEFAULT_MAP_SCALE = 1000;

/** Default snapping tolerance for a map scale denominator, in metres. */
export function toleranceForScale(scale: number): number {
  return Math.max(0.05, Math.round(scale * 0.00005 * 1000) / 1000);
}

/** Defaults of every setting for a map scale. */
export function defaultSettingsForScale(scale: number): ValidationSettings {
  return {
    ...DEFAULT_SETTINGS,
    tolerance: toleranceForScale(scale),
    areaRule: { kind: 'formula', mapScale: scale },
  };
}

export interface ProjectValidationSettings {
  mapScale: number;
  /** Defaults for the scale with the project's overrides applied. */
  settings: ValidationSettings;
  /** Only what the project overrides. */
  overrides: Partial<ValidationSettings>;
}

function parseScale(text: string | null): number {
  const n = text === null ? NaN : Number(text);
  return Number.isFinite(n) && n > 0 ? n : DEFAULT_MAP_SCALE;
}

function parseOverrides(text: string | null): Partial<ValidationSettings> {
  if (!text) return {};
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Partial<ValidationSettings>) : {};
  } catch {
    // A hand-edited, broken value must not stop validation: the defaults apply.
    return {};
  }
}

export function readValidationSettings(project: ProjectFile): ProjectValidationSettings {
  const mapScale = parseScale(project.setting(MAP_SCALE_KEY));
  const overrides = parseOverrides(project.setting(VALIDATION_SETTINGS_KEY));
  let settings: ValidationSettings;
  try {
    settings = resolveSettings({ ...defaultSettingsForScale(mapScale), ...overrides });
  } catch {
    settings = defaultSettingsForScale(mapScale);
  }
  return { mapScale, settings, overrides };
}

/** Store overrides (merged into the existing ones) after checking them. */
export function writeValidationSettings(project: ProjectFile, changes: Partial<ValidationSettings>): ProjectValidationSettings {
  const current = readValidationSettings(project);
  const overrides = { ...current.overrides, ...changes };
  try {
    resolveSettings({ ...defaultSettingsForScale(current.mapScale), ...overrides });
  } catch (err) {
    throw new UserError('validation.badSetting', { detail: err instanceof Error ? err.message : String(err) });
  }
  project.db.transaction(() => project.setSetting(VALIDATION_SETTINGS_KEY, JSON.stringify(overrides)))();
  return readValidationSettings(project);
}
