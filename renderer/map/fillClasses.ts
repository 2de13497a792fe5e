/**
 * Land-use fill colours as numbered classes, for the WebGL parcel layer.
 *
 * Why not hand the style's `match` on `land_type` to the WebGL layer directly: OpenLayers 10.11 compiles
 * `match` into exact float comparisons (`v_prop_land_type == 59.0`) in the fragment shader, on a value that
 * reaches it as an interpolated varying. Interpolating a value that is the same at all three corners of a
 * triangle is not exact on every rasteriser (SwiftShader gives 58.99999… on parts of long thin triangles),
 * so whole slivers of a parcel fell through to the fallback colour — nearly the map background, which
 * looked like a gap in the data (minimal case and numbers in docs/ui.md). Here each distinct colour gets
 * a small integer class, stored on the feature, and the WebGL style picks the colour with `<` against
 * half-integer thresholds, which no interpolation error of a few ulps can cross.
 *
 * The canvas layer keeps the plain `match` on `land_type` (evaluated exactly on the CPU), so the
 * renderer comparison test checks these classes against the style file's own semantics.
 */
import type { FlatStyle } from 'ol/style/flat.js';
import { parseColor, type GlStyle } from './parcelStyle.js';

/** Feature property holding a parcel's fill class (an index into {@link FillClasses.colors}). */
export const FILL_CLASS_PROPERTY = 'fill_class';

type Rgba = [number, number, number, number];

/** The fill colours of a parcel style, numbered. */
export interface FillClasses {
  /** Property the style's `match` reads (e.g. `land_type`), or null when the fill is one literal colour. */
  readonly field: string | null;
  /** Distinct colours; class 0 is the fallback (also drawn for features without a class). */
  readonly colors: readonly Rgba[];
  /** The class of a feature from its properties, with the first-match-wins semantics of `match`. */
  classOf(properties: Readonly<Record<string, unknown>>): number;
}

/**
 * Numbers the colours of the style's `fill` layer. Accepts the same forms as `translateColor` (a literal
 * colour, or `match` on `["get", field]` with label arrays) and throws, naming the layer, on anything else.
 */
export function fillClasses(style: GlStyle): FillClasses {
  const fill = style.layers.find((l) => l.type === 'fill');
  const where = `layer ${fill?.id ?? '(none)'} fill-color`;
  const opacity = typeof fill?.paint?.['fill-opacity'] === 'number' ? (fill.paint['fill-opacity'] as number) : 1;
  const value = fill?.paint?.['fill-color'] ?? '#cccccc';
  if (typeof value === 'string') {
    const colors: Rgba[] = [parseColor(value, opacity)];
    return { field: null, colors, classOf: () => 0 };
  }
  if (!Array.isArray(value) || value[0] !== 'match') throw new Error(`${where}: only a colour or a "match" expression is supported`);
  const input = value[1];
  if (!Array.isArray(input) || input[0] !== 'get' || typeof input[1] !== 'string') {
    throw new Error(`${where}: "match" must read a field with ["get", name]`);
  }
  if (value.length < 5 || value.length % 2 !== 1) throw new Error(`${where}: "match" needs label/colour pairs and a fallback colour`);
  const field = input[1];
  const fallback = value[value.length - 1];
  if (typeof fallback !== 'string') throw new Error(`${where}: the match fallback must be a literal colour`);

  const colors: Rgba[] = [parseColor(fallback, opacity)];
  const classByColor = new Map<string, number>([[colors[0].join(','), 0]]);
  const classByLabel = new Map<unknown, number>();
  for (let i = 2; i < value.length - 1; i += 2) {
    const colour = value[i + 1];
    if (typeof colour !== 'string') throw new Error(`${where}: match outputs must be literal colours`);
    const rgba = parseColor(colour, opacity);
    const key = rgba.join(',');
    let cls = classByColor.get(key);
    if (cls === undefined) {
      cls = colors.length;
      colors.push(rgba);
      classByColor.set(key, cls);
    }
    const labels = Array.isArray(value[i]) ? (value[i] as unknown[]) : [value[i]];
    for (const label of labels) {
      if (typeof label !== 'string' && typeof label !== 'number') throw new Error(`${where}: match labels must be strings or numbers`);
      // A label listed twice keeps its first colour, as `match` does.
      if (!classByLabel.has(label)) classByLabel.set(label, cls);
    }
  }
  return { field, colors, classOf: (properties) => classByLabel.get(properties[field]) ?? 0 };
}

/**
 * The flat style of the WebGL parcel layer: fill only, colour chosen from the feature's
 * {@link FILL_CLASS_PROPERTY} by half-integer thresholds (`class < 0.5` → colour 0, `< 1.5` → colour 1, …).
 */
export function webglFillStyle(classes: FillClasses): FlatStyle {
  const { colors } = classes;
  if (colors.length === 1) return { 'fill-color': colors[0] };
  const expr: unknown[] = ['case'];
  for (let i = 0; i < colors.length - 1; i++) expr.push(['<', ['get', FILL_CLASS_PROPERTY], i + 0.5], colors[i]);
  expr.push(colors[colors.length - 1]);
  return { 'fill-color': expr } as FlatStyle;
}
