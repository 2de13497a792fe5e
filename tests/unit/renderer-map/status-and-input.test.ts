import { describe, expect, it } from 'vitest';
import { formatCount, formatMetres, northingEasting } from '../../../renderer/map/coordinates.js';
import { parseAreaInput } from '../../../renderer/panels/numberInput.js';
import { shortcutFor, type KeyLike } from '../../../renderer/app/shortcuts.js';

const NNBSP = '\u202f';

describe('status bar coordinates', () => {
  it('write metres with 3 decimals and grouped thousands', () => {
    expect(formatMetres(1774000.5)).toBe(`1${NNBSP}774${NNBSP}000.500`);
    expect(formatMetres(548000)).toBe(`548${NNBSP}000.000`);
    expect(formatMetres(-12.3456)).toBe('-12.346');
    expect(formatMetres(Number.NaN)).toBe('—');
    expect(formatCount(111234)).toBe(`111${NNBSP}234`);
  });
  it('put the northing (X in Vietnamese practice) first and the easting (Y) second', () => {
    // OpenLayers coordinates are [easting, northing].
    expect(northingEasting([548123.4567, 1774321.0004])).toEqual({
      northing: `1${NNBSP}774${NNBSP}321.000`,
      easting: `548${NNBSP}123.457`,
    });
  });
});

describe('area input', () => {
  it('accepts Vietnamese and English decimal conventions', () => {
    expect(parseAreaInput('1234.5')).toBe(1234.5);
    expect(parseAreaInput('1234,5')).toBe(1234.5);
    expect(parseAreaInput('1.234,5')).toBe(1234.5);
    expect(parseAreaInput(' 1 234,5 ')).toBe(1234.5);
    expect(parseAreaInput('')).toBeNull();
  });
  it('refuses text that is not a number', () => {
    expect(parseAreaInput('12a')).toBe('invalid');
    expect(parseAreaInput('1,2,3')).toBe('invalid');
  });
});

describe('keyboard shortcuts', () => {
  const key = (k: string, mods: Partial<KeyLike> = {}): KeyLike => ({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });
  it('map Ctrl+Z to undo, Ctrl+Y and Ctrl+Shift+Z to redo', () => {
    expect(shortcutFor(key('z', { ctrlKey: true }))).toBe('undo');
    expect(shortcutFor(key('Z', { ctrlKey: true, shiftKey: true }))).toBe('redo');
    expect(shortcutFor(key('y', { ctrlKey: true }))).toBe('redo');
    expect(shortcutFor(key('z', { metaKey: true }))).toBe('undo');
  });
  it('ignore plain keys and Alt combinations', () => {
    expect(shortcutFor(key('z'))).toBeNull();
    expect(shortcutFor(key('z', { ctrlKey: true, altKey: true }))).toBeNull();
    expect(shortcutFor(key('s', { ctrlKey: true }))).toBeNull();
  });
});
