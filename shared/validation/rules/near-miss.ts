import type { Rule } from '../rule.js';

/**
 * `near-miss`: a vertex of one parcel within the snapping tolerance of a neighbour's vertex or
 * edge without being on it, or an overlap/gap piece narrower than the tolerance. One finding per
 * parcel pair at the worst spot; `width` is the largest distance, `detail.count` the number of spots.
 */
export const nearMiss: Rule = {
  id: 'near-miss',
  severity: 'warning',
  kind: 'topology',
  visit(ctx, report) {
    for (const n of ctx.coverage().nearMisses) {
      if (!ctx.inScope(n.a) && !ctx.inScope(n.b)) continue;
      const [x, y] = n.location;
      report(
        ctx.finding(nearMiss, [n.a, n.b], x, y, {
          width: n.distance,
          geometry: { type: 'Point', coordinates: [x, y] },
          detail: { count: n.count },
        }),
      );
    }
  },
};
