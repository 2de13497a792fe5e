import type { Rule } from '../rule.js';
import type { Geometry } from '../../geo/geometry.js';

/**
 * `gap`: a region covered by no parcel but enclosed by parcels (the open outside is never a gap),
 * wider than the snapping tolerance. One finding per connected region, with its polygon, area,
 * mean width and the bordering parcels.
 */
export const gap: Rule = {
  id: 'gap',
  severity: 'error',
  kind: 'topology',
  visit(ctx, report) {
    for (const g of ctx.coverage().gaps) {
      if (!g.parcels.some((p) => ctx.inScope(p))) continue;
      const geometry: Geometry =
        g.polygon.length === 1 ? { type: 'Polygon', coordinates: g.polygon[0] } : { type: 'MultiPolygon', coordinates: g.polygon };
      report(ctx.finding(gap, g.parcels, g.location[0], g.location[1], { area: g.area, width: g.width, geometry }));
    }
  },
};
