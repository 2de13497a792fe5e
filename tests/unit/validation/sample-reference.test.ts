/**
 * The bundled sample's sheet frames and commune boundary against the validation engine: with them,
 * validation finds exactly the two findings seeded for them (one parcel across its sheet line, one
 * notch on the commune edge) on top of what it finds without them, and nothing else changes.
 */
import { describe, expect, it } from 'vitest';
import { generateCommune, type SyntheticCommune } from '../../../shared/sample/synthetic-commune.js';
import { SAMPLE_COMMUNE_OPTIONS } from '../../../electron/services/project/sample-project.js';
import { ParcelSetBuilder, type ParcelSet } from '../../../shared/topology/parcel-set.js';
import { validate } from '../../../shared/validation/validate.js';
import type { ValidationReference } from '../../../shared/model/reference-area.js';
import type { Finding } from '../../../shared/model/finding.js';

function setOf(c: SyntheticCommune): ParcelSet {
  const b = new ParcelSetBuilder();
  c.parcels.forEach((p, i) => {
    const a = p.attributes;
    b.add(i + 1, p.geometry, { communeCode: a.commune_code, sheetNo: a.sheet_no, parcelNo: a.parcel_no, landType: a.land_type, areaLegal: a.area_legal });
  });
  return b.build();
}

function referenceOf(c: SyntheticCommune): ValidationReference {
  return {
    frames: c.sheets.map((s) => ({ sheetNo: s.sheetNo, communeCode: c.communeCode, scale: s.scale, sheetCode: null, polygon: s.frame.coordinates })),
    boundaries: [{ communeCode: c.communeCode, name: c.communeName, polygons: [c.boundary!.coordinates] }],
  };
}

const key = (f: Finding): string => `${f.rule}:${f.parcels.join(',')}:${f.x.toFixed(3)},${f.y.toFixed(3)}`;

describe('the sample commune with its frames and boundary', () => {
  const commune = generateCommune(SAMPLE_COMMUNE_OPTIONS);
  const set = setOf(commune);
  const without = validate(set, { tolerance: 0.05 }).findings;
  const withRef = validate(set, { tolerance: 0.05 }, { reference: referenceOf(commune) }).findings;

  it('finds one crosses-sheet and one boundary gap more, and nothing else changes', () => {
    const before = new Set(without.map(key));
    const added = withRef.filter((f) => !before.has(key(f)));
    const kept = withRef.filter((f) => before.has(key(f)));
    expect(kept.map(key).sort()).toEqual(without.map(key).sort());
    expect(added.map((f) => f.rule).sort()).toEqual(['crosses-sheet', 'gap']);
    expect(withRef.filter((f) => f.rule === 'crosses-sheet')).toHaveLength(1);
    expect(without.filter((f) => f.rule === 'crosses-sheet')).toHaveLength(0);
  });

  it('the crosses-sheet finding is the seeded parcel, reaching into the next sheet', () => {
    const seed = commune.seeded.filter((s) => s.rule === 'crosses-sheet');
    expect(seed).toHaveLength(1);
    const f = withRef.find((x) => x.rule === 'crosses-sheet')!;
    expect(f.parcels).toEqual([seed[0].parcelIndexes[0] + 1]);
    const sheet = commune.parcels[seed[0].parcelIndexes[0]].attributes.sheet_no;
    expect(f.detail).toMatchObject({ sheet });
    // A triangle 1–2.5 m high on the sheet line: some square metres, not a sliver of noise.
    expect(f.area).toBeGreaterThan(1);
    expect(f.width).toBeGreaterThan(0.05);
  });

  it('the boundary gap is the seeded notch on the commune edge, open to the outside', () => {
    const seed = commune.seeded.filter((s) => s.where === 'boundary');
    expect(seed).toHaveLength(1);
    expect(seed[0].rule).toBe('gap');
    const gaps = withRef.filter((f) => f.rule === 'gap' && (f.detail as { where?: string } | undefined)?.where === 'boundary');
    expect(gaps).toHaveLength(1);
    expect(gaps[0].parcels).toEqual([seed[0].parcelIndexes[0] + 1]);
    expect(gaps[0].area).toBeGreaterThan(0.5);
    // The enclosed gaps seeded earlier are still there, and no more.
    expect(withRef.filter((f) => f.rule === 'gap')).toHaveLength(commune.seeded.filter((s) => s.rule === 'gap').length);
  });
});
