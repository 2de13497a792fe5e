/**
 * Request and response types of the validation methods of the contract (shared/ipc/contract.ts):
 * the findings list, accepted exceptions and repairs.
 */
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
  /** With choose 'ask': finding fingerprint → fid of the parcel that gets the region. */
  choices?: Record<string, number>;
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
