import type { RuleId } from './finding.js';

/**
 * An accepted exception (ngoại lệ được chấp nhận): a finding the technician has reviewed and
 * accepted, with the reason. Matched to findings by fingerprint, so it survives re-validation and
 * edits elsewhere; a revoked exception stays on record (who revoked it and when).
 */
export interface ExceptionRecord {
  fingerprint: string;
  rule: RuleId;
  /** Feature ids of the parcels of the finding, ascending. */
  parcels: number[];
  reason: string;
  user: string;
  /** ISO-8601 UTC time it was marked. */
  at: string;
  revokedAt: string | null;
  revokedBy: string | null;
}

/** True while the exception is in force. */
export function isActiveException(e: ExceptionRecord | null | undefined): e is ExceptionRecord {
  return !!e && e.revokedAt === null;
}
