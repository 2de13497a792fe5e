/**
 * GDAL as the reference DXF reader: `ogr2ogr -f GeoJSON` with 17 significant digits (every
 * double exactly), and our entities flattened the way GDAL reports them (one feature per
 * entity; the entities a block insert places come out per insert).
 */
import { spawnSync } from 'node:child_process';
import type { DxfEntity, DxfFile } from '../../../shared/dxf/index.js';

export interface OgrFeature {
  layer: string;
  text: string | null;
  handle: string | null;
  type: string;
  geometry: { type: string; coordinates?: unknown; geometries?: unknown[] } | null;
  /** Point: [x, y(, z)]; LineString: vertices; Multi*: parts; Polygon: rings. */
  coordinates: unknown;
}

export function hasOgr2ogr(): boolean {
  return spawnSync('ogr2ogr', ['--version'], { encoding: 'utf8' }).status === 0;
}

/** The features GDAL reads from a DXF file (extra config options such as DXF_ENCODING may be given). */
export function ogrFeatures(file: string, config: Record<string, string> = {}): OgrFeature[] {
  const args = ['-f', 'GeoJSON', '/vsistdout/', file, '-lco', 'RFC7946=NO', '-lco', 'SIGNIFICANT_FIGURES=17'];
  for (const [k, v] of Object.entries(config)) args.unshift('--config', k, v);
  const r = spawnSync('ogr2ogr', args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`ogr2ogr failed: ${r.stderr}`);
  const json = JSON.parse(r.stdout) as {
    features: Array<{ properties: Record<string, unknown>; geometry: { type: string; coordinates?: unknown; geometries?: unknown[] } | null }>;
  };
  return json.features.map((f) => ({
    layer: String(f.properties.Layer ?? ''),
    text: (f.properties.Text as string | null) ?? null,
    handle: (f.properties.EntityHandle as string | null) ?? null,
    type: f.geometry?.type ?? 'None',
    geometry: f.geometry,
    coordinates: f.geometry?.coordinates ?? null,
  }));
}

/** Our top-level entities with inserts replaced by what they place. */
export function flatEntities(dxf: DxfFile): DxfEntity[] {
  const out: DxfEntity[] = [];
  for (const e of dxf.entities) {
    if (e.kind === 'insert') out.push(...(e.children ?? []));
    else if (e.kind !== 'other') out.push(e);
  }
  return out;
}

/**
 * GDAL repeats the joint vertex where a bulge arc meets a straight segment (the arc's copy off by
 * an ulp or so); drop repeats closer than `tol`.
 */
export function dedupe(pts: number[][], tol = 1e-9): number[][] {
  return pts.filter((p, i) => i === 0 || Math.abs(p[0]! - pts[i - 1]![0]!) > tol || Math.abs(p[1]! - pts[i - 1]![1]!) > tol);
}

/** Vertex lists of a GDAL geometry, in order (GDAL merges a block's lines into collections). */
export function lineParts(g: { type: string; coordinates?: unknown; geometries?: unknown[] }): number[][][] {
  switch (g.type) {
    case 'LineString':
      return [g.coordinates as number[][]];
    case 'MultiLineString':
    case 'Polygon':
      return g.coordinates as number[][][];
    case 'GeometryCollection':
      return (g.geometries as Array<{ type: string }>).flatMap((x) => lineParts(x));
    default:
      return [];
  }
}
