/**
 * better-sqlite3 is a native addon; `npm ci` builds it for Node (CLI, web, tests). Electron's main
 * process has its own ABI and needs its own build. Installers get one from electron-builder (it
 * rebuilds native modules when packaging); for `npm start` in a checkout we build a separate copy
 * for the Electron version once, under build/native/, without touching the Node one, and hand its
 * path to the services through PARCELDESK_SQLITE_BINDING (electron/services/sqlite.ts).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export interface NativeBuild {
  binding: string | null;
  /** Why there is no binding (one line), when binding is null. */
  reason: string | null;
}

/** node-gyp as shipped inside npm (npm itself builds native addons with it). */
function nodeGypScript(): string | null {
  const candidates = [
    path.join(path.dirname(process.execPath), '../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js'),
    path.join(path.dirname(process.execPath), 'node_modules/npm/node_modules/node-gyp/bin/node-gyp.js'),
  ];
  try {
    candidates.unshift(createRequire(import.meta.url).resolve('node-gyp/bin/node-gyp.js'));
  } catch {
    // not a direct dependency; npm's copy is fine
  }
  return candidates.find((c) => existsSync(c)) ?? null;
}

export function electronSqliteBinding(root: string, electronVersion: string): string {
  return path.join(root, 'build', 'native', `electron-${electronVersion}`, 'better_sqlite3.node');
}

/**
 * Return the Electron build of the addon, building it on first use (needs the Electron headers
 * from electronjs.org and a C++ toolchain, as `npm ci` already needed for Node).
 */
export function ensureElectronSqlite(root: string, electronVersion: string, print: (line: string) => void): NativeBuild {
  const target = electronSqliteBinding(root, electronVersion);
  if (existsSync(target)) return { binding: target, reason: null };
  let source: string;
  try {
    source = path.dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json'));
  } catch {
    return { binding: null, reason: 'better-sqlite3 is not installed' };
  }
  const gyp = nodeGypScript();
  if (!gyp) return { binding: null, reason: 'node-gyp not found' };
  const work = path.join(root, 'build', 'native', `better-sqlite3-electron-${electronVersion}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(path.dirname(work), { recursive: true });
  cpSync(source, work, { recursive: true, filter: (src) => !src.includes(`${path.sep}build${path.sep}`) });
  print(`Đang biên dịch better-sqlite3 cho Electron ${electronVersion}… / Building better-sqlite3 for Electron ${electronVersion}…`);
  const r = spawnSync(
    process.execPath,
    [gyp, 'rebuild', '--release', '--runtime=electron', `--target=${electronVersion}`, '--dist-url=https://electronjs.org/headers'],
    { cwd: work, stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8', timeout: 20 * 60_000 },
  );
  const built = path.join(work, 'build', 'Release', 'better_sqlite3.node');
  if (r.status !== 0 || !existsSync(built)) {
    const line = (r.stderr ?? '').split('\n').map((l) => l.trim()).filter((l) => /err/i.test(l))[0];
    return { binding: null, reason: line || r.error?.message || `node-gyp exited with ${r.status}` };
  }
  mkdirSync(path.dirname(target), { recursive: true });
  cpSync(built, target);
  rmSync(work, { recursive: true, force: true });
  return { binding: target, reason: null };
}
