/**
 * Fingerprints let an accepted exception find "its" finding again after re-validation: same rule,
 * same parcels, same geometry to the centimetre. The geometry digest ignores vertex order and ring
 * start, so re-walking the same face from another edge gives the same print.
 */
import type { Geometry, Position } from '../geo/geometry.js';
import type { RuleId } from '../model/finding.js';

const GRID = 0.01;

function collect(g: Geometry, out: Position[]): void {
  switch (g.type) {
    case 'Point':
      out.push(g.coordinates);
      break;
    case 'LineString':
      out.push(...g.coordinates);
      break;
    case 'MultiLineString':
    case 'Polygon':
      for (const part of g.coordinates) out.push(...part);
      break;
    case 'MultiPolygon':
      for (const poly of g.coordinates) for (const ring of poly) out.push(...ring);
      break;
  }
}

/** FNV-1a over a string, as 8 hex digits. */
function fnv(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** Fingerprint of a finding from its rule, parcel fids and geometry (or location point). */
export function fingerprint(rule: RuleId, fids: readonly number[], geometry: Geometry | undefined, x: number, y: number): string {
  const pts: Position[] = [];
  if (geometry) collect(geometry, pts);
  else pts.push([x, y]);
  const keys = new Set<string>();
  for (const [px, py] of pts) keys.add(`${Math.round(px / GRID)},${Math.round(py / GRID)}`);
  const digest = fnv([...keys].sort().join(';'));
  return `${rule}:${[...fids].sort((a, b) => a - b).join(',')}:${digest}`;
}
