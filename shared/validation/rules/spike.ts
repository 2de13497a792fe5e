import type { Rule } from '../rule.js';

/**
 * `spike`: a vertex where the boundary turns back on itself: the angle between its two edges is
 * under `spikeAngle` degrees (default 1°) and the shorter edge is at most `spikeLength` m
 * (default 5 m). One finding per vertex, at the spike tip.
 */
export const spike: Rule = {
  id: 'spike',
  severity: 'warning',
  kind: 'geometry',
  visit(ctx, report) {
    const { set, settings } = ctx;
    const c = set.coords;
    const maxAngle = (settings.spikeAngle * Math.PI) / 180;
    const acuteOnly = maxAngle <= Math.PI / 2;
    const idx: number[] = [];
    for (let p = 0; p < set.count; p++) {
      if (!ctx.inScope(p)) continue;
      for (let g = set.parcelPolyStart[p]; g < set.parcelPolyStart[p + 1]; g++) {
        for (let r = set.polyRingStart[g]; r < set.polyRingStart[g + 1]; r++) {
          idx.length = 0;
          for (let v = set.ringStart[r]; v < set.ringStart[r + 1] - 1; v++) {
            const l = idx[idx.length - 1];
            if (l !== undefined && c[2 * l] === c[2 * v] && c[2 * l + 1] === c[2 * v + 1]) continue;
            idx.push(v);
          }
          while (idx.length > 1 && c[2 * idx[0]] === c[2 * idx[idx.length - 1]] && c[2 * idx[0] + 1] === c[2 * idx[idx.length - 1] + 1]) idx.pop();
          const k = idx.length;
          if (k < 3) continue;
          for (let i = 0; i < k; i++) {
            const a = idx[(i + k - 1) % k], v = idx[i], b = idx[(i + 1) % k];
            const ux = c[2 * a] - c[2 * v], uy = c[2 * a + 1] - c[2 * v + 1];
            const wx = c[2 * b] - c[2 * v], wy = c[2 * b + 1] - c[2 * v + 1];
            // An angle under 90° needs a positive dot product: nearly every vertex of a real
            // boundary fails this cheap test, so atan2 runs only for the few sharp ones.
            const dot = ux * wx + uy * wy;
            if (acuteOnly && !(dot > 0)) continue;
            const angle = Math.abs(Math.atan2(ux * wy - uy * wx, dot));
            if (angle >= maxAngle) continue;
            const arm = Math.min(Math.hypot(ux, uy), Math.hypot(wx, wy));
            if (arm > settings.spikeLength) continue;
            const x = c[2 * v], y = c[2 * v + 1];
            report(
              ctx.finding(spike, [p], x, y, {
                width: arm,
                geometry: { type: 'Point', coordinates: [x, y] },
                detail: { angle: (angle * 180) / Math.PI },
              }),
            );
          }
        }
      }
    }
  },
};
