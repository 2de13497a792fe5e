import type { Rule } from '../rule.js';
import { parcelGeometry } from '../../topology/parcel-set.js';
import { interiorPoint } from '../../topology/regions.js';

/** `sliver`: a parcel whose mean width 2·area/perimeter is below `sliverWidth` (default 0.5 m). */
export const sliver: Rule = {
  id: 'sliver',
  severity: 'warning',
  kind: 'geometry',
  visit(ctx, report) {
    const { set, settings } = ctx;
    const { area, perimeter } = ctx.metrics();
    for (let p = 0; p < set.count; p++) {
      if (!ctx.inScope(p) || !(perimeter[p] > 0)) continue;
      const width = (2 * Math.max(0, area[p])) / perimeter[p];
      if (width >= settings.sliverWidth) continue;
      const geom = parcelGeometry(set, p);
      const poly = geom ? (geom.type === 'Polygon' ? geom.coordinates : geom.coordinates[0]) : null;
      const [x, y] = poly && poly[0].length > 0 ? interiorPoint(poly) : [NaN, NaN];
      report(ctx.finding(sliver, [p], x, y, { area: area[p], width }));
    }
  },
};
