import type { Rule } from '../rule.js';
import type { Geometry } from '../../geo/geometry.js';

/**
 * `overlap`: two parcels whose interiors share a region wider than the snapping tolerance. One
 * finding per pair with the overlap (multi)polygon, its area and mean width. Narrower pieces are
 * `near-miss` warnings instead.
 */
export const overlap: Rule = {
  id: 'overlap',
  severity: 'error',
  kind: 'topology',
  visit(ctx, report) {
    for (const o of ctx.coverage().overlaps) {
      if (!ctx.inScope(o.a) && !ctx.inScope(o.b)) continue;
      const geometry: Geometry =
        o.polygons.length === 1 ? { type: 'Polygon', coordinates: o.polygons[0] } : { type: 'MultiPolygon', coordinates: o.polygons };
      report(ctx.finding(overlap, [o.a, o.b], o.location[0], o.location[1], { area: o.area, width: o.width, geometry }));
    }
  },
};
