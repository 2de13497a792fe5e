/**
 * Well-known text of a geometry, for reports and the CLI's JSON (`wkt`): what GIS users paste into
 * QGIS, PostGIS or `ogr2ogr -where`. Coordinates keep millimetres (3 decimals), the precision of
 * cadastral data, so the text stays short.
 */
import type { Geometry, Position } from './geometry.js';

function num(v: number): string {
  const r = Math.round(v * 1000) / 1000;
  return Object.is(r, -0) ? '0' : String(r);
}

function pos(p: Position): string {
  return `${num(p[0])} ${num(p[1])}`;
}

function line(pts: Position[]): string {
  return `(${pts.map(pos).join(', ')})`;
}

function rings(rs: Position[][]): string {
  return `(${rs.map(line).join(', ')})`;
}

/** WKT of a geometry; empty geometries give e.g. `POLYGON EMPTY`. */
export function geometryToWkt(g: Geometry): string {
  switch (g.type) {
    case 'Point':
      return `POINT (${pos(g.coordinates)})`;
    case 'LineString':
      return g.coordinates.length ? `LINESTRING ${line(g.coordinates)}` : 'LINESTRING EMPTY';
    case 'MultiLineString':
      return g.coordinates.length ? `MULTILINESTRING (${g.coordinates.map(line).join(', ')})` : 'MULTILINESTRING EMPTY';
    case 'Polygon':
      return g.coordinates.length ? `POLYGON ${rings(g.coordinates)}` : 'POLYGON EMPTY';
    case 'MultiPolygon':
      return g.coordinates.length ? `MULTIPOLYGON (${g.coordinates.map(rings).join(', ')})` : 'MULTIPOLYGON EMPTY';
  }
}
