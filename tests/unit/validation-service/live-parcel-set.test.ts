/**
 * The live parcel set must equal a fresh read of the project after any mix of changed, inserted and
 * deleted parcels, or incremental findings would drift from a full run's.
 */
import { describe, expect, it } from 'vitest';
import type { PolygonGeometry } from '../../../shared/geo/geometry.js';
import { ParcelSetBuilder, type ParcelSet } from '../../../shared/topology/parcel-set.js';
import { LiveParcelSet } from '../../../electron/services/validation/live-parcel-set.js';
import type { ValidationParcel } from '../../../electron/services/validation/load-parcel-set.js';

function square(x: number, y: number, s: number, hole = false): PolygonGeometry {
  const rings = [[[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]]] as [number, number][][];
  if (hole) rings.push([[x + 1, y + 1], [x + 1, y + 2], [x + 2, y + 2], [x + 2, y + 1], [x + 1, y + 1]]);
  return { type: 'Polygon', coordinates: rings };
}

function parcel(fid: number, k = 0): ValidationParcel {
  return {
    fid,
    geometry: fid % 7 === 0 ? null : square(fid * 10 + k, k, 5 + (fid % 3), fid % 2 === 0),
    attrs: { sheetNo: String(1 + (fid % 2)), parcelNo: String((fid + k) % 10), landType: 'ODT', areaLegal: fid % 5 === 0 ? null : 30 + k },
  };
}

function build(parcels: ValidationParcel[]): ParcelSet {
  const b = new ParcelSetBuilder();
  for (const p of [...parcels].sort((a, c) => a.fid - c.fid)) b.add(p.fid, p.geometry, p.attrs);
  return b.build();
}

function plain(set: ParcelSet): unknown {
  return JSON.parse(
    JSON.stringify(set, (_k, v) => (ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>).map((n) => (Number.isNaN(n) ? 'NaN' : n)) : v)),
  );
}

describe('LiveParcelSet', () => {
  it('after changes, inserts and deletes equals a set built from scratch, in fid order', () => {
    const state = new Map<number, ValidationParcel>();
    for (let fid = 1; fid <= 40; fid++) state.set(fid, parcel(fid));
    const live = new LiveParcelSet(build([...state.values()]));
    let seed = 3;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let step = 0; step < 60; step++) {
      const fids = new Set<number>();
      const n = 1 + rand(4);
      for (let i = 0; i < n; i++) {
        const kind = rand(3);
        if (kind === 0) {
          const fid = 1 + rand(60); // change or insert
          state.set(fid, parcel(fid, step + 1));
          fids.add(fid);
        } else if (kind === 1) {
          const existing = [...state.keys()];
          if (existing.length === 0) continue;
          const fid = existing[rand(existing.length)];
          state.delete(fid);
          fids.add(fid);
        } else {
          const fid = 1 + rand(60);
          if (state.has(fid)) {
            state.set(fid, parcel(fid, step + 2));
            fids.add(fid);
          }
        }
      }
      const fresh = new Map([...fids].filter((f) => state.has(f)).map((f) => [f, state.get(f)!]));
      const u = live.update(fids, fresh);
      expect(plain(live.set), `step ${step}`).toEqual(plain(build([...state.values()])));
      for (const fid of fids) expect(live.has(fid)).toBe(state.has(fid));
      for (const fid of u.removed) expect(state.has(fid)).toBe(false);
      for (const fid of state.keys()) expect(live.set.fids[live.index(fid)!]).toBe(fid);
      // Parcels sharing a sheet + parcel number, as a brute-force count says.
      const key = (p: ValidationParcel) => `${p.attrs.sheetNo}/${p.attrs.parcelNo}`;
      const shared = [...state.values()].filter((p) => [...state.values()].filter((q) => key(q) === key(p)).length > 1);
      expect(live.sharedNumberParcels().map((i) => live.set.fids[i]).sort((a, b) => a - b), `step ${step}`).toEqual(
        shared.map((p) => p.fid).sort((a, b) => a - b),
      );
    }
  });

  it('reports the dirty box as the union of old and new shapes', () => {
    const live = new LiveParcelSet(build([parcel(1), parcel(2)]));
    const moved: ValidationParcel = { fid: 1, geometry: square(100, 100, 5), attrs: {} };
    const u = live.update([1], new Map([[1, moved]]));
    expect(u.bbox).toEqual([10, 0, 105, 105]);
    expect(u.removed).toEqual([]);
    expect(u.added).toEqual([]);
    const gone = live.update([2], new Map());
    expect(gone.removed).toEqual([2]);
    expect(live.set.count).toBe(1);
  });
});
