import { ParcelSetBuilder, type ParcelSet } from '../../../shared/topology/parcel-set.js';
import type { Position } from '../../../shared/geo/geometry.js';
import { prng as rng } from '../../helpers/prng.js';

export interface CommuneSeeds {
  /** Parcels whose right edge is pushed 0.5 m into the right neighbour. */
  overlaps: number[];
  /** Parcels whose top edge is pulled 0.5 m down (a gap under the neighbour above). */
  gaps: number[];
  /** Parcels whose top-right corner is moved 3 cm right. */
  nearMisses: number[];
}

/**
 * A generated commune (the same construction as tests/unit/validation/commune.test.ts): n×n parcels
 * of 20 m, every parcel with its own copy of the shared corners carrying independent ±1 mm noise,
 * plus the seeded errors. Legal areas are the nominal 400 m².
 */
export function generatedCommune(n: number, seeds: CommuneSeeds, noise = 0.001): ParcelSet {
  const rand = rng(42);
  const X0 = 548000, Y0 = 1776000, S = 20;
  const b = new ParcelSetBuilder();
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      const fid = j * n + i + 1;
      const jitter = (): number => (rand() * 2 - 1) * noise;
      let x1 = X0 + (i + 1) * S, y1 = Y0 + (j + 1) * S;
      const x0 = X0 + i * S, y0 = Y0 + j * S;
      if (seeds.overlaps.includes(fid)) x1 += 0.5;
      if (seeds.gaps.includes(fid)) y1 -= 0.5;
      const ring: Position[] = [
        [x0 + jitter(), y0 + jitter()],
        [x1 + jitter(), y0 + jitter()],
        [x1 + jitter(), y1 + jitter()],
        [x0 + jitter(), y1 + jitter()],
      ];
      if (seeds.nearMisses.includes(fid)) ring[2] = [ring[2][0] + 0.03, ring[2][1]];
      ring.push([ring[0][0], ring[0][1]]);
      b.add(fid, { type: 'Polygon', coordinates: [ring] }, { sheetNo: '1', parcelNo: String(fid), landType: 'ODT', areaLegal: 400 });
    }
  }
  return b.build();
}
