import { describe, expect, it } from 'vitest';
import Polygon from 'ol/geom/Polygon.js';
import MultiPolygon from 'ol/geom/MultiPolygon.js';
import { ParcelLayerPageWriter, decodeParcelLayerPage } from '../../../shared/ipc/parcel-layer-page.js';
import { geometryOfRenderFeature, renderFeatureOfGeometry, renderFeatureOfPageParcel } from '../../../renderer/map/geometry.js';
import type { AreaGeometry } from '../../../shared/geo/geometry.js';

const sq = (x: number, y: number, s: number): [number, number][] => [[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]];
const attrs = { sheetNo: '1', parcelNo: '1', landType: 'ODT', area: 1 };

/** Parcel i of the page as the bulk layer holds it, back as a Polygon/MultiPolygon. */
function geometryOfPageParcel(page: ReturnType<typeof decodeParcelLayerPage>, i: number) {
  const f = renderFeatureOfPageParcel(page, i, { parcel_no: String(i + 1) }, i + 1);
  return f ? geometryOfRenderFeature(f) : null;
}

describe('map features from a binary layer page', () => {
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

  it('keeps id and properties on the lightweight feature', () => {
    const f = renderFeatureOfPageParcel(page, 0, { parcel_no: '1', land_type: 'ODT' }, 1)!;
    expect(f.getId()).toBe(1);
    expect(f.get('land_type')).toBe('ODT');
    expect(f.getExtent()).toEqual([548000.001, 1774000.002, 548010.001, 1774010.002]);
  });

  it('orients shells and holes so a multipolygon with same-way holes keeps its parts and holes', () => {
    // Parcel 3's holes are stored counter-clockwise like its shells: OpenLayers would take them
    // for more parts (filled) unless the copy is oriented.
    const g = geometryOfPageParcel(page, 2);
    expect(g).toBeInstanceOf(MultiPolygon);
    const coords = (g as MultiPolygon).getCoordinates();
    expect(coords).toHaveLength(2);
    expect(coords[0]).toEqual(geometries[2]!.coordinates[0]);
    expect(coords[1][0]).toEqual(geometries[2]!.coordinates[1][0]);
    expect(coords[1].slice(1)).toEqual(geometries[2]!.coordinates[1].slice(1).map((r) => [...r].reverse()));
    expect((g as MultiPolygon).getEndss()).toEqual([[10], [20, 30, 40]]);
    expect((g as MultiPolygon).getArea()).toBeCloseTo(100 + 36 - 2, 6);
    // Picking uses the geometry: a point in a hole is not in the parcel.
    expect(g!.intersectsCoordinate([548201.5, 1774001.5])).toBe(false);
    expect(g!.intersectsCoordinate([548205, 1774005])).toBe(true);
  });

  it('an edited shape becomes a feature with the same rings', () => {
    const shape = new MultiPolygon([[sq(548300, 1774000, 8), sq(548301, 1774001, 2)], [sq(548400, 1774000, 4)]]);
    const f = renderFeatureOfGeometry(shape, { parcel_no: '9' }, 9);
    const back = geometryOfRenderFeature(f) as MultiPolygon;
    expect(back.getArea()).toBeCloseTo(64 - 4 + 16, 6);
    expect(back.intersectsCoordinate([548302, 1774002])).toBe(false);
    expect(back.intersectsCoordinate([548306, 1774006])).toBe(true);
    // The edited geometry itself is not reoriented in place.
    expect(shape.getCoordinates()[0][1]).toEqual(sq(548301, 1774001, 2));
  });
});
