/**
 * Registers the project's VN-2000 CRS with OpenLayers through proj4, so the map view works in the
 * project's own metres (no reprojection of 100 000 parcels on load) and the scale bar stays true.
 */
import proj4 from 'proj4';
import { register } from 'ol/proj/proj4.js';
import { get as getProjection } from 'ol/proj.js';
import type Projection from 'ol/proj/Projection.js';

/** Defines `code` (e.g. "EPSG:5899") from its proj4 string and returns the OpenLayers projection. */
export function registerProjectCrs(code: string, definition: string): Projection {
  if (!definition.trim()) throw new Error(`No proj4 definition for ${code}`);
  proj4.defs(code, definition);
  register(proj4 as unknown as Parameters<typeof register>[0]);
  const projection = getProjection(code);
  if (!projection) throw new Error(`OpenLayers did not accept the projection ${code}`);
  return projection;
}
