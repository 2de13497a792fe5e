import { describe, expect, it } from 'vitest';
import Polygon from 'ol/geom/Polygon.js';
import MultiPolygon from 'ol/geom/MultiPolygon.js';
import { ParcelLayerPageWriter, decodeParcelLayerPage } from '../../../shared/ipc/parcel-layer-page.js';
import { geometryOfPageParcel } from '../../../renderer/map/geometry.js';
import type { AreaGeometry } from '../../../shared/geo/geometry.js';

const sq = (x: number, y: number, s: number): [number, number][] => [[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]];
const attrs = { sheetNo: '1', parcelNo: '1', landType: 'ODT', area: 1 };

describe('map geometry from a binary layer page', () => {
  const geometries: (AreaGeometry | null)[] = [
    { type: 'Polygon', coordinates: [sq(548000.001, 1774000.002, 10), sq(548002, 1774002, 2).reverse()] },
    null,
    { type: 'MultiPolygon', coordinates: [[sq(548100, 1774000, 10)], [sq(548200, 1774000, 6), sq(548201, 1774001, 1), sq(548203, 1774003, 1)]] },
  ];
  const w = new ParcelLayerPageWriter(3, 0);
  geometries.forEach((g, i) => w.addParcel(i + 1, g, attrs));
  const page = decodeParcelLayerPage(w.finish());

  it('makes a Polygon with its hole, every vertex where it was', () => {
    const g = geometryOfPageParcel(page, 0);
    expect(g).toBeInstanceOf(Polygon);
    expect(g!.getCoordinates()).toEqual(geometries[0]!.coordinates);
    expect((g as Polygon).getEnds()).toEqual([10, 20]);
    expect((g as Polygon).getArea()).toBeCloseTo(100 - 4, 6);
  });

  it('has no geometry for a parcel without one', () => {
    expect(geometryOfPageParcel(page, 1)).toBeNull();
  });

  it('makes a MultiPolygon whose ring ends are relative to the parcel', () => {
    const g = geometryOfPageParcel(page, 2);
    expect(g).toBeInstanceOf(MultiPolygon);
    expect(g!.getCoordinates()).toEqual(geometries[2]!.coordinates);
    expect((g as MultiPolygon).getEndss()).toEqual([[10], [20, 30, 40]]);
    expect((g as MultiPolygon).getArea()).toBeCloseTo(100 + 36 - 2, 6);
    // Picking uses the geometry: a point in a hole is not in the parcel.
    expect(g!.intersectsCoordinate([548201.5, 1774001.5])).toBe(false);
    expect(g!.intersectsCoordinate([548205, 1774005])).toBe(true);
  });
});
