import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FILL_CLASS_PROPERTY, fillClasses, webglFillStyle } from '../../../renderer/map/fillClasses.js';
import { parcelFlatStyle, type GlStyle } from '../../../renderer/map/parcelStyle.js';

const style = JSON.parse(readFileSync(path.resolve(__dirname, '../../../resources/styles/parcels.json'), 'utf8')) as GlStyle;

/** What the canvas layer draws: OpenLayers' `match` (first label that is === wins, else the fallback). */
function canvasColour(landType: unknown): unknown {
  const expr = (parcelFlatStyle(style, { outline: false }) as Record<string, unknown[]>)['fill-color'];
  for (let i = 2; i < expr.length - 1; i += 2) if (expr[i] === landType) return expr[i + 1];
  return expr[expr.length - 1];
}

/** What the WebGL shader computes from the `case`/`<` expression, for a (possibly inexact) class value. */
function webglColour(expr: unknown[], cls: number): unknown {
  for (let i = 1; i < expr.length - 1; i += 2) {
    const [op, [get, prop], threshold] = expr[i] as [string, [string, string], number];
    expect([op, get, prop]).toEqual(['<', 'get', FILL_CLASS_PROPERTY]);
    if (cls < threshold) return expr[i + 1];
  }
  return expr[expr.length - 1];
}

function styleWithFill(fillColor: unknown): GlStyle {
  return { version: 8, layers: [{ id: 'f', type: 'fill', paint: { 'fill-color': fillColor, 'fill-opacity': 0.5 } }] };
}

describe('fillClasses on resources/styles/parcels.json', () => {
  const classes = fillClasses(style);
  const expr = (webglFillStyle(classes) as Record<string, unknown[]>)['fill-color'];
  const codes: unknown[] = [];
  const fill = style.layers.find((l) => l.type === 'fill')!.paint!['fill-color'] as unknown[];
  for (let i = 2; i < fill.length - 1; i += 2) codes.push(...(Array.isArray(fill[i]) ? (fill[i] as unknown[]) : [fill[i]]));

  it('gives every land-use code the colour the canvas match gives it, also for unknown and empty codes', () => {
    expect(classes.field).toBe('land_type');
    expect(codes.length).toBeGreaterThan(30);
    for (const code of [...codes, '', 'XYZ', 'luc']) {
      const cls = classes.classOf({ land_type: code });
      expect(classes.colors[cls], String(code)).toEqual(canvasColour(code));
      expect(webglColour(expr, cls), String(code)).toEqual(canvasColour(code));
    }
  });

  it('numbers distinct colours only, with the fallback as class 0 (also for a missing property)', () => {
    const keys = classes.colors.map((c) => c.join(','));
    expect(new Set(keys).size).toBe(keys.length);
    expect(classes.classOf({})).toBe(0);
    expect(classes.colors[0]).toEqual(canvasColour('no such code'));
  });

  it('picks the same colour when the shader sees the class a little off, as interpolation does', () => {
    for (let cls = 0; cls < classes.colors.length; cls++) {
      for (const off of [-1e-3, -1e-6, 0, 1e-6, 1e-3]) expect(webglColour(expr, cls + off)).toEqual(classes.colors[cls]);
    }
  });
});

describe('fillClasses on other styles', () => {
  it('keeps the first colour of a code listed twice, as match does', () => {
    const c = fillClasses(styleWithFill(['match', ['get', 'kind'], ['A', 'B'], '#ff0000', 'A', '#00ff00', '#000000']));
    expect(c.colors[c.classOf({ kind: 'A' })]).toEqual([255, 0, 0, 0.5]);
    expect(c.colors[c.classOf({ kind: 'B' })]).toEqual([255, 0, 0, 0.5]);
  });

  it('reads numeric labels strictly (the number 1 is not the string "1")', () => {
    const c = fillClasses(styleWithFill(['match', ['get', 'n'], 1, '#ff0000', '#000000']));
    expect(c.colors[c.classOf({ n: 1 })]).toEqual([255, 0, 0, 0.5]);
    expect(c.classOf({ n: '1' })).toBe(0);
  });

  it('draws a literal colour as one class without any expression', () => {
    const c = fillClasses(styleWithFill('#336699'));
    expect(c.field).toBeNull();
    expect(webglFillStyle(c)).toEqual({ 'fill-color': [51, 102, 153, 0.5] });
  });

  it('refuses expressions it cannot number, naming the layer', () => {
    expect(() => fillClasses(styleWithFill(['interpolate', ['linear'], ['zoom'], 1, '#000', 2, '#fff']))).toThrow(/layer f/);
    expect(() => fillClasses(styleWithFill(['match', ['get', 'a'], 'A', '#000']))).toThrow(/layer f/);
    expect(() => fillClasses(styleWithFill(['match', ['get', 'a'], 'A', ['get', 'c'], '#000']))).toThrow(/literal colours/);
  });
});
