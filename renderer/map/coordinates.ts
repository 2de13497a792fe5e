/**
 * Coordinate text for the status bar. In Vietnamese survey practice X is the northing and Y the easting
 * (the opposite of the mathematical habit), so the status bar always names the axis by direction too.
 */

const NARROW_NBSP = '\u202f';

/** Metres with 3 decimals and narrow spaces between thousands: 1774000.5 -> "1 774 000.500". */
export function formatMetres(value: number, decimals = 3): string {
  if (!Number.isFinite(value)) return '—';
  const negative = value < 0;
  const fixed = Math.abs(value).toFixed(decimals);
  const [int, frac] = fixed.split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, NARROW_NBSP);
  return (negative ? '-' : '') + grouped + (frac !== undefined ? '.' + frac : '');
}

/** A count with grouped thousands: 111234 -> "111 234". */
export function formatCount(value: number): string {
  return formatMetres(value, 0);
}

/** Map coordinate [easting, northing] (OpenLayers order) -> northing and easting texts. */
export function northingEasting(coordinate: readonly number[]): { northing: string; easting: string } {
  return { northing: formatMetres(coordinate[1]), easting: formatMetres(coordinate[0]) };
}
