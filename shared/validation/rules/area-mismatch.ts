import type { Rule } from '../rule.js';
import type { AreaToleranceRule } from '../settings.js';

/** Allowed |computed − legal| difference (m²) for a legal area P under the configured rule. */
export function allowedAreaDifference(rule: AreaToleranceRule, legal: number): number {
  if (rule.kind === 'percent') return (Math.abs(legal) * rule.percent) / 100;
  // Practitioner formula ΔP = 2 · 0.0004 · M · √P; not found in an official text, so configurable.
  return 2 * 0.0004 * rule.mapScale * Math.sqrt(Math.abs(legal));
}

/**
 * `area-mismatch`: the computed area differs from the legal area (diện tích pháp lý) by more than
 * the configured rule allows. Parcels without a legal area are skipped.
 */
export const areaMismatch: Rule = {
  id: 'area-mismatch',
  severity: 'warning',
  kind: 'attribute',
  visit(ctx, report) {
    const { set, settings } = ctx;
    const legalArea = set.attrs.areaLegal;
    const { area, x, y } = ctx.metrics();
    for (let p = 0; p < set.count; p++) {
      if (!ctx.inScope(p)) continue;
      const legal = legalArea[p];
      if (!Number.isFinite(legal) || legal <= 0 || !Number.isFinite(x[p])) continue;
      const diff = area[p] - legal;
      const allowed = allowedAreaDifference(settings.areaRule, legal);
      if (Math.abs(diff) <= allowed) continue;
      report(
        ctx.finding(areaMismatch, [p], x[p], y[p], {
          area: area[p],
          detail: { legal, computed: round2(area[p]), difference: round2(diff), allowed: round2(allowed) },
        }),
      );
    }
  },
};

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}
