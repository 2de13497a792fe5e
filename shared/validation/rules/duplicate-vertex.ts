import type { Rule } from '../rule.js';

/**
 * `duplicate-vertex`: consecutive vertices of a ring at most `duplicateVertexDistance` apart
 * (default 0 = identical). One finding per parcel at the first one; `detail.count` counts all.
 */
export const duplicateVertex: Rule = {
  id: 'duplicate-vertex',
  severity: 'info',
  kind: 'geometry',
  visit(ctx, report) {
    const { set, settings } = ctx;
    const c = set.coords;
    const d2max = settings.duplicateVertexDistance * settings.duplicateVertexDistance;
    for (let p = 0; p < set.count; p++) {
      if (!ctx.inScope(p)) continue;
      let count = 0, fx = NaN, fy = NaN;
      for (let g = set.parcelPolyStart[p]; g < set.parcelPolyStart[p + 1]; g++) {
        for (let r = set.polyRingStart[g]; r < set.polyRingStart[g + 1]; r++) {
          for (let v = set.ringStart[r]; v < set.ringStart[r + 1] - 1; v++) {
            const dx = c[2 * v + 2] - c[2 * v], dy = c[2 * v + 3] - c[2 * v + 1];
            if (dx * dx + dy * dy > d2max) continue;
            if (count++ === 0) {
              fx = c[2 * v];
              fy = c[2 * v + 1];
            }
          }
        }
      }
      if (count === 0) continue;
      report(
        ctx.finding(duplicateVertex, [p], fx, fy, {
          geometry: { type: 'Point', coordinates: [fx, fy] },
          detail: { count },
        }),
      );
    }
  },
};
