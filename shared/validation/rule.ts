/**
 * The shape of a validation rule: a stable id, a severity and `visit`, which reports findings
 * for the parcels in scope. Rules share the expensive parts (the planar graph, per-parcel areas)
 * through the context, which computes each at most once per run.
 */
import type { Finding, RuleId, Severity } from '../model/finding.js';
import type { ParcelSet } from '../topology/parcel-set.js';
import type { CoverageErrors } from '../topology/coverage-errors.js';
import type { ValidationSettings } from './settings.js';
import type { FrameIndex } from './frame-index.js';

export interface ParcelMetrics {
  /** Area of each parcel (exterior minus holes), m². */
  area: Float64Array;
  perimeter: Float64Array;
  /** A point inside each parcel (largest polygon), NaN for empty parcels. */
  x: Float64Array;
  y: Float64Array;
}

export interface RuleContext {
  set: ParcelSet;
  settings: ValidationSettings;
  /** 1 for parcels whose findings are wanted (all in a full run, the dirty area in an incremental one). */
  inScope: (parcel: number) => boolean;
  /** True for a run over the whole set (validate), false for an incremental one (validateArea). */
  whole: boolean;
  metrics(): ParcelMetrics;
  coverage(): CoverageErrors;
  /** The loaded sheet frames, indexed; null when none are loaded (frame rules then do nothing). */
  frames(): FrameIndex | null;
  /** Throws CancelledError when the caller asked to stop. */
  checkpoint(): void;
  /** Builds a finding (severity, fids, fingerprint) from parcel indices. */
  finding(
    rule: Rule,
    parcels: readonly number[],
    x: number,
    y: number,
    extra?: Pick<Finding, 'area' | 'width' | 'geometry' | 'detail'>,
  ): Finding;
}

export interface Rule {
  id: RuleId;
  severity: Severity;
  /** What the rule looks at: geometry of one parcel, the shared boundaries, or attributes. */
  kind: 'geometry' | 'topology' | 'attribute';
  visit(ctx: RuleContext, report: (f: Finding) => void): void;
}
