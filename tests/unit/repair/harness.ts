import { expect } from 'vitest';
import type { Finding, FindingCounts } from '../../../shared/model/finding.js';
import { parcelGeometry, type ParcelSet } from '../../../shared/topology/parcel-set.js';
import { validate } from '../../../shared/validation/validate.js';
import type { ValidationSettings } from '../../../shared/validation/settings.js';
import { planRepairs, repairCommand, type RepairOptions, type RepairPlan } from '../../../shared/repair/plan.js';
import { MemoryContext } from './memory-context.js';

export interface RoundTrip {
  plan: RepairPlan;
  before: Finding[];
  after: Finding[];
  ctx: MemoryContext;
}

/**
 * Validate → plan → apply through an in-memory EditContext → re-validate, then undo and check the
 * project is byte-identical to the start. Asserts that no rule's count went up.
 */
export function repairRoundTrip(
  set: ParcelSet,
  settings: Partial<ValidationSettings>,
  opts: Omit<RepairOptions, 'tolerance'>,
  /** Which findings the caller hands to the planner (the others are like accepted exceptions). */
  open: (f: Finding) => boolean = () => true,
): RoundTrip {
  const tolerance = settings.tolerance ?? 0.05;
  const before = validate(set, settings).findings;
  const plan = planRepairs(set, before.filter(open), { ...opts, tolerance, settings });
  const ctx = MemoryContext.fromSet(set, (p) => parcelGeometry(set, p));
  const start = ctx.snapshot();
  const cmd = repairCommand(plan);
  cmd.apply(ctx);
  const after = validate(ctx.toSet(), settings).findings;
  expectNoIncrease(countsOf(before), countsOf(after));
  cmd.invert().apply(ctx);
  expect(ctx.snapshot()).toBe(start);
  cmd.apply(ctx);
  return { plan, before, after, ctx };
}

export function countsOf(findings: readonly Finding[]): FindingCounts {
  const c: FindingCounts = {};
  for (const f of findings) c[f.rule] = (c[f.rule] ?? 0) + 1;
  return c;
}

export function expectNoIncrease(before: FindingCounts, after: FindingCounts): void {
  for (const [rule, n] of Object.entries(after)) {
    expect(n, `findings of rule ${rule} after the repair`).toBeLessThanOrEqual(before[rule as keyof FindingCounts] ?? 0);
  }
}
