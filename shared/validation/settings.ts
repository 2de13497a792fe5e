/**
 * Validation settings: tolerances and thresholds of every rule. Defaults follow docs/rules.md;
 * the project stores its own copy (per map scale, ../docs/domain.md §3).
 */
import type { RuleId } from '../model/finding.js';

/** How far the computed area may differ from the legal area before `area-mismatch` fires. */
export type AreaToleranceRule =
  /** ΔP = 2 · 0.0004 · M · √P (practitioner formula, NOT verified in an official text). */
  | { kind: 'formula'; mapScale: number }
  /** |computed − legal| > percent % of the legal area. */
  | { kind: 'percent'; percent: number };

export interface ValidationSettings {
  /** Snapping tolerance in metres: vertices/edges closer than this are the same boundary. 0 = exact. */
  tolerance: number;
  /** `sliver`: parcels with mean width 2·area/perimeter below this (m). */
  sliverWidth: number;
  /** `spike`: vertex angle below this (degrees)… */
  spikeAngle: number;
  /** …with its shorter arm at most this long (m). */
  spikeLength: number;
  /** `duplicate-vertex`: consecutive vertices at most this far apart (m); 0 = identical. */
  duplicateVertexDistance: number;
  areaRule: AreaToleranceRule;
  /** Rules to run; all when absent. */
  rules?: RuleId[];
}

export const DEFAULT_SETTINGS: ValidationSettings = {
  tolerance: 0.05,
  sliverWidth: 0.5,
  spikeAngle: 1,
  spikeLength: 5,
  duplicateVertexDistance: 0,
  areaRule: { kind: 'formula', mapScale: 1000 },
};

/** Fills missing fields with defaults and rejects values no rule can use. */
export function resolveSettings(partial: Partial<ValidationSettings> = {}): ValidationSettings {
  const s: ValidationSettings = { ...DEFAULT_SETTINGS, ...partial };
  const nonNeg = (name: string, v: number): void => {
    if (!Number.isFinite(v) || v < 0) throw new RangeError(`validation setting ${name} must be a number >= 0, got ${v}`);
  };
  nonNeg('tolerance', s.tolerance);
  nonNeg('sliverWidth', s.sliverWidth);
  nonNeg('spikeAngle', s.spikeAngle);
  nonNeg('spikeLength', s.spikeLength);
  nonNeg('duplicateVertexDistance', s.duplicateVertexDistance);
  if (s.areaRule.kind === 'formula') nonNeg('areaRule.mapScale', s.areaRule.mapScale);
  else nonNeg('areaRule.percent', s.areaRule.percent);
  return s;
}
