import type { Geometry } from '../geo/geometry.js';

/** Stable ids of the validation rules (documented in docs/rules.md). */
export const RULE_IDS = [
  'empty-geometry',
  'invalid-ring',
  'duplicate-parcel',
  'overlap',
  'gap',
  'near-miss',
  'crosses-sheet',
  'sliver',
  'spike',
  'duplicate-vertex',
  'duplicate-number',
  'missing-number',
  'invalid-land-type',
  'area-mismatch',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

export type Severity = 'error' | 'warning' | 'info';

/** One problem found by a validation rule. */
export interface Finding {
  rule: RuleId;
  severity: Severity;
  /** Feature ids of the parcels involved, ascending. */
  parcels: number[];
  /** A point to zoom to: inside the overlap/gap polygon, or the offending vertex. */
  x: number;
  y: number;
  /** Area in m² (overlap, gap, area-mismatch difference, sliver area, part outside the sheet frame). */
  area?: number;
  /** Width in m (mean width of an overlap/gap/sliver, snap distance of a near-miss). */
  width?: number;
  /** The finding's own geometry: overlap/gap polygon, crossing point, vertex. */
  geometry?: Geometry;
  /** Short machine-readable detail (e.g. the kind of invalid ring, the suggested land-use code). */
  detail?: Record<string, string | number>;
  /**
   * rule + sorted parcel ids + a digest of the geometry rounded to 1 cm: equal for the same
   * problem found again, so accepted exceptions survive re-validation.
   */
  fingerprint: string;
}

/** Number of findings per rule id. */
export type FindingCounts = Partial<Record<RuleId, number>>;
