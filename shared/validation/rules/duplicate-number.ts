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
    // Nested maps (commune → sheet → parcel number) look the attribute strings up as they are,
    // without building a joined key string per parcel; groups stay in order of first appearance.
    const byCommune = new Map<string, Map<string, Map<string, number[]>>>();
    const groups: number[][] = [];
    for (let p = 0; p < set.count; p++) {
      const sheet = sheetNo[p], parcel = parcelNo[p];
      if (sheet === null || parcel === null) continue;
      const commune = communeCode[p] ?? '';
      let bySheet = byCommune.get(commune);
      if (!bySheet) byCommune.set(commune, (bySheet = new Map()));
      let byParcel = bySheet.get(sheet);
      if (!byParcel) bySheet.set(sheet, (byParcel = new Map()));
      const g = byParcel.get(parcel);
      if (g) g.push(p);
      else {
        const list = [p];
        byParcel.set(parcel, list);
        groups.push(list);
      }
    }
    const { x, y } = ctx.metrics();
    for (const members of groups) {
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
