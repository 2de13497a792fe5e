/**
 * Reading areas typed by people used to either convention: Vietnamese writes 1.234,5 (dot for
 * thousands, comma for decimals), English and most GIS software write 1234.5.
 */

/** Parses "1.234,5", "1234,5", "1234.5" or "1 234,5"; '' -> null; anything else -> 'invalid'. */
export function parseAreaInput(text: string): number | null | 'invalid' {
  const s = text.trim().replace(/[\s\u00a0\u202f]+/g, '');
  if (s === '') return null;
  let normalised = s;
  if (s.includes(',') && s.includes('.')) normalised = s.replace(/\./g, '').replace(',', '.');
  else if (s.includes(',')) normalised = s.replace(',', '.');
  if (!/^-?\d+(\.\d+)?$/.test(normalised)) return 'invalid';
  return Number(normalised);
}
