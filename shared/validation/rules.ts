/** Registry of the validation rules, in the order they run and are listed. */
import type { RuleId } from '../model/finding.js';
import type { Rule } from './rule.js';
import { emptyGeometry } from './rules/empty-geometry.js';
import { invalidRing } from './rules/invalid-ring.js';
import { duplicateParcel } from './rules/duplicate-parcel.js';
import { overlap } from './rules/overlap.js';
import { gap } from './rules/gap.js';
import { nearMiss } from './rules/near-miss.js';
import { crossesSheet } from './rules/crosses-sheet.js';
import { sliver } from './rules/sliver.js';
import { spike } from './rules/spike.js';
import { duplicateVertex } from './rules/duplicate-vertex.js';
import { duplicateNumber } from './rules/duplicate-number.js';
import { missingNumber } from './rules/missing-number.js';
import { invalidLandType } from './rules/invalid-land-type.js';
import { areaMismatch } from './rules/area-mismatch.js';

export const RULES: readonly Rule[] = [
  emptyGeometry,
  invalidRing,
  duplicateParcel,
  overlap,
  gap,
  nearMiss,
  crossesSheet,
  sliver,
  spike,
  duplicateVertex,
  duplicateNumber,
  missingNumber,
  invalidLandType,
  areaMismatch,
];

const byId = new Map<RuleId, Rule>(RULES.map((r) => [r.id, r]));

/** The rule with this id (undefined for an unknown id). */
export function ruleById(id: string): Rule | undefined {
  return byId.get(id as RuleId);
}
