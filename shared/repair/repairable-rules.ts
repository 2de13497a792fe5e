/**
 * Which findings the repair engine can fix, and for which of them the technician chooses the parcel
 * that receives the region. One list for the engine, the service and the findings panel, so the
 * panel never offers a fix button the engine refuses (this module imports nothing heavy: the
 * renderer bundles it).
 */
import type { RuleId } from '../model/finding.js';

/** Rules planRepairs fixes, in the order it applies them. */
export const REPAIRABLE_RULES: readonly RuleId[] = ['invalid-ring', 'duplicate-vertex', 'spike', 'near-miss', 'overlap', 'gap', 'sliver'];

/** Rules whose repair gives a region to one parcel: longest boundary, closest to legal area, or ask. */
export const CHOICE_RULES: readonly RuleId[] = ['overlap', 'gap', 'sliver'];
