import type { Rule } from '../rule.js';

/**
 * `duplicate-number`: two or more parcels with the same commune code + sheet number + parcel
 * number (a parcel number is unique only within its sheet of its commune). One finding per group.
 */
export const duplicateNumber: Rule = {
  id: 'duplicate-number',
  severity: 'error',
  kind: 'attribute',
  visit(ctx, report) {
    const { set } = ctx;
    const { communeCode, sheetNo, parcelNo } = set.attrs;
    const groups = new Map<string, number[]>();
    for (let p = 0; p < set.count; p++) {
      if (sheetNo[p] === null || parcelNo[p] === null) continue;
      const key = `${communeCode[p] ?? ''}\u0000${sheetNo[p]}\u0000${parcelNo[p]}`;
      const g = groups.get(key);
      if (g) g.push(p);
      else groups.set(key, [p]);
    }
    const { x, y } = ctx.metrics();
    for (const members of groups.values()) {
      if (members.length < 2 || !members.some((p) => ctx.inScope(p))) continue;
      const p0 = members[0];
      report(
        ctx.finding(duplicateNumber, members, x[p0], y[p0], {
          detail: { commune: communeCode[p0] ?? '', sheet: sheetNo[p0] ?? '', parcel: parcelNo[p0] ?? '' },
        }),
      );
    }
  },
};
