/**
 * Default snapping tolerance for building parcels from a drawn sheet, by map scale.
 *
 * Circular 25/2014 allows a relative error of 0.2 mm at map scale between neighbouring boundary
 * points (docs/domain.md §3). Half of that, 0.1 mm at map scale, is the tolerance: two line ends
 * closer than this cannot be two different surveyed points, while real short edges (≥ 0.2 mm on
 * paper) stay apart.
 *
 * | scale   | tolerance |
 * |---------|-----------|
 * | 1:200   | 0.02 m    |
 * | 1:500   | 0.05 m    |
 * | 1:1000  | 0.10 m    |
 * | 1:2000  | 0.20 m    |
 * | 1:5000  | 0.50 m    |
 * | 1:10000 | 1.00 m    |
 */

/** Map scales of cadastral sheets (denominators). */
export const SHEET_SCALES = [200, 500, 1000, 2000, 5000, 10000] as const;

/** Tolerance when the scale is not known: that of 1:500, the densest common sheet, so no real detail is snapped away. */
export const DEFAULT_SNAP_TOLERANCE = 0.05;

/** Snapping tolerance in metres for a sheet at 1:`scale` (0.1 mm at map scale). */
export function snapToleranceForScale(scale: number | null | undefined): number {
  if (!scale || !Number.isFinite(scale) || scale <= 0) return DEFAULT_SNAP_TOLERANCE;
  return Math.round(scale * 0.0001 * 1000) / 1000;
}

/**
 * The scale a sheet number (phiên hiệu mảnh, circular 25/2014) implies, or null:
 * `10-728494` 1:10000, `725497` 1:5000, `725500-6` 1:2000, `725500-6-d` 1:1000,
 * `725500-6-(11)` 1:500, `725500-6-25` 1:200.
 */
export function scaleFromSheetCode(code: string): number | null {
  const s = code.trim().toLowerCase();
  if (/^10-\d{6}$/.test(s)) return 10000;
  if (/^\d{6}-[1-9]-\(\d{1,2}\)$/.test(s)) return 500;
  if (/^\d{6}-[1-9]-[a-d]$/.test(s)) return 1000;
  if (/^\d{6}-[1-9]-\d{1,3}$/.test(s)) return 200;
  if (/^\d{6}-[1-9]$/.test(s)) return 2000;
  if (/^\d{6}$/.test(s)) return 5000;
  return null;
}
