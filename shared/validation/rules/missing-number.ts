import type { Rule } from '../rule.js';

/** `missing-number`: a parcel without sheet number or parcel number (detail.missing says which). */
export const missingNumber: Rule = {
  id: 'missing-number',
  severity: 'error',
  kind: 'attribute',
  visit(ctx, report) {
    const { set } = ctx;
    const { sheetNo, parcelNo } = set.attrs;
    const { x, y } = ctx.metrics();
    for (let p = 0; p < set.count; p++) {
      if (!ctx.inScope(p)) continue;
      const noSheet = sheetNo[p] === null, noParcel = parcelNo[p] === null;
      if (!noSheet && !noParcel) continue;
      const missing = noSheet && noParcel ? 'both' : noSheet ? 'sheet' : 'parcel';
      report(ctx.finding(missingNumber, [p], x[p], y[p], { detail: { missing } }));
    }
  },
};
