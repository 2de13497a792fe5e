/**
 * The frame (khung) of a drawn sheet as a polygon: from the closed figures drawn on the frame
 * level (63 in circular 25/2014, docs/domain.md §4), or computed from the sheet code (phiên hiệu
 * mảnh, §3) when the drawing has no usable frame figure.
 */
import type { PolygonCoords, Position } from '../geo/geometry.js';
import type { SheetDrawing } from './drawing.js';
import type { LevelRole } from './level-profile.js';
import { scaleFromSheetCode } from './snap-tolerance.js';

function signedArea(ring: readonly Position[]): number {
  let a = 0;
  for (let i = 0; i + 1 < ring.length; i++) a += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return a / 2;
}

function contains(ring: readonly Position[], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * The sheet frame among the closed figures on frame levels: the smallest one holding at least
 * 90 % of the parcels' label points (the inner frame, not the outer border or a grid cell), or
 * the largest figure when there are no labels. Null when the frame level has no closed figure
 * (a frame drawn as loose lines is not assembled).
 */
export function frameFromDrawing(
  drawing: SheetDrawing,
  roles: Record<string, LevelRole>,
  labels: readonly Position[],
  toProject: ((p: Position) => Position) | null = null,
): PolygonCoords | null {
  const figures: { ring: Position[]; area: number }[] = [];
  for (const l of drawing.lines) {
    if (roles[l.level] !== 'frame' || l.points.length < 3) continue;
    const pts: Position[] = l.points.map((p) => (toProject ? toProject([p[0], p[1]]) : [p[0], p[1]]));
    const first = pts[0];
    const last = pts[pts.length - 1];
    const closedByPoints = first[0] === last[0] && first[1] === last[1];
    if (!l.closed && !closedByPoints) continue;
    if (!closedByPoints) pts.push([first[0], first[1]]);
    if (pts.length < 4) continue;
    const area = Math.abs(signedArea(pts));
    if (area > 0) figures.push({ ring: pts, area });
  }
  if (figures.length === 0) return null;
  if (labels.length === 0) {
    figures.sort((a, b) => b.area - a.area);
    return [figures[0].ring];
  }
  const needed = Math.ceil(0.9 * labels.length);
  const holding = figures
    .filter((f) => labels.reduce((n, [x, y]) => n + (contains(f.ring, x, y) ? 1 : 0), 0) >= needed)
    .sort((a, b) => a.area - b.area);
  return holding.length > 0 ? [holding[0].ring] : null;
}

/**
 * The frame a sheet code stands for, in metres of its VN-2000 zone: `XXXYYY` gives the north-west
 * corner, X (northing) and Y (easting) in km, of a 1:5000 sheet of 3 × 3 km (`10-XXXYYY`: 1:10000,
 * 6 × 6 km); `-1`…`-9` a 1 km cell of it (1:2000, left→right, top→bottom); then `-a`…`-d` (1:1000,
 * 0.5 km), `-(1)`…`-(16)` (1:500, 0.25 km) or `-1`…`-100` (1:200, 0.1 km) within that cell. The code
 * keeps only three digits of the northing, so the thousand is the one that puts the sheet nearest
 * to `near` (a point of the sheet's data). Null for a code that is not one of these shapes.
 */
export function frameFromSheetCode(code: string, near: Position): PolygonCoords | null {
  const s = code.trim().toLowerCase();
  const scale = scaleFromSheetCode(s);
  if (scale === null) return null;
  const m = /^(?:10-)?(\d{3})(\d{3})(?:-([1-9]))?(?:-(?:([a-d])|\((\d{1,2})\)|(\d{1,3})))?$/.exec(s);
  if (!m) return null;
  const xKm = Number(m[1]);
  const yKm = Number(m[2]);
  let north = xKm * 1000;
  let best = Infinity;
  for (let t = 0; t <= 2; t++) {
    const n = xKm * 1000 + t * 1_000_000;
    if (Math.abs(n - near[1]) < best) {
      best = Math.abs(n - near[1]);
      north = n;
    }
  }
  let west = yKm * 1000;
  let side = scale === 10000 ? 6000 : 3000;
  // Cell k of a grid of n × n inside the current square, numbered left→right, top→bottom from 1.
  const cell = (k: number, n: number): boolean => {
    if (!Number.isInteger(k) || k < 1 || k > n * n) return false;
    side /= n;
    west += ((k - 1) % n) * side;
    north -= Math.floor((k - 1) / n) * side;
    return true;
  };
  if (m[3] && !cell(Number(m[3]), 3)) return null;
  if (m[4] && !cell('abcd'.indexOf(m[4]) + 1, 2)) return null;
  if (m[5] && !cell(Number(m[5]), 4)) return null;
  if (m[6] && !cell(Number(m[6]), 10)) return null;
  const south = north - side;
  const east = west + side;
  return [[[west, south], [east, south], [east, north], [west, north], [west, south]]];
}
