import { describe, expect, it } from 'vitest';
import { ParcelSetBuilder, type ParcelSet } from '../../../shared/topology/parcel-set.js';
import { buildPlanarGraph } from '../../../shared/topology/planar-graph.js';
import { findCoverageErrors } from '../../../shared/topology/coverage-errors.js';
import type { Position } from '../../../shared/geo/geometry.js';

function rect(x0: number, y0: number, x1: number, y1: number): Position[] {
  return [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];
}
function set(...polys: Position[][][]): ParcelSet {
  const b = new ParcelSetBuilder();
  polys.forEach((rings, i) => b.add(i + 1, { type: 'Polygon', coordinates: rings }));
  return b.build();
}
function errors(s: ParcelSet, tolerance = 0) {
  const g = buildPlanarGraph(s, { tolerance, verify: true });
  expect(g.inconsistentCycles).toBe(0);
  return findCoverageErrors(g, tolerance);
}

describe('planar graph coverage', () => {
  it('finds nothing between two parcels sharing an edge', () => {
    const r = errors(set([rect(0, 0, 1, 1)], [rect(1, 0, 2, 1)]));
    expect(r.overlaps).toHaveLength(0);
    expect(r.gaps).toHaveLength(0);
  });

  it('nodes a T-junction (vertex on a neighbour edge) without errors', () => {
    const a = [[[0, 0], [2, 0], [2, 1], [0, 1], [0, 0]]] as Position[][];
    const r = errors(set(a, [rect(0, 1, 1, 2)], [rect(1, 1, 2, 2)]));
    expect(r.overlaps).toHaveLength(0);
    expect(r.gaps).toHaveLength(0);
  });

  it('reports one overlap per pair with its polygon and area', () => {
    const r = errors(set([rect(0, 0, 2, 2)], [rect(1.5, 0.5, 3, 1.5)]));
    expect(r.overlaps).toHaveLength(1);
    expect(r.overlaps[0].area).toBeCloseTo(0.5, 9);
    expect(r.overlaps[0].a).toBe(0);
    expect(r.overlaps[0].b).toBe(1);
    const [x, y] = r.overlaps[0].location;
    expect(x).toBeGreaterThan(1.5);
    expect(x).toBeLessThan(2);
    expect(y).toBeGreaterThan(0.5);
    expect(y).toBeLessThan(1.5);
    expect(r.gaps).toHaveLength(0);
  });

  it('reports a gap enclosed by a ring of parcels, not the outside', () => {
    const polys: Position[][][] = [];
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) if (i !== 1 || j !== 1) polys.push([rect(i, j, i + 1, j + 1)]);
    const r = errors(set(...polys));
    expect(r.overlaps).toHaveLength(0);
    expect(r.gaps).toHaveLength(1);
    expect(r.gaps[0].area).toBeCloseTo(1, 9);
    expect(r.gaps[0].parcels).toHaveLength(4);
  });

  it('gives a gap around an island parcel the island as a hole', () => {
    const outer = [rect(0, 0, 10, 10), rect(2, 2, 8, 8).reverse()];
    const r = errors(set(outer, [rect(4, 4, 6, 6)]));
    expect(r.gaps).toHaveLength(1);
    expect(r.gaps[0].area).toBeCloseTo(36 - 4, 9);
    expect(r.gaps[0].polygon[0]).toHaveLength(2);
  });

  it('treats an island filling a hole exactly as clean', () => {
    const r = errors(set([rect(0, 0, 10, 10), rect(2, 2, 8, 8)], [rect(2, 2, 8, 8)]));
    expect(r.gaps).toHaveLength(0);
    expect(r.overlaps).toHaveLength(0);
  });

  it('finds an overlap of a parcel lying entirely inside another', () => {
    const r = errors(set([rect(0, 0, 10, 10)], [rect(4, 4, 6, 6)]));
    expect(r.overlaps).toHaveLength(1);
    expect(r.overlaps[0].area).toBeCloseTo(4, 9);
  });

  it('turns sub-tolerance slivers into near-misses', () => {
    const s = set([rect(0, 0, 1, 1)], [[[1.01, 0], [2, 0], [2, 1], [1.01, 1], [1.01, 0]]]);
    const exact = errors(s, 0);
    expect(exact.gaps).toHaveLength(0); // open at top and bottom: not enclosed
    const s2 = set([rect(0, 0, 1, 1)], [[[1.02, 0.5], [2, 0], [2, 1], [0.98, 1], [1.02, 0.5]]]);
    const r0 = errors(s2, 0);
    expect(r0.overlaps.length).toBe(1);
    const r = errors(s2, 0.05);
    expect(r.overlaps).toHaveLength(0);
    expect(r.nearMisses.length).toBe(1);
    expect(r.nearMisses[0].distance).toBeGreaterThan(0);
  });
});
