import { describe, expect, it } from 'vitest';
import { ParcelSetBuilder, type ParcelSet, type ParcelSetAttrInput } from '../../../shared/topology/parcel-set.js';
import type { AreaGeometry, Position } from '../../../shared/geo/geometry.js';
import { validate } from '../../../shared/validation/validate.js';
import { planRepairs } from '../../../shared/repair/plan.js';
import { UserError } from '../../../shared/errors.js';
import { repairRoundTrip } from './harness.js';

type Parcel = [fid: number, ring: Position[], attrs?: ParcelSetAttrInput];

function polygon(ring: Position[], holes: Position[][] = []): AreaGeometry {
  return { type: 'Polygon', coordinates: [[...ring, ring[0]], ...holes.map((h) => [...h, h[0]])] };
}

function rect(x0: number, y0: number, x1: number, y1: number): Position[] {
  return [[x0, y0], [x1, y0], [x1, y1], [x0, y1]];
}

function parcels(list: Parcel[]): ParcelSet {
  const b = new ParcelSetBuilder();
  for (const [fid, ring, attrs] of list) b.add(fid, polygon(ring), { sheetNo: '1', parcelNo: String(fid), landType: 'ODT', ...attrs });
  return b.build();
}

function ringOf(g: AreaGeometry | null): Position[] {
  expect(g).not.toBeNull();
  return g!.type === 'Polygon' ? g!.coordinates[0] : g!.coordinates[0][0];
}

const has = (ring: Position[], x: number, y: number): boolean => ring.some((p) => p[0] === x && p[1] === y);

describe('near-miss snapping', () => {
  it('moves a vertex onto the neighbour edge and inserts it there, so both sides share the vertex', () => {
    // A's right edge has a vertex 3 cm inside B; B's left edge is straight.
    const set = parcels([
      [1, [[0, 0], [10, 0], [10.03, 5], [10, 10], [0, 10]]],
      [2, rect(10, 0, 20, 10)],
    ]);
    const { plan, before, after, ctx } = repairRoundTrip(set, { tolerance: 0.05 }, { choose: 'longest-boundary' });
    expect(before.filter((f) => f.rule === 'near-miss').map((f) => f.parcels)).toEqual([[1, 2]]);
    expect(plan.preview.counts['near-miss']).toBe(1);
    expect(plan.unresolved).toEqual([]);
    expect(after.filter((f) => f.rule === 'near-miss' || f.rule === 'overlap' || f.rule === 'gap')).toEqual([]);
    const a = ringOf(ctx.getGeometry(1)), b = ringOf(ctx.getGeometry(2));
    expect(has(a, 10, 5)).toBe(true);
    expect(has(b, 10, 5)).toBe(true);
    // The shared boundary is the same vertex sequence on both sides.
    const onEdge = (r: Position[]) => r.slice(0, -1).filter((p) => p[0] === 10).map((p) => p[1]).sort((x, y) => x - y);
    expect(onEdge(a)).toEqual([0, 5, 10]);
    expect(onEdge(b)).toEqual([0, 5, 10]);
  });

  it('snaps a corner onto the corner two other parcels already share, without moving them', () => {
    const set = parcels([
      [1, rect(0, 0, 10, 10)],
      [2, [[10, 0], [20, 0], [20, 10], [10.02, 10.01]]],
      [3, rect(0, 10, 20, 20)],
    ]);
    const { plan, after, ctx } = repairRoundTrip(set, { tolerance: 0.05 }, { choose: 'longest-boundary' });
    // A is untouched; C only gains the shared corner as a vertex of its straight bottom edge.
    expect(plan.preview.parcels).toEqual([2, 3]);
    expect(has(ringOf(ctx.getGeometry(2)), 10, 10)).toBe(true);
    expect(ringOf(ctx.getGeometry(3))).toEqual([[0, 10], [10, 10], [20, 10], [20, 20], [0, 20], [0, 10]]);
    expect(after.filter((f) => f.rule === 'near-miss')).toEqual([]);
  });

  it('does nothing at tolerance 0 (no near-misses exist there)', () => {
    const set = parcels([[1, rect(0, 0, 10, 10)], [2, rect(10.01, 0, 20, 10)]]);
    const plan = planRepairs(set, validate(set, { tolerance: 0 }).findings, { choose: 'longest-boundary', tolerance: 0 });
    expect(plan.commands).toEqual([]);
  });
});

describe('duplicate vertices and spikes', () => {
  it('removes repeated vertices', () => {
    const set = parcels([[1, [[0, 0], [10, 0], [10, 0], [10, 10], [0, 10], [0, 10]]]]);
    const { plan, before, after, ctx } = repairRoundTrip(set, { tolerance: 0.05 }, { choose: 'longest-boundary' });
    expect(before.map((f) => f.rule)).toContain('duplicate-vertex');
    expect(after.map((f) => f.rule)).not.toContain('duplicate-vertex');
    expect(plan.preview.items[0].actionEn).toBe('Remove 2 duplicate vertices of parcel 1 (#1)');
    expect(ringOf(ctx.getGeometry(1))).toEqual([[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]);
  });

  it('cuts a spike off at its base', () => {
    const set = parcels([[1, [[0, 0], [10, 0], [10, 5], [13, 5.02], [10, 5.04], [10, 10], [0, 10]]]]);
    const { before, after, ctx } = repairRoundTrip(set, { tolerance: 0.05 }, { choose: 'longest-boundary' });
    expect(before.filter((f) => f.rule === 'spike')).toHaveLength(1);
    expect(after.filter((f) => f.rule === 'spike')).toEqual([]);
    expect(has(ringOf(ctx.getGeometry(1)), 13, 5.02)).toBe(false);
  });

  it('leaves a spike whose tip is also on a neighbour, with the reason', () => {
    const set = parcels([
      [1, [[0, 0], [10, 0], [10, 5], [13, 5.02], [10, 5.04], [10, 10], [0, 10]]],
      [2, [[13, 5.02], [20, 5.02], [20, 8], [13, 8]]],
    ]);
    const findings = validate(set, { tolerance: 0.05, rules: ['spike'] }).findings;
    const plan = planRepairs(set, findings, { choose: 'longest-boundary', tolerance: 0.05 });
    expect(plan.commands).toEqual([]);
    expect(plan.unresolved).toHaveLength(1);
    expect(plan.unresolved[0].reasonEn).toMatch(/also a corner of parcel 2/);
    expect(plan.unresolved[0].reason).toMatch(/thửa 2/);
  });
});

describe('gap → one neighbour', () => {
  // A 0.5 m gap between A and B, closed above by C and below by D.
  const build = (legalA?: number, legalB?: number) =>
    parcels([
      [1, rect(0, 0, 10, 10), { areaLegal: legalA }],
      [2, rect(10.5, 0, 20, 10), { areaLegal: legalB }],
      [3, rect(0, 10, 20, 20)],
      [4, rect(0, -10, 20, 0)],
    ]);

  it('longest shared boundary (tie → lower fid) takes the whole gap', () => {
    const { plan, before, after, ctx } = repairRoundTrip(build(), { tolerance: 0.05 }, { choose: 'longest-boundary' });
    expect(before.filter((f) => f.rule === 'gap')).toHaveLength(1);
    expect(after.filter((f) => f.rule === 'gap' || f.rule === 'overlap' || f.rule === 'near-miss')).toEqual([]);
    const item = plan.preview.items.find((i) => i.rule === 'gap')!;
    expect(item.target).toBe(1);
    expect(item.candidates!.map((c) => [c.fid, Math.round(c.sharedBoundary * 100) / 100])).toEqual([[1, 10], [2, 10], [3, 0.5], [4, 0.5]]);
    expect(item.action).toMatch(/^Nhập khe hở 5\.0000 m² vào thửa 1/);
    const a = ctx.toSet();
    expect(validate(a, { tolerance: 0, rules: ['gap', 'overlap'] }).findings).toEqual([]);
  });

  it('legal area: the neighbour whose area moves closest to its legal area', () => {
    const { plan } = repairRoundTrip(build(100, 100), { tolerance: 0.05 }, { choose: 'legal-area' });
    const item = plan.preview.items.find((i) => i.rule === 'gap')!;
    expect(item.target).toBe(2); // B is 95 m² for 100 legal; A would go from 100 to 105
    expect(item.actionEn).toMatch(/closest to the legal area/);
  });

  it('legal area falls back to the longest boundary when no neighbour has a legal area', () => {
    const { plan } = repairRoundTrip(build(), { tolerance: 0.05 }, { choose: 'legal-area' });
    const item = plan.preview.items.find((i) => i.rule === 'gap')!;
    expect(item.target).toBe(1);
    expect(item.actionEn).toMatch(/no parcel has a legal area/);
  });

  it('ask: lists the candidates, plans nothing, then follows the choice', () => {
    const set = build();
    const findings = validate(set, { tolerance: 0.05 }).findings;
    const pending = planRepairs(set, findings, { choose: 'ask', tolerance: 0.05, rules: ['gap'] });
    expect(pending.commands).toEqual([]);
    const item = pending.preview.items[0];
    expect(item.pending).toBe(true);
    expect(item.candidates!.map((c) => c.fid)).toEqual([1, 2, 3, 4]);
    expect(pending.preview.counts).toEqual({});
    const { plan } = repairRoundTrip(set, { tolerance: 0.05 }, { choose: 'ask', rules: ['gap'], choices: { [item.fingerprint]: 2 } });
    expect(plan.preview.items[0].target).toBe(2);
    const bad = planRepairs(set, findings, { choose: 'ask', tolerance: 0.05, rules: ['gap'], choices: { [item.fingerprint]: 99 } });
    expect(bad.commands).toEqual([]);
    expect(bad.unresolved[0].reasonEn).toMatch(/99 is not a neighbour/);
  });
});

describe('overlap → kept in one parcel', () => {
  const build = (legalA?: number, legalB?: number) =>
    parcels([
      [1, rect(0, 0, 10.5, 10), { areaLegal: legalA }],
      [2, rect(10, 0, 20, 10), { areaLegal: legalB }],
    ]);

  it('longest boundary (tie → lower fid): cut from the other parcel', () => {
    const { plan, after, ctx } = repairRoundTrip(build(), { tolerance: 0.05 }, { choose: 'longest-boundary' });
    expect(after.filter((f) => f.rule === 'overlap')).toEqual([]);
    expect(plan.preview.items[0].target).toBe(1);
    expect(plan.preview.parcels).toEqual([2]);
    expect(ringOf(ctx.getGeometry(2)).every((p) => p[0] >= 10.5)).toBe(true);
  });

  it('legal area: keeps it where both areas end closest to the legal ones', () => {
    const { plan, ctx } = repairRoundTrip(build(100, 100), { tolerance: 0.05 }, { choose: 'legal-area' });
    expect(plan.preview.items[0].target).toBe(2);
    expect(ringOf(ctx.getGeometry(1)).every((p) => p[0] <= 10)).toBe(true);
  });

  it('never empties a parcel: a parcel inside another becomes a hole of it instead', () => {
    const set = parcels([[1, rect(0, 0, 20, 20)], [2, rect(5, 5, 10, 10)]]);
    const { plan, after, ctx } = repairRoundTrip(set, { tolerance: 0.05 }, { choose: 'longest-boundary' });
    expect(after.filter((f) => f.rule === 'overlap')).toEqual([]);
    expect(plan.preview.items[0].target).toBe(2);
    const a = ctx.getGeometry(1)!;
    expect(a.type === 'Polygon' && a.coordinates.length).toBe(2);
    // Asking for the impossible choice is refused with the reason, not applied.
    const findings = validate(set, { tolerance: 0.05 }).findings;
    const fp = findings.find((f) => f.rule === 'overlap')!.fingerprint;
    const refused = planRepairs(set, findings, { choose: 'ask', tolerance: 0.05, choices: { [fp]: 1 } });
    expect(refused.commands).toEqual([]);
    expect(refused.unresolved[0].reasonEn).toBe('Parcel 2 (#2) would be left without area');
  });

  it('repairs only the selected fingerprints', () => {
    const set = parcels([
      [1, rect(0, 0, 10.5, 10)],
      [2, rect(10, 0, 20, 10)],
      [3, rect(0, 20, 10.5, 30)],
      [4, rect(10, 20, 20, 30)],
    ]);
    const findings = validate(set, { tolerance: 0.05 }).findings.filter((f) => f.rule === 'overlap');
    expect(findings).toHaveLength(2);
    const plan = planRepairs(set, findings, { choose: 'longest-boundary', tolerance: 0.05, fingerprints: [findings[1].fingerprint] });
    expect(plan.preview.items.map((i) => i.fingerprint)).toEqual([findings[1].fingerprint]);
    expect(plan.preview.parcels).toEqual([4]);
  });
});

describe('weld', () => {
  it("a cut's crossing point becomes a vertex of the neighbour too, so the exact graph sees one shared boundary", () => {
    // A's right edge is slanted: it overlaps B below y = 5 and leaves a gap (closed by C) above.
    const set = parcels([
      [1, [[0, 0], [10.3, 0], [9.7, 10], [0, 10]]],
      [2, rect(10, 0, 20, 10)],
      [3, rect(0, 10, 20, 20)],
    ]);
    const { before, after, ctx } = repairRoundTrip(set, { tolerance: 0 }, { choose: 'longest-boundary' });
    expect(before.filter((f) => f.rule === 'overlap' || f.rule === 'gap')).toHaveLength(2);
    expect(after.filter((f) => f.rule === 'overlap' || f.rule === 'gap')).toEqual([]);
    const crossing = ringOf(ctx.getGeometry(1)).filter((p) => Math.abs(p[0] - 10) < 1e-9 && Math.abs(p[1] - 5) < 1e-9);
    expect(crossing.length).toBeGreaterThan(0);
    const [cx, cy] = crossing[0];
    expect(has(ringOf(ctx.getGeometry(2)), cx, cy)).toBe(true);
  });
});

describe('sliver → merged into a neighbour', () => {
  const build = (legalB?: number) =>
    parcels([
      [1, rect(0, 0, 10, 10)],
      [2, rect(10, 0, 10.3, 10), { parcelNo: '77' }],
      [3, rect(10.3, 0, 20, 10), { areaLegal: legalB }],
    ]);

  it('merges into the longest-boundary neighbour; undo re-creates it under its fid with its attributes', () => {
    const { plan, before, after, ctx } = repairRoundTrip(build(), { tolerance: 0.05 }, { choose: 'longest-boundary', rules: ['sliver'] });
    expect(before.filter((f) => f.rule === 'sliver').map((f) => f.parcels)).toEqual([[2]]);
    expect(after.filter((f) => f.rule === 'sliver')).toEqual([]);
    expect(plan.commands.map((c) => c.type)).toEqual(['merge-parcels']);
    expect(plan.preview.items[0].target).toBe(1);
    expect(ctx.rows.has(2)).toBe(false);
    expect(plan.commands[0].label('vi')).toBe('Gộp thửa 77 vào thửa 1');
    const json = plan.commands[0].toJSON() as unknown as { removed: { attrs: { parcel_no: string } } };
    expect(json.removed.attrs.parcel_no).toBe('77');
  });

  it('legal area picks the neighbour that needs the area', () => {
    const { plan, ctx } = repairRoundTrip(build(100), { tolerance: 0.05 }, { choose: 'legal-area', rules: ['sliver'] });
    expect(plan.preview.items[0].target).toBe(3);
    expect(ctx.getGeometry(3)).not.toBeNull();
  });
});

describe('options', () => {
  const set = parcels([[1, rect(0, 0, 10, 10)]]);
  it('refuses a bad tolerance, choice rule or rule id with a UserError', () => {
    const call = (o: object) => () => planRepairs(set, [], { choose: 'longest-boundary', tolerance: 0.05, ...o } as never);
    expect(call({ tolerance: -1 })).toThrow(UserError);
    expect(call({ tolerance: Number.NaN })).toThrow(/tolerance/);
    expect(call({ choose: 'nearest' })).toThrow(/choose/);
    expect(call({ rules: ['overlaps'] })).toThrow(/overlaps/);
  });

  it('lists findings of rules without an automatic repair as unresolved', () => {
    const two = parcels([[1, rect(0, 0, 10, 10)], [2, rect(20, 0, 30, 10), { parcelNo: '1' }]]);
    const findings = validate(two, { tolerance: 0.05 }).findings;
    const plan = planRepairs(two, findings, { choose: 'longest-boundary', tolerance: 0.05, rules: ['duplicate-number'] });
    expect(plan.unresolved.map((u) => u.rule)).toEqual(['duplicate-number']);
    expect(plan.unresolved[0].reasonEn).toBe('No automatic repair for rule duplicate-number');
  });
});

describe('later rounds', () => {
  it('never repair a region the caller left out (an accepted exception), even when the plan changed its neighbours', () => {
    // 1 and 2 overlap by 0.5 m; 2 and 3 leave a 0.2 m gap, which the caller leaves out.
    const set = parcels([
      [1, rect(0, 0, 10.5, 10)],
      [2, rect(10, 0, 20, 10)],
      [3, rect(20.2, 0, 30, 10)],
      [4, rect(0, 10, 30, 20)],
      [5, rect(0, -10, 30, 0)],
    ]);
    const all = validate(set, { tolerance: 0 }).findings;
    const gap = all.find((f) => f.rule === 'gap');
    expect(gap?.parcels).toEqual([2, 3, 4, 5]);
    const { plan, after } = repairRoundTrip(set, { tolerance: 0 }, { choose: 'longest-boundary', rules: ['overlap', 'gap'] }, (f) => f.fingerprint !== gap!.fingerprint);
    expect(plan.preview.counts).toEqual({ overlap: 1 });
    expect(plan.unresolved).toEqual([]);
    expect(after.filter((f) => f.rule === 'gap').map((f) => f.fingerprint)).toEqual([gap!.fingerprint]);
  });
});
