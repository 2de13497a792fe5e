/**
 * Finds the parts of a shapefile (.shp .shx .dbf .prj .cpg) next to each other whatever their
 * letter case: files copied from Windows often mix "PARCELS.SHP" with "parcels.dbf", and Linux
 * file systems are case-sensitive.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';

export type ShapefilePart = 'shp' | 'shx' | 'dbf' | 'prj' | 'cpg';

/** Path of each part that exists, keyed by lowercase extension. */
export function findShapefileParts(file: string): { base: string; parts: Partial<Record<ShapefilePart, string>> } {
  const dir = path.dirname(file);
  const ext = path.extname(file);
  const base = /^\.(shp|shx|dbf|prj|cpg)$/i.test(ext) ? path.basename(file, ext) : path.basename(file);
  const parts: Partial<Record<ShapefilePart, string>> = {};
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return { base, parts };
  }
  const wanted = base.toLowerCase();
  for (const name of entries) {
    const e = path.extname(name);
    if (path.basename(name, e).toLowerCase() !== wanted) continue;
    const key = e.slice(1).toLowerCase() as ShapefilePart;
    if (!['shp', 'shx', 'dbf', 'prj', 'cpg'].includes(key)) continue;
    // Prefer the exact spelling the caller gave, then the first match.
    const exact = path.basename(name, e) === base;
    if (!parts[key] || exact) parts[key] = path.join(dir, name);
  }
  return { base, parts };
}
