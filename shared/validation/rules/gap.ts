import type { Rule } from '../rule.js';
import type { Geometry } from '../../geo/geometry.js';

/**
 * `gap`: a region covered by no parcel but enclosed by parcels (the open outside is never a gap),
 * or — when a commune boundary is loaded — uncovered land inside the boundary even where it is
 * open to the outside of the parcel set, wider than the snapping tolerance. One finding per
 * connected region, with its polygon, area, mean width and the bordering parcels
 * (`detail.where = 'boundary'` for land open to the outside). A region inside the boundary that
 * touches no parcel is reported by whole runs only (no parcel edit can be said to change it).
 */
export const gap: Rule = {
  id: 'gap',
  severity: 'error',
  kind: 'topology',
  visit(ctx, report) {
    for (const g of ctx.coverage().gaps) {
      if (g.parcels.length === 0 ? !ctx.whole : !g.parcels.some((p) => ctx.inScope(p))) continue;
      const geometry: Geometry =
        g.polygon.length === 1 ? { type: 'Polygon', coordinates: g.polygon[0] } : { type: 'MultiPolygon', coordinates: g.polygon };
      const extra = { area: g.area, width: g.width, geometry, ...(g.alongBoundary ? { detail: { where: 'boundary' } } : {}) };
      report(ctx.finding(gap, g.parcels, g.location[0], g.location[1], extra));
    }
  },
};
