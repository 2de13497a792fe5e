import { describe, expect, it } from 'vitest';
import type { Position } from '../../../shared/geo/geometry.js';
import { ParcelSetBuilder } from '../../../shared/topology/parcel-set.js';
import { snapParcels } from '../../../shared/repair/snap.js';
import { Workspace } from '../../../shared/repair/workspace.js';

const closed = (ring: Position[]): Position[] => [...ring, ring[0]];

/**
 * X's right edge (x = 10) and Y's bottom edge (through (8,4.9) and (12,5.1)) cross at (10,5).
 * Parcel P has a corner a few 1e-7 m from that crossing, as an overlay leaves a computed point.
 */
function workspace(): Workspace {
  const b = new ParcelSetBuilder();
  b.add(1, { type: 'Polygon', coordinates: [closed([[0, 0], [10, 0], [10, 10], [0, 10]])] });
  b.add(2, { type: 'Polygon', coordinates: [closed([[8, 4.9], [12, 5.1], [12, 8], [8, 8]])] });
  b.add(3, { type: 'Polygon', coordinates: [closed([[10.0000002, 5.0000003], [11, 3], [13, 4]])] });
  return new Workspace(b.build());
}

function cornerOf(shape: Position[][][]): Position {
  return shape[0][0][0];
}

describe('snapParcels with corners', () => {
  it('moves a position near the edges of two other parcels to where those edges cross', () => {
    const ws = workspace();
    const snap = snapParcels(ws, new Set([2]), 1e-6, () => null, null, null, true);
    const [x, y] = cornerOf(snap.shapes.get(2)!);
    expect(Math.hypot(x - 10, y - 5)).toBeLessThan(1e-12);
  });

  it('without corners moves it onto the nearest edge only, a hair off the other one', () => {
    const ws = workspace();
    const snap = snapParcels(ws, new Set([2]), 1e-6, () => null);
    const [x, y] = cornerOf(snap.shapes.get(2)!);
    expect(Math.hypot(x - 10, y - 5)).toBeGreaterThan(1e-8);
  });
});
