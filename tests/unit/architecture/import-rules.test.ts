/**
 * The layering rules of docs/architecture.md, checked on the source: shared/ must run everywhere,
 * the renderer must never reach Node or Electron, services must run under plain Node.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../../..');

function sources(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = path.join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.(ts|tsx|cts|mts)$/.test(name) && !name.endsWith('.d.ts')) out.push(full);
    }
  };
  walk(path.join(ROOT, dir));
  return out;
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs: string[] = [];
  for (const m of text.matchAll(/(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]/g)) specs.push(m[1]);
  for (const m of text.matchAll(/(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g)) specs.push(m[1]);
  for (const m of text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) specs.push(m[1]);
  return specs;
}

function violations(dir: string, forbidden: (spec: string) => boolean): string[] {
  const bad: string[] = [];
  // Build configuration runs in Node at build time, not in the app.
  for (const f of sources(dir).filter((x) => !x.endsWith('vite.config.ts'))) {
    for (const spec of imports(f)) if (forbidden(spec)) bad.push(`${path.relative(ROOT, f)} imports ${spec}`);
  }
  return bad;
}

const NODE_BUILTINS = /^(node:|fs$|path$|os$|child_process$|worker_threads$|crypto$|http$|url$)/;

describe('layering rules', () => {
  it('shared/ is pure: no Node, Electron, DOM frameworks or database', () => {
    expect(
      violations('shared', (s) => NODE_BUILTINS.test(s) || /^(electron|better-sqlite3|react|react-dom|ol)(\/|$)/.test(s)),
    ).toEqual([]);
  });
  it('renderer/ never imports electron, node:* or better-sqlite3', () => {
    expect(violations('renderer', (s) => NODE_BUILTINS.test(s) || /^(electron|better-sqlite3)(\/|$)/.test(s))).toEqual([]);
  });
  it('electron/services/ never imports electron', () => {
    expect(violations('electron/services', (s) => /^electron(\/|$)/.test(s))).toEqual([]);
  });
  it('only the Electron edge files import electron', () => {
    const allowed = new Set(['main.ts', 'preload.cts', 'ipc.ts', 'menu.ts', 'security.ts']);
    const bad = sources('electron')
      .filter((f) => !allowed.has(path.relative(path.join(ROOT, 'electron'), f)))
      .filter((f) => imports(f).some((s) => /^electron(\/|$)/.test(s)));
    expect(bad.map((f) => path.relative(ROOT, f))).toEqual([]);
  });
});
