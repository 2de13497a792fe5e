import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { vi } from '../../../renderer/i18n/vi.js';
import { en } from '../../../renderer/i18n/en.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('renderer UI catalogs', () => {
  it('have exactly the same keys in Vietnamese and English', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(vi).sort());
  });

  it('use the same {placeholders} for every key', () => {
    for (const key of Object.keys(vi) as (keyof typeof vi)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(vi[key]));
    }
  });

  it('have no empty texts', () => {
    for (const [key, text] of [...Object.entries(vi), ...Object.entries(en)]) expect(text.trim(), key).not.toBe('');
  });

  it('are actually translated (Vietnamese differs from English except for names)', () => {
    const same = (Object.keys(vi) as (keyof typeof vi)[]).filter((k) => vi[k] === en[k]);
    // Product name, the language names themselves and pure-format templates are the same in both.
    expect(same.sort()).toEqual(['app.title', 'import.crsOption', 'import.progressText', 'lang.en', 'lang.vi'].sort());
  });

  it('cover every t() key used in the renderer source', () => {
    const root = path.resolve(__dirname, '../../../renderer');
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const full = path.join(dir, name);
        if (statSync(full).isDirectory()) walk(full);
        else if (/\.tsx?$/.test(name) && !full.includes(`${path.sep}i18n${path.sep}`)) files.push(full);
      }
    };
    walk(root);
    const used = new Set<string>();
    for (const f of files) {
      for (const m of readFileSync(f, 'utf8').matchAll(/\bt\('([\w.]+)'/g)) used.add(m[1]);
    }
    expect(used.size).toBeGreaterThan(50);
    for (const key of used) expect(Object.keys(vi), key).toContain(key);
  });
});
