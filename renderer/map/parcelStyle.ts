/**
 * Translation of the parcel Mapbox-style JSON (resources/styles/parcels.json) into the OpenLayers flat
 * style used by the WebGL parcel layer. One JSON drives both the WebGL fill/outline and the canvas labels
 * (ol-mapbox-style reads its symbol layers), so a colour changed there changes everywhere.
 *
 * Only the expression forms the parcel style needs are translated: a literal colour, or
 * `["match", ["get", field], value | [values…], colour, …, fallback]`. Anything else is a mistake in the
 * style file and is reported with the layer id rather than silently drawn grey.
 */
import type { FlatStyle } from 'ol/style/flat.js';

/** The subset of a Mapbox/MapLibre style document this module reads. */
export interface GlStyle {
  version: number;
  layers: GlLayer[];
  [key: string]: unknown;
}
export interface GlLayer {
  id: string;
  type: string;
  source?: string;
  minzoom?: number;
  maxzoom?: number;
  paint?: Record<string, unknown>;
  layout?: Record<string, unknown>;
}

type Rgba = [number, number, number, number];

/** Parses `#rgb`, `#rrggbb`, `rgb()`/`rgba()` into [r, g, b, a] with a in 0..1. */
export function parseColor(color: string, opacity = 1): Rgba {
  const c = color.trim();
  let m = /^#([0-9a-f]{3})$/i.exec(c);
  if (m) {
    const [r, g, b] = m[1].split('').map((h) => parseInt(h + h, 16));
    return [r, g, b, opacity];
  }
  m = /^#([0-9a-f]{6})([0-9a-f]{2})?$/i.exec(c);
  if (m) {
    const n = parseInt(m[1], 16);
    const a = m[2] ? parseInt(m[2], 16) / 255 : 1;
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255, round3(a * opacity)];
  }
  m = /^rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*(?:,\s*([\d.]+)\s*)?\)$/i.exec(c);
  if (m) {
    const a = m[4] === undefined ? 1 : Number(m[4]);
    return [Number(m[1]), Number(m[2]), Number(m[3]), round3(a * opacity)];
  }
  throw new Error(`Unsupported colour "${color}"`);
}

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}

type FlatExpr = unknown[];

/** Translates a Mapbox colour value (literal or `match`) into an OpenLayers expression or literal colour. */
export function translateColor(value: unknown, opacity: number, where: string): Rgba | FlatExpr {
  if (typeof value === 'string') return parseColor(value, opacity);
  if (!Array.isArray(value) || value[0] !== 'match') {
    throw new Error(`${where}: only a colour or a "match" expression is supported`);
  }
  const input = value[1];
  if (!Array.isArray(input) || input[0] !== 'get' || typeof input[1] !== 'string') {
    throw new Error(`${where}: "match" must read a field with ["get", name]`);
  }
  if (value.length < 5 || value.length % 2 !== 1) {
    throw new Error(`${where}: "match" needs label/colour pairs and a fallback colour`);
  }
  const out: unknown[] = ['match', ['get', input[1]]];
  for (let i = 2; i < value.length - 1; i += 2) {
    const labels = Array.isArray(value[i]) ? (value[i] as unknown[]) : [value[i]];
    const colour = value[i + 1];
    if (typeof colour !== 'string') throw new Error(`${where}: match outputs must be literal colours`);
    const rgba = parseColor(colour, opacity);
    // OpenLayers' match takes one label per branch, so Mapbox's label arrays are expanded.
    for (const label of labels) {
      if (typeof label !== 'string' && typeof label !== 'number') {
        throw new Error(`${where}: match labels must be strings or numbers`);
      }
      out.push(label, rgba);
    }
  }
  const fallback = value[value.length - 1];
  if (typeof fallback !== 'string') throw new Error(`${where}: the match fallback must be a literal colour`);
  out.push(parseColor(fallback, opacity));
  return out;
}

/**
 * The flat style of the bulk parcel layer: fill from the style's `fill` layer and, unless
 * `outline: false`, the outline from its `line` layer. Throws when the style has neither.
 */
export function parcelFlatStyle(style: GlStyle, opts: { outline?: boolean } = {}): FlatStyle {
  const fill = style.layers.find((l) => l.type === 'fill');
  const line = style.layers.find((l) => l.type === 'line');
  if (!fill && !line) throw new Error('Parcel style has no fill or line layer');
  const flat: Record<string, unknown> = {};
  if (fill) {
    const opacity = typeof fill.paint?.['fill-opacity'] === 'number' ? (fill.paint['fill-opacity'] as number) : 1;
    flat['fill-color'] = translateColor(fill.paint?.['fill-color'] ?? '#cccccc', opacity, `layer ${fill.id} fill-color`);
  }
  if (line && opts.outline !== false) {
    const opacity = typeof line.paint?.['line-opacity'] === 'number' ? (line.paint['line-opacity'] as number) : 1;
    flat['stroke-color'] = translateColor(line.paint?.['line-color'] ?? '#000000', opacity, `layer ${line.id} line-color`);
    const width = line.paint?.['line-width'];
    flat['stroke-width'] = typeof width === 'number' ? width : 1;
  }
  return flat as FlatStyle;
}

/** Ids of the line (outline) layers, in drawing order. */
export function outlineLayerIds(style: GlStyle): string[] {
  return style.layers.filter((l) => l.type === 'line').map((l) => l.id);
}

/**
 * The coarsest resolution at which the outline layer draws (its `minzoom`), or Infinity without one.
 * Outlines are drawn on canvas only when zoomed in: at commune scale 100 000 outlines are a grey mesh,
 * and as WebGL lines they cost more than all the fills together.
 */
export function outlineMaxResolution(style: GlStyle): number {
  const line = style.layers.find((l) => l.type === 'line');
  return line?.minzoom === undefined ? Infinity : zoomToResolution(line.minzoom);
}

/** Ids of the symbol (label) layers, in drawing order. */
export function labelLayerIds(style: GlStyle): string[] {
  return style.layers.filter((l) => l.type === 'symbol').map((l) => l.id);
}

/** Resolution (m/px) of zoom level z on the Web Mercator ladder ol-mapbox-style uses by default. */
export function zoomToResolution(z: number): number {
  return 78271.51696402048 / Math.pow(2, z);
}

/**
 * The coarsest resolution at which any label layer draws, so the label layer can be switched off
 * entirely above it (drawing 100 000 labels at commune scale would be both slow and unreadable).
 */
export function labelMaxResolution(style: GlStyle): number {
  const zooms = style.layers.filter((l) => l.type === 'symbol').map((l) => l.minzoom ?? 0);
  if (zooms.length === 0) return 0;
  return zoomToResolution(Math.min(...zooms));
}

/** The land-use codes named in the fill layer's match, for the attribute form's suggestions. */
export function landTypeCodes(style: GlStyle): string[] {
  const fill = style.layers.find((l) => l.type === 'fill');
  const expr = fill?.paint?.['fill-color'];
  if (!Array.isArray(expr) || expr[0] !== 'match') return [];
  const codes: string[] = [];
  for (let i = 2; i < expr.length - 1; i += 2) {
    const labels = Array.isArray(expr[i]) ? (expr[i] as unknown[]) : [expr[i]];
    for (const l of labels) if (typeof l === 'string') codes.push(l);
  }
  return codes;
}
