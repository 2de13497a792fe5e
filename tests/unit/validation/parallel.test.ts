import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateCommune } from '../../../shared/sample/synthetic-commune.js';
import { ParcelSetBuilder, type ParcelSet } from '../../../shared/topology/parcel-set.js';
import { mergeRuleFindings, splitRulesForParallel, validate } from '../../../shared/validation/validate.js';
import { validateParallel } from '../../../electron/services/validation-engine/parallel.js';

/** A generated commune with every kind of seeded error, as a parcel set. */
function communeSet(): ParcelSet {
  const c = generateCommune({
    seed: 11,
    sheets: 2,
    scale: 1000,
    parcelsPerSheet: 150,
    noiseMm: 3,
    errors: { overlaps: 2, gaps: 2, selfIntersections: 1, nearMisses: 2, duplicateNumbers: 1, missingNumbers: 1, invalidLandTypes: 1, spikes: 1, duplicateVertices: 1, areaMismatches: 1 },
  });
  const b = new ParcelSetBuilder();
  c.parcels.forEach((p, i) => {
    const a = p.attributes;
    b.add(i + 1, p.geometry, { communeCode: a.commune_code, sheetNo: a.sheet_no, parcelNo: a.parcel_no, landType: a.land_type, areaLegal: a.area_legal });
  });
  return b.build();
}

describe('rules split for two threads', () => {
  it('splits the enabled rules into graph and per-parcel groups, keeping the run order', () => {
    const all = splitRulesForParallel();
    expect(all.topology).toEqual(['overlap', 'gap', 'near-miss']);
    expect(all.parcel).toContain('invalid-ring');
    expect(all.parcel).not.toContain('overlap');
    expect([...all.topology, ...all.parcel].sort()).toEqual([...all.order].sort());
    const some = splitRulesForParallel({ rules: ['sliver', 'gap'] });
    expect(some).toEqual({ order: ['sliver', 'gap'], topology: ['gap'], parcel: ['sliver'] });
    expect(() => splitRulesForParallel({ rules: ['nope' as never] })).toThrow();
  });

  it('merging the two halves gives exactly the single-thread findings', () => {
    const set = communeSet();
    for (const tolerance of [0, 0.05]) {
      const whole = validate(set, { tolerance });
      expect(whole.findings.length).toBeGreaterThan(5);
      const { order, topology, parcel } = splitRulesForParallel({ tolerance });
      const a = validate(set, { tolerance, rules: parcel }).findings;
      const b = validate(set, { tolerance, rules: topology }).findings;
      expect(JSON.stringify(mergeRuleFindings(order, [b, a]))).toBe(JSON.stringify(whole.findings));
    }
  });

  it('validateParallel equals validate (in-process under the TS test runner)', async () => {
    const set = communeSet();
    const whole = validate(set, { tolerance: 0.05 });
    const par = await validateParallel(set, { tolerance: 0.05 }, { minParcels: 0 });
    expect(JSON.stringify(par.findings)).toBe(JSON.stringify(whole.findings));
    expect(par.counts).toEqual(whole.counts);
  });
});

const builtWorker = path.resolve(__dirname, '../../../build/electron/services/validation-engine/rules-worker.js');
describe.skipIf(!existsSync(builtWorker))('validateParallel with a real worker thread (needs `npx tsc -p electron/tsconfig.json` output in build/)', () => {
  it('runs the per-parcel rules in the compiled worker and merges to the single-thread result', async () => {
    const set = communeSet();
    const whole = validate(set, { tolerance: 0 });
    const par = await validateParallel(set, { tolerance: 0 }, { minParcels: 0, workerUrl: pathToFileURL(builtWorker) });
    expect(JSON.stringify(par.findings)).toBe(JSON.stringify(whole.findings));
  });
});
