import type { Rule } from '../rule.js';
import { checkLandType } from '../land-types.js';

/**
 * `invalid-land-type`: land-use code missing or not in the code list (resources/land-types.json).
 * For a legacy 2014 code the current code(s) to map it to are suggested in `detail.suggest`.
 */
export const invalidLandType: Rule = {
  id: 'invalid-land-type',
  severity: 'error',
  kind: 'attribute',
  visit(ctx, report) {
    const { set } = ctx;
    const { x, y } = ctx.metrics();
    for (let p = 0; p < set.count; p++) {
      if (!ctx.inScope(p)) continue;
      const verdict = checkLandType(set.attrs.landType[p]);
      if (verdict.ok) continue;
      const detail: Record<string, string> = { problem: verdict.problem, value: set.attrs.landType[p] ?? '' };
      if (verdict.problem !== 'missing') detail.code = verdict.code;
      if (verdict.problem === 'legacy') detail.suggest = verdict.suggest.join('|');
      report(ctx.finding(invalidLandType, [p], x[p], y[p], { detail }));
    }
  },
};
