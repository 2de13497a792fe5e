/**
 * Geometry types used between importers, the project store, the topology engine and the map.
 * They follow GeoJSON's coordinate nesting so that readers, tests and GDAL output compare directly;
 * hot loops convert them to flat typed arrays (see shared/topology) instead of walking these objects.
 */

/** [x, y] in the dataset's CRS (VN-2000 metres inside a project). */
export type Position = [number, number];
/** A closed ring: first position equals the last. Exterior rings first, then holes. */
export type Ring = Position[];
export type PolygonCoords = Ring[];

export interface PolygonGeometry {
  type: 'Polygon';
  coordinates: PolygonCoords;
}
export interface MultiPolygonGeometry {
  type: 'MultiPolygon';
  coordinates: PolygonCoords[];
}
export interface PointGeometry {
  type: 'Point';
  coordinates: Position;
}
export interface LineStringGeometry {
  type: 'LineString';
  coordinates: Position[];
}
export interface MultiLineStringGeometry {
  type: 'MultiLineString';
  coordinates: Position[][];
}
export type AreaGeometry = PolygonGeometry | MultiPolygonGeometry;
export type Geometry =
  | AreaGeometry
  | PointGeometry
  | LineStringGeometry
  | MultiLineStringGeometry;

/** [minx, miny, maxx, maxy] */
export type Extent = [number, number, number, number];
