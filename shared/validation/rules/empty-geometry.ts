import type { Rule } from '../rule.js';

/** `empty-geometry`: a parcel with no polygon or no vertex at all (it cannot be drawn or measured). */
export const emptyGeometry: Rule = {
  id: 'empty-geometry',
  severity: 'error',
  kind: 'geometry',
  visit(ctx, report) {
    const { set } = ctx;
    for (let p = 0; p < set.count; p++) {
      if (!ctx.inScope(p)) continue;
      const r0 = set.polyRingStart[set.parcelPolyStart[p]];
      const r1 = set.polyRingStart[set.parcelPolyStart[p + 1]];
      if (set.ringStart[r1] > set.ringStart[r0]) continue;
      report(ctx.finding(emptyGeometry, [p], NaN, NaN));
    }
  },
};
