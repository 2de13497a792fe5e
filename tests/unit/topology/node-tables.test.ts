import { describe, expect, it } from 'vitest';
import { nodeParcelSet } from '../../../shared/topology/noding.js';
import { ParcelSetBuilder } from '../../../shared/topology/parcel-set.js';
import { PointIndex } from '../../../shared/topology/point-index.js';
import { prng as rng } from '../../helpers/prng.js';

/**
 * A block of n × n square parcels sharing their sides, corners jittered (the same jitter for every
 * parcel using a corner), parcels added in a shuffled order so node ids do not follow the grid.
 */
function squareBlock(n: number, seed: number): ParcelSetBuilder {
  const rand = rng(seed);
  const corner: [number, number][][] = [];
  for (let i = 0; i <= n; i++) {
    corner.push([]);
    for (let j = 0; j <= n; j++) corner[i].push([548000 + i * 10 + rand() * 0.5, 1777000 + j * 10 + rand() * 0.5]);
  }
  const cells: [number, number][] = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) cells.push([i, j]);
  for (let k = cells.length - 1; k > 0; k--) {
    const m = Math.floor(rand() * (k + 1));
    [cells[k], cells[m]] = [cells[m], cells[k]];
  }
  const b = new ParcelSetBuilder();
  cells.forEach(([i, j], k) => {
    const ring = [corner[i][j], corner[i + 1][j], corner[i + 1][j + 1], corner[i][j + 1], corner[i][j]];
    b.add(k + 1, { type: 'Polygon', coordinates: [ring] });
  });
  return b;
}

describe('node and edge tables', () => {
  it('at tolerance 0 numbers nodes and edges in the order they are first met, one edge per shared side', () => {
    const set = squareBlock(12, 7).build();
    const noded = nodeParcelSet(set, { tolerance: 0 });
    // Reference: exact coordinates and node pairs looked up in plain maps.
    const nodeOf = new Map<string, number>();
    const edgeOf = new Map<string, number>();
    const usesOf: number[] = [];
    const vertexNode: number[] = [];
    for (let v = 0; v < set.coords.length / 2; v++) {
      const key = `${set.coords[2 * v]},${set.coords[2 * v + 1]}`;
      if (!nodeOf.has(key)) nodeOf.set(key, nodeOf.size);
      vertexNode.push(nodeOf.get(key)!);
    }
    for (let r = 0; r + 1 < set.ringStart.length; r++) {
      for (let v = set.ringStart[r]; v < set.ringStart[r + 1] - 1; v++) {
        const a = vertexNode[v], b = vertexNode[v + 1];
        const key = `${Math.min(a, b)},${Math.max(a, b)}`;
        if (!edgeOf.has(key)) {
          edgeOf.set(key, edgeOf.size);
          usesOf.push(0);
        }
        usesOf[edgeOf.get(key)!]++;
      }
    }
    expect(noded.passes).toBe(0);
    expect(Array.from(noded.vertexNode)).toEqual(vertexNode);
    expect(noded.nodeCount).toBe(nodeOf.size);
    expect(noded.edgeCount).toBe(edgeOf.size);
    for (const [key, e] of edgeOf) {
      const [a, b] = key.split(',').map(Number);
      expect([noded.edgeA[e], noded.edgeB[e]]).toEqual([a, b]);
      let uses = 0;
      for (let u = noded.useHead[e]; u !== -1; u = noded.useNext[u]) uses++;
      expect(uses).toBe(usesOf[e]);
    }
    // 12 × 12 squares: 13 × 12 × 2 sides, the inner ones shared by two parcels.
    expect(noded.edgeCount).toBe(13 * 12 * 2);
  });

  it('at tolerance 0 a vertex at -0 is the same node as one at 0', () => {
    const b = new ParcelSetBuilder();
    b.add(1, { type: 'Polygon', coordinates: [[[-0, 0], [1, 0], [1, 1], [0, 1], [0, -0]]] });
    b.add(2, { type: 'Polygon', coordinates: [[[0, 0], [0, 1], [-1, 1], [-1, 0], [0, 0]]] });
    const noded = nodeParcelSet(b.build(), { tolerance: 0 });
    expect(noded.nodeCount).toBe(6);
    expect(noded.edgeCount).toBe(7);
  });

  it('a point index adopted from numbered nodes answers like one built point by point', () => {
    const rand = rng(3);
    const xs = new Float64Array(4000), ys = new Float64Array(4000);
    const built = new PointIndex(0.25, 16);
    for (let i = 0; i < 3000; i++) {
      // Clusters of nearby points so that radius queries have several candidates.
      const x = 100 + Math.floor(rand() * 40) * 0.3 + rand() * 1e-7;
      const y = 200 + Math.floor(rand() * 40) * 0.3 + rand() * 1e-7;
      xs[i] = x;
      ys[i] = y;
      built.add(x, y);
    }
    const adopted = PointIndex.adopt(0.25, xs, ys, 3000);
    for (let q = 0; q < 2000; q++) {
      const x = 100 + rand() * 12, y = 200 + rand() * 12;
      const r = q % 2 === 0 ? 1e-7 : 0.2;
      expect(adopted.find(x, y, r)).toBe(built.find(x, y, r));
      const n = Math.floor(rand() * 3000);
      expect(adopted.find(xs[n], ys[n], 0)).toBe(built.find(xs[n], ys[n], 0));
    }
    // New points get the same ids and are found afterwards.
    for (let i = 0; i < 500; i++) {
      const x = 100 + rand() * 12, y = 200 + rand() * 12;
      expect(adopted.findOrAdd(x, y, 1e-7)).toBe(built.findOrAdd(x, y, 1e-7));
      expect(adopted.count).toBe(built.count);
    }
    expect(adopted.find(adopted.xs[3100], adopted.ys[3100], 0)).toBe(3100);
  });
});
