import type { Rule } from '../rule.js';
import type { Extent, Geometry } from '../../geo/geometry.js';
import { parcelGeometry } from '../../topology/parcel-set.js';
import { outsidePart } from '../../topology/outside-part.js';

/**
 * `crosses-sheet`: a parcel reaching outside its sheet frame (only when frames are loaded). The
 * frame is the one with the parcel's sheet number, else the one its inner point lies in. A parcel
 * whose edge runs along the frame within the snapping tolerance does not cross; the finding's
 * geometry is the part outside the frame, `area` its area, `width` its mean width.
 */
export const crossesSheet: Rule = {
  id: 'crosses-sheet',
  severity: 'warning',
  kind: 'geometry',
  visit(ctx, report) {
    const frames = ctx.frames();
    if (!frames) return;
    const { set, settings } = ctx;
    const t = settings.tolerance;
    const { x, y } = ctx.metrics();
    const c = set.coords;
    const box: Extent = [0, 0, 0, 0];
    for (let p = 0; p < set.count; p++) {
      if (!ctx.inScope(p)) continue;
      if ((p & 4095) === 4095) ctx.checkpoint();
      const v0 = set.ringStart[set.polyRingStart[set.parcelPolyStart[p]]];
      const v1 = set.ringStart[set.polyRingStart[set.parcelPolyStart[p + 1]]];
      if (v1 <= v0) continue;
      const f = frames.frameOf(set.attrs.communeCode[p], set.attrs.sheetNo[p], x[p], y[p]);
      if (f < 0) continue;
      box[0] = box[1] = Infinity;
      box[2] = box[3] = -Infinity;
      for (let v = v0; v < v1; v++) {
        const vx = c[2 * v], vy = c[2 * v + 1];
        if (vx < box[0]) box[0] = vx;
        if (vx > box[2]) box[2] = vx;
        if (vy < box[1]) box[1] = vy;
        if (vy > box[3]) box[3] = vy;
      }
      if (frames.surelyInside(f, c, v0, v1, box, t)) continue;
      const geom = parcelGeometry(set, p);
      if (!geom) continue;
      const frame = frames.frames[f].frame;
      const out = outsidePart(geom, [frame.polygon], t);
      if (!out) continue;
      const geometry: Geometry =
        out.polygons.length === 1 ? { type: 'Polygon', coordinates: out.polygons[0] } : { type: 'MultiPolygon', coordinates: out.polygons };
      const detail: Record<string, string | number> = { sheet: frame.sheetNo ?? '' };
      if (frame.sheetCode) detail.sheetCode = frame.sheetCode;
      report(ctx.finding(crossesSheet, [p], out.location[0], out.location[1], { area: out.area, width: out.width, geometry, detail }));
    }
  },
};
