import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  labelLayerIds,
  labelMaxResolution,
  landTypeCodes,
  outlineLayerIds,
  outlineMaxResolution,
  parcelFlatStyle,
  parseColor,
  translateColor,
  zoomToResolution,
  type GlStyle,
} from '../../../renderer/map/parcelStyle.js';

const stylePath = path.resolve(__dirname, '../../../resources/styles/parcels.json');
const style = JSON.parse(readFileSync(stylePath, 'utf8')) as GlStyle;

describe('parseColor', () => {
  it('reads hex and rgb(a) colours and applies opacity', () => {
    expect(parseColor('#fff')).toEqual([255, 255, 255, 1]);
    expect(parseColor('#0b6bcb', 0.5)).toEqual([11, 107, 203, 0.5]);
    expect(parseColor('#00000080')).toEqual([0, 0, 0, 0.502]);
    expect(parseColor('rgba(10, 20, 30, 0.5)', 0.5)).toEqual([10, 20, 30, 0.25]);
  });
  it('refuses colours it cannot read', () => {
    expect(() => parseColor('teal')).toThrow(/Unsupported colour/);
  });
});

describe('translateColor', () => {
  it('expands Mapbox label arrays into one OpenLayers match branch per code', () => {
    const expr = translateColor(['match', ['get', 'land_type'], ['LUC', 'LUK'], '#ff0000', 'ODT', '#00ff00', '#000000'], 1, 'test');
    expect(expr).toEqual([
      'match',
      ['get', 'land_type'],
      'LUC', [255, 0, 0, 1],
      'LUK', [255, 0, 0, 1],
      'ODT', [0, 255, 0, 1],
      [0, 0, 0, 1],
    ]);
  });
  it('names the layer when an expression is not supported', () => {
    expect(() => translateColor(['interpolate', ['linear'], ['zoom'], 1, '#000', 2, '#fff'], 1, 'layer x')).toThrow(/layer x/);
    expect(() => translateColor(['match', ['get', 'a'], 'A', '#000'], 1, 'layer y')).toThrow(/layer y/);
  });
});

describe('resources/styles/parcels.json', () => {
  it('translates to a flat style with a fill match on land_type and an outline', () => {
    const flat = parcelFlatStyle(style) as Record<string, unknown>;
    const fill = flat['fill-color'] as unknown[];
    expect(fill[0]).toBe('match');
    expect(fill[1]).toEqual(['get', 'land_type']);
    // match + input + pairs + fallback: an even number of branch items.
    expect((fill.length - 3) % 2).toBe(0);
    expect(flat['stroke-color']).toEqual([107, 79, 58, 1]);
    expect(flat['stroke-width']).toBe(1);
  });

  it('leaves the outline out of the WebGL style when asked, and draws it on canvas only when zoomed in', () => {
    const fillOnly = parcelFlatStyle(style, { outline: false }) as Record<string, unknown>;
    expect(fillOnly['fill-color']).toBeDefined();
    expect(fillOnly['stroke-color']).toBeUndefined();
    expect(outlineLayerIds(style)).toEqual(['parcels-outline']);
    // zoom 15.5: about 1.7 m per pixel, roughly 1:6 000 on screen.
    expect(outlineMaxResolution(style)).toBeCloseTo(zoomToResolution(15.5), 9);
    expect(outlineMaxResolution(style)).toBeGreaterThan(labelMaxResolution(style));
    expect(outlineMaxResolution({ version: 8, layers: [{ id: 'l', type: 'line' }] })).toBe(Infinity);
  });

  it('colours each current land-use code once, including residential, rice and roads', () => {
    const codes = landTypeCodes(style);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of ['ODT', 'ONT', 'LUC', 'CLN', 'DGT', 'NTD', 'SON', 'BCS']) expect(codes).toContain(code);
    const flat = parcelFlatStyle(style) as Record<string, unknown>;
    const fill = flat['fill-color'] as unknown[];
    const colourOf = (code: string) => fill[fill.indexOf(code) + 1];
    expect(colourOf('ODT')).not.toEqual(colourOf('LUC'));
  });

  it('draws labels only when zoomed in (parcel number first, then land type and area)', () => {
    expect(labelLayerIds(style)).toEqual(['parcel-number', 'parcel-detail']);
    const maxRes = labelMaxResolution(style);
    expect(maxRes).toBeCloseTo(zoomToResolution(16.5), 9);
    // About 0.84 m per pixel: a 20 m parcel is ~24 px wide when its number appears.
    expect(maxRes).toBeGreaterThan(0.5);
    expect(maxRes).toBeLessThan(1.5);
  });
});
