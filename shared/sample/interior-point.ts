/**
 * A cheap, deterministic point strictly inside a polygon, used to decide which sheet a parcel belongs
 * to and where it stands in the numbering snake. It is the scan-line method GEOS uses for
 * InteriorPointArea: cut the polygon with a horizontal line through the middle of its extent (moved
 * off any vertex), and take the middle of the widest inside interval. It is not the pole of
 * inaccessibility (the parcel ID needs that, see domain.md §5); it only has to be inside, fast and stable.
 */
import type { PolygonCoords, Position } from '../geo/geometry.js';

/** Interior point of a polygon (exterior ring first, then holes). Returns null for an empty polygon. */
export function interiorPoint(polygon: PolygonCoords): Position | null {
  const shell = polygon[0];
  if (!shell || shell.length < 3) return null;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const [, y] of shell) {
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  const mid = (minY + maxY) / 2;
  // Scan between the nearest vertex Y above and below the middle so no vertex lies on the line.
  let below = minY;
  let above = maxY;
  for (const ring of polygon) {
    for (const [, y] of ring) {
      if (y <= mid && y > below) below = y;
      if (y > mid && y < above) above = y;
    }
  }
  const scanY = (below + above) / 2;
  const xs: number[] = [];
  for (const ring of polygon) {
    for (let i = 0; i + 1 < ring.length; i++) {
      const [x1, y1] = ring[i]!;
      const [x2, y2] = ring[i + 1]!;
      if ((y1 > scanY) !== (y2 > scanY)) xs.push(x1 + ((scanY - y1) * (x2 - x1)) / (y2 - y1));
    }
  }
  if (xs.length < 2) {
    const [x, y] = shell[0]!;
    return [x, y];
  }
  xs.sort((a, b) => a - b);
  let best = -1;
  let bestW = -1;
  for (let i = 0; i + 1 < xs.length; i += 2) {
    const w = xs[i + 1]! - xs[i]!;
    if (w > bestW) {
      bestW = w;
      best = i;
    }
  }
  return [(xs[best]! + xs[best + 1]!) / 2, scanY];
}
