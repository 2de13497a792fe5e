import type { Rule } from '../rule.js';
import { checkPartsCross, checkPolygonRings, type RingProblem } from '../ring-check.js';

/**
 * `invalid-ring`: self-intersection (with the crossing point), self-touching ring, unclosed ring,
 * fewer than 3 distinct vertices, ring crossing a hole, hole outside its shell, parts of a
 * multipolygon crossing each other. One finding per
 * parcel, located at the first problem; `detail.kind` names it, `detail.count` counts all.
 */
export const invalidRing: Rule = {
  id: 'invalid-ring',
  severity: 'error',
  kind: 'geometry',
  visit(ctx, report) {
    const { set } = ctx;
    const problems: RingProblem[] = [];
    for (let p = 0; p < set.count; p++) {
      if (!ctx.inScope(p)) continue;
      if ((p & 1023) === 0) ctx.checkpoint();
      problems.length = 0;
      for (let g = set.parcelPolyStart[p]; g < set.parcelPolyStart[p + 1]; g++) checkPolygonRings(set, g, problems);
      checkPartsCross(set, p, problems);
      if (problems.length === 0) continue;
      const first = problems.find((q) => Number.isFinite(q.x)) ?? problems[0];
      report(
        ctx.finding(invalidRing, [p], first.x, first.y, {
          geometry: Number.isFinite(first.x) ? { type: 'Point', coordinates: [first.x, first.y] } : undefined,
          detail: { kind: first.kind, count: problems.length },
        }),
      );
    }
  },
};
