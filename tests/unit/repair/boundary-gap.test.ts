/**
 * Gaps along the commune boundary (`gap` with detail.where = 'boundary': uncovered land inside the
 * boundary, open to the outside of the parcel set) are repaired like enclosed gaps: the region
 * bounded by the parcels and the boundary goes to the neighbouring parcel by the choice rule.
 */
import { describe, expect, it } from 'vitest';
import { generateCommune, type SyntheticCommune } from '../../../shared/sample/synthetic-commune.js';
import { ParcelSetBuilder, parcelGeometry, type ParcelSet } from '../../../shared/topology/parcel-set.js';
import type { ValidationReference } from '../../../shared/model/reference-area.js';
import type { Finding } from '../../../shared/model/finding.js';
import { validate } from '../../../shared/validation/validate.js';
import { planRepairs, repairCommand } from '../../../shared/repair/plan.js';
import { MemoryContext } from './memory-context.js';
import { countsOf } from './harness.js';

function setOf(c: SyntheticCommune): ParcelSet {
  const b = new ParcelSetBuilder();
  c.parcels.forEach((p, i) => {
    const a = p.attributes;
    b.add(i + 1, p.geometry, { communeCode: a.commune_code, sheetNo: a.sheet_no, parcelNo: a.parcel_no, landType: a.land_type, areaLegal: a.area_legal });
  });
  return b.build();
}

function referenceOf(c: SyntheticCommune): ValidationReference {
  return { frames: [], boundaries: [{ communeCode: c.communeCode, name: c.communeName, polygons: [c.boundary!.coordinates] }] };
}

const alongBoundary = (f: Finding): boolean => f.rule === 'gap' && (f.detail as { where?: string } | undefined)?.where === 'boundary';

describe('boundary gaps on the sample commune (generateCommune with sheetLines, communeBoundary and edgeGaps)', () => {
  const commune = generateCommune({ seed: 5, sheets: 1, scale: 500, parcelsPerSheet: 80, sheetLines: true, communeBoundary: true, noiseMm: 2, errors: { edgeGaps: 2 } });
  const set = setOf(commune);
  const reference = referenceOf(commune);

  for (const tolerance of [0, 0.05]) {
    it(`gives each notch to the parcel along it and leaves no gap (tolerance ${tolerance} m)`, () => {
      const settings = { tolerance };
      const before = validate(set, settings, { reference }).findings;
      const notches = before.filter(alongBoundary);
      // The 2 seeded notches; at tolerance 0 also the millimetre notches the 2 mm noise of the
      // corners leaves along the commune edge (above it they are under the tolerance).
      if (tolerance > 0) expect(notches).toHaveLength(2);
      else expect(notches.length).toBeGreaterThan(2);
      // Without the boundary the notches are open land, not gaps: the repair must be told the boundary.
      if (tolerance > 0) {
        const blind = planRepairs(set, before, { choose: 'longest-boundary', tolerance, rules: ['gap'] });
        for (const n of notches) expect(blind.preview.items.some((i) => i.fingerprint === n.fingerprint)).toBe(false);
      }

      const plan = planRepairs(set, before, { choose: 'longest-boundary', tolerance, rules: ['gap'], reference, settings });
      expect(plan.unresolved).toEqual([]);
      for (const n of notches) {
        const item = plan.preview.items.find((i) => i.fingerprint === n.fingerprint)!;
        expect(item, 'an item for each notch').toBeDefined();
        // (A millimetre notch may be closed by snapping instead: no target then.)
        if (item.target !== undefined) expect(n.parcels).toContain(item.target);
        // A seeded notch (0.5–2 m deep) goes to the parcel along it, the longest shared boundary; a
        // millimetre notch between two noisy corners may need the next one (no spike at its tip).
        if (n.area! > 0.1) {
          const longest = [...item.candidates!].sort((x, y) => y.sharedBoundary - x.sharedBoundary || x.fid - y.fid)[0];
          expect(item.target).toBe(longest.fid);
        }
      }
      const ctx = MemoryContext.fromSet(set, (p) => parcelGeometry(set, p));
      const start = ctx.snapshot();
      const cmd = repairCommand(plan);
      cmd.apply(ctx);
      const after = validate(ctx.toSet(), settings, { reference }).findings;
      // (Only gaps were asked for: the noise's micro overlaps at tolerance 0 stay, none is added.)
      expect(after.filter((f) => f.rule === 'gap')).toEqual([]);
      const b = countsOf(before), a = countsOf(after);
      for (const [rule, n] of Object.entries(a)) expect(n, rule).toBeLessThanOrEqual(b[rule as keyof typeof b] ?? 0);
      cmd.invert().apply(ctx);
      expect(ctx.snapshot()).toBe(start);
    });
  }

  it('lists the candidates of a boundary gap for the user to choose (choose ask)', () => {
    const tolerance = 0.05;
    const findings = validate(set, { tolerance }, { reference }).findings;
    const notch = findings.find(alongBoundary)!;
    const asked = planRepairs(set, findings, { choose: 'ask', tolerance, rules: ['gap'], fingerprints: [notch.fingerprint], reference });
    const pending = asked.preview.items.find((i) => i.fingerprint === notch.fingerprint)!;
    expect(pending.pending).toBe(true);
    // The parcel along the notch, and any neighbour its end touches (the corners carry 2 mm noise).
    const ranked = [...pending.candidates!].sort((x, y) => y.sharedBoundary - x.sharedBoundary);
    expect(ranked[0].fid).toBe(notch.parcels[0]);
    expect(ranked[0].sharedBoundary).toBeGreaterThan(1);
    const chosen = planRepairs(set, findings, {
      choose: 'ask',
      tolerance,
      rules: ['gap'],
      fingerprints: [notch.fingerprint],
      choices: { [notch.fingerprint]: notch.parcels[0] },
      reference,
    });
    expect(chosen.unresolved).toEqual([]);
    // The notch's parcel gets it (plus, above tolerance 0, the snapping of its near-miss neighbours).
    expect(chosen.preview.parcels).toContain(notch.parcels[0]);
    expect(chosen.preview.items.find((i) => i.fingerprint === notch.fingerprint)!.target).toBe(notch.parcels[0]);
  });
});
