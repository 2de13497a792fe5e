import { describe, expect, it } from 'vitest';
import { validate } from '../../../shared/validation/validate.js';
import { generatedCommune } from './generated-commune.js';
import { repairRoundTrip } from './harness.js';

describe('generated commune: seeded overlaps, gaps and near-misses under millimetre noise', () => {
  const n = 30;
  const overlaps = [n * 3 + 4, n * 10 + 11, n * 20 + 21];
  const gaps = [n * 5 + 15, n * 15 + 6, n * 25 + 25];
  const nearMisses = [n * 8 + 20, n * 18 + 3, n * 12 + 12];
  const set = generatedCommune(n, { overlaps, gaps, nearMisses });

  it('repairs every near-miss, gap and overlap, creates no finding of any rule, and undoes exactly', () => {
    const { plan, before, after } = repairRoundTrip(set, { tolerance: 0.05 }, { choose: 'longest-boundary', rules: ['near-miss', 'gap', 'overlap'] });
    const seeded = (rule: string) => before.filter((f) => f.rule === rule).length;
    expect(seeded('overlap')).toBe(3);
    expect(seeded('gap')).toBe(3);
    expect(seeded('near-miss')).toBeGreaterThan(100); // the noise on every shared corner
    expect(plan.unresolved).toEqual([]);
    expect(plan.preview.counts).toEqual({ 'near-miss': seeded('near-miss'), overlap: 3, gap: 3 });
    expect(after).toEqual([]);
    // Shared boundaries are now exact: even at tolerance 0 there is nothing left.
    const exact = validate(repairRoundTrip(set, { tolerance: 0.05 }, { choose: 'longest-boundary', rules: ['near-miss', 'gap', 'overlap'] }).ctx.toSet(), { tolerance: 0 });
    expect(exact.findings).toEqual([]);
  });

  it('each seeded overlap stays with one of its two parcels and each gap goes to a parcel along it', () => {
    const { plan } = repairRoundTrip(set, { tolerance: 0.05 }, { choose: 'legal-area', rules: ['gap', 'overlap'] });
    for (const item of plan.preview.items) {
      expect(item.parcels).toContain(item.target);
      if (item.rule === 'gap') expect(item.candidates!.find((c) => c.fid === item.target)!.sharedBoundary).toBeGreaterThan(19);
    }
    // Legal areas are all 400 m²: the overlap stays in the parcel that would otherwise end at 390 m².
    for (const item of plan.preview.items.filter((i) => i.rule === 'overlap')) expect(overlaps).not.toContain(item.target);
  });
});
