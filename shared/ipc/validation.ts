/**
 * Request and response types of the validation methods of the contract (shared/ipc/contract.ts):
 * the findings list, accepted exceptions and repairs.
 */
import type { AreaGeometry } from '../geo/geometry.js';
import type { ExceptionRecord } from '../model/exception.js';
import type { Finding, RuleId, Severity } from '../model/finding.js';
import type { HistoryState } from './contract.js';

/** Which findings a list shows: open ones (default), accepted exceptions, or both. */
export type ExceptionFilter = 'open' | 'excepted' | 'all';

export interface FindingsQuery {
  rule?: RuleId;
  severity?: Severity;
  /** Sheet number; a finding matches when any of its parcels is on that sheet. */
  sheet?: string;
  exceptions?: ExceptionFilter;
  offset?: number;
  limit?: number;
}

/** A finding as the list shows it. */
export interface FindingItem extends Finding {
  /** Sheet numbers of the finding's parcels ('' for parcels without one). */
  sheets: string[];
  /** The accepted exception covering this finding, null while it is open. */
  exception: ExceptionRecord | null;
}

export interface FindingCountsSummary {
  /** Per rule, over the findings that pass the sheet and exceptions filters. */
  byRule: Partial<Record<RuleId, number>>;
  bySeverity: Partial<Record<Severity, number>>;
  /** Open findings and accepted exceptions (sheet filter applied). */
  open: number;
  excepted: number;
}

export interface FindingsPage {
  /** False until the project has been validated once. */
  validated: boolean;
  /** When the last full validation ran (ISO-8601). */
  validatedAt: string | null;
  /** The parcels changed outside ParcelDesk's edits (e.g. an import) since: validate again. */
  stale: boolean;
  /** Job id of a validation still running, else null. */
  running: string | null;
  tolerance: number;
  counts: FindingCountsSummary;
  /** Findings matching every filter. */
  total: number;
  offset: number;
  items: FindingItem[];
}

/** An exception record as the review lists it. */
export interface ExceptionReview extends ExceptionRecord {
  /** True while validation still finds the problem (false once it was fixed or changed shape). */
  present: boolean;
}

export type RepairChoice = 'longest-boundary' | 'legal-area' | 'ask';

export interface FixRequest {
  /** Rules to repair; every repairable rule when absent. */
  rules?: RuleId[];
  choose: RepairChoice;
  /** Repair only these findings (by fingerprint). */
  fingerprints?: string[];
  /**
   * With choose 'ask': finding fingerprint → fid of the parcel that gets the region (the explicit
   * target; `repairCandidates` lists the possible ones). A target that is not a candidate, or whose
   * repair fails the checks, is reported in `unresolved` and nothing is applied for that finding.
   */
  choices?: Record<string, number>;
  /**
   * Opt-in ("Cho phép tạo cảnh báo"): a repair whose only failing checks are warning-level (a new
   * spike, area mismatch or sliver) is applied with the best remaining option when nothing clean is
   * left, and a cut that would split a parcel gives the small detached fragment to its neighbour;
   * the warnings created are listed in `warnings`. Default false.
   */
  allowWarnings?: boolean;
  /** With allowWarnings: largest fragment of a split parcel handed to a neighbour, share of its area (default 0.1). */
  maxFragmentShare?: number;
}

/** A warning a repair allowed to create warnings added (rule, parcel, why). */
export interface FixWarning {
  /** The finding whose repair created it. */
  fingerprint: string;
  rule: 'spike' | 'area-mismatch' | 'sliver';
  /** Feature id of the parcel that carries it. */
  parcel: number;
  reason: string;
  reasonEn: string;
}

/** A fragment of a split parcel given to the neighbour along it. */
export interface FixFragmentMove {
  from: number;
  to: number;
  area: number;
  sharedBoundary: number;
}

export interface FixPreviewItem {
  fingerprint: string;
  rule: RuleId;
  parcels: number[];
  action: string;
  actionEn: string;
  target?: number;
  candidates?: { fid: number; sharedBoundary: number }[];
  pending?: boolean;
  /** Fragments of a split parcel given to neighbours (allowWarnings). */
  fragments?: FixFragmentMove[];
  /** Warning rules this repair was allowed to break (allowWarnings). */
  warnings?: Array<'spike' | 'area-mismatch' | 'sliver'>;
}

export interface FixUnresolved {
  fingerprint: string;
  rule: RuleId;
  parcels: number[];
  reason: string;
  reasonEn: string;
}

export interface FixPreview {
  /** Findings repaired per rule. */
  counts: Partial<Record<RuleId, number>>;
  /** Parcels the repair changes. */
  parcels: number[];
  items: FixPreviewItem[];
  unresolved: FixUnresolved[];
  /** New warnings the repair creates (only with allowWarnings; otherwise empty). */
  warnings: FixWarning[];
}

export interface FixResult extends FixPreview {
  /** False when nothing could be repaired (no command was executed). */
  applied: boolean;
  history: HistoryState;
  /** Open findings per rule after the repair and re-validation. */
  after: Partial<Record<RuleId, number>>;
}

export interface ValidationSettingsInfo {
  mapScale: number;
  tolerance: number;
  sliverWidth: number;
  spikeAngle: number;
  spikeLength: number;
}

/** A parcel a repair with a chosen target changes, with its areas before and after (m²). */
export interface CandidateParcelChange {
  fid: number;
  sheet: string | null;
  parcelNo: string | null;
  /** The stored computed area now. */
  areaBefore: number | null;
  /** The computed area after the repair; null when the repair deletes the parcel (a merged sliver). */
  areaAfter: number | null;
  legalArea: number | null;
}

/**
 * One parcel that could get the region of a gap, keep an overlap or absorb a sliver, with what the
 * real repair engine (shared/repair) would do if the user picked it.
 */
export interface RepairCandidateInfo {
  fid: number;
  sheet: string | null;
  parcelNo: string | null;
  landType: string | null;
  /** Boundary shared with the region (m). */
  sharedBoundary: number;
  /** Stored computed area now (m²). */
  area: number | null;
  legalArea: number | null;
  /** This parcel's computed area after the repair (unchanged when it keeps an overlap). */
  areaAfter: number | null;
  /**
   * Change of Σ|computed − legal| over the parcels the repair changes that have a legal area (m²;
   * negative = closer to the legal areas), the measure of the `legal-area` rule; null when none has one.
   */
  legalDelta: number | null;
  /** Every parcel the repair changes (for an overlap the parcel it is cut from). */
  changes: CandidateParcelChange[];
  /** True when the repair to this parcel passes the checks (docs/repairs.md "Checks"). */
  ok: boolean;
  /** Why not (when !ok), in Vietnamese and English. */
  reason?: string;
  reasonEn?: string;
  /** What the repair does (when ok). */
  action?: string;
  actionEn?: string;
  /** The parcel's current shape, to highlight it on the map. */
  geometry: AreaGeometry | null;
  /** The candidate the `longest-boundary` rule would pick. */
  longest: boolean;
  /** The candidate the `legal-area` rule would pick (among those that pass the checks). */
  closestLegal: boolean;
}

export interface RepairCandidates {
  finding: Finding;
  /** Ordered by shared boundary, longest first (ties: lower fid). */
  candidates: RepairCandidateInfo[];
  /** When no candidate can be offered (the region is gone, no neighbour…): why, vi and en. */
  reason?: string;
  reasonEn?: string;
}
