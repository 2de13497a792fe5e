/**
 * The order findings are listed in everywhere (panel, CLI, stored run): errors first, then by rule
 * in the documented rule order, then by first parcel — so two runs on the same data list the same
 * findings in the same order, whichever path produced them.
 */
import { RULE_IDS, type Finding, type RuleId, type Severity } from '../../../shared/model/finding.js';

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
const RULE_ORDER = new Map<RuleId, number>(RULE_IDS.map((r, i) => [r, i]));

export function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    (RULE_ORDER.get(a.rule) ?? 99) - (RULE_ORDER.get(b.rule) ?? 99) ||
    (a.parcels[0] ?? 0) - (b.parcels[0] ?? 0) ||
    a.fingerprint.localeCompare(b.fingerprint)
  );
}

/** One finding per fingerprint (the first found), in listing order. */
export function distinctSortedFindings(found: readonly Finding[]): Finding[] {
  const byFingerprint = new Map<string, Finding>();
  for (const f of found) if (!byFingerprint.has(f.fingerprint)) byFingerprint.set(f.fingerprint, f);
  return [...byFingerprint.values()].sort(compareFindings);
}
