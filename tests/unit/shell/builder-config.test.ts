/**
 * electron-builder.yml, checked offline: loaded and validated by electron-builder's own code
 * (getConfig + validateConfiguration against its scheme.json), the targets and options the release
 * needs, and every path it names.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CONFIG_FILE = path.join(ROOT, 'electron-builder.yml');
const require = createRequire(import.meta.url);

type Config = Record<string, any>;
const config: Config = YAML.parse(readFileSync(CONFIG_FILE, 'utf8'));
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { main: string; name: string };

interface BuilderConfigModule {
  getConfig(projectDir: string, configPath: string | null, configFromOptions: unknown): Promise<Config>;
  validateConfiguration(config: Config, debugLogger: { isEnabled: boolean; add(): void }): Promise<void>;
}
const builder = require('app-builder-lib/out/util/config/config.js') as BuilderConfigModule;
const quietLogger = { isEnabled: false, add: () => {} };

/** A glob as electron-builder's file patterns use it (`**`, `*`, `{a,b}`), to a RegExp. */
function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (glob.startsWith('**/', i)) {
      re += '(?:.*/)?';
      i += 2;
    } else if (glob.startsWith('**', i)) {
      re += '.*';
      i += 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '{') re += '(?:';
    else if (c === '}') re += ')';
    else if (c === ',') re += '|';
    else re += c.replace(/[.+^$()|[\]\\?]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Whether electron-builder's `files` list would pack a path (later patterns win, `!` excludes). */
function packed(file: string): boolean {
  let included = false;
  for (const pattern of config.files as string[]) {
    const negate = pattern.startsWith('!');
    if (globToRegExp(negate ? pattern.slice(1) : pattern).test(file)) included = !negate;
  }
  return included;
}

function pngSize(file: string): [number, number] {
  const b = readFileSync(file);
  expect(b.subarray(1, 4).toString('ascii')).toBe('PNG');
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

describe('electron-builder.yml', () => {
  it('is accepted by electron-builder itself, offline', async () => {
    const loaded = await builder.getConfig(ROOT, null, null);
    expect(loaded.appId).toBe('vn.parceldesk.app');
    await expect(builder.validateConfiguration(loaded, quietLogger)).resolves.toBeUndefined();
  });

  it('the validator really checks: broken variants are rejected', async () => {
    const variants: Config[] = [
      { ...config, bogusOption: true },
      { ...config, nsis: { ...config.nsis, oneClick: 'sometimes' } },
      { ...config, fileAssociations: [{ ...config.fileAssociations[0], role: 42, colour: 'red' }] },
    ];
    for (const v of variants) {
      await expect(builder.validateConfiguration(structuredClone(v), quietLogger)).rejects.toThrow(/configuration/);
    }
  });

  it('names the product and puts releases in release/', () => {
    expect(config.appId).toBe('vn.parceldesk.app');
    expect(config.productName).toBe('ParcelDesk');
    expect(config.directories.output).toBe('release');
    // electron-builder never packs its buildResources folder; it must not be our build/ output.
    expect(config.directories.buildResources).not.toBe('build');
    expect(statSync(path.join(ROOT, config.directories.buildResources)).isDirectory()).toBe(true);
  });

  it('builds the Windows NSIS installer and portable exe for x64', () => {
    const targets = (config.win.target as Array<{ target: string; arch: string[] }>).map((t) => [t.target, t.arch]);
    expect(targets).toEqual([
      ['nsis', ['x64']],
      ['portable', ['x64']],
    ]);
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true });
    expect(config.nsis.installerLanguages).toEqual(['vi_VN', 'en_US']);
  });

  it('builds a Linux AppImage and deb under Science', () => {
    expect((config.linux.target as Array<{ target: string }>).map((t) => t.target)).toEqual(['AppImage', 'deb']);
    expect(config.linux.category).toBe('Science');
    expect(config.linux.maintainer).toMatch(/<[^@\s]+@[^@\s]+>/);
  });

  it('associates .gpkg projects with ParcelDesk as editor', () => {
    expect(config.fileAssociations).toContainEqual(expect.objectContaining({ ext: 'gpkg', name: 'ParcelDesk project', role: 'Editor' }));
  });

  it('packs the compiled app without tests or source maps and unpacks better-sqlite3', () => {
    expect(packed(pkg.main)).toBe(true);
    expect(packed('build/electron/preload.cjs')).toBe(true);
    expect(packed('build/renderer/index.html')).toBe(true);
    expect(packed('build/shared/ipc/contract.js')).toBe(true);
    expect(packed('package.json')).toBe(true);
    expect(packed('build/electron/main.js.map')).toBe(false);
    expect(packed('build/tests/unit/x.test.js')).toBe(false);
    expect(packed('tests/unit/shell/ipc.test.ts')).toBe(false);
    expect(packed('electron/main.ts')).toBe(false);
    expect(config.asarUnpack).toContain('**/node_modules/better-sqlite3/**');
    expect(globToRegExp('**/node_modules/better-sqlite3/**').test('node_modules/better-sqlite3/build/Release/better_sqlite3.node')).toBe(true);
    expect(existsSync(path.join(ROOT, 'node_modules/better-sqlite3/package.json'))).toBe(true);
  });

  it('references only paths that exist (sources always, compiled output once built)', () => {
    const sources: Record<string, string> = {
      'build/electron/': 'electron/',
      'build/shared/': 'shared/',
      'build/renderer/': 'renderer/',
    };
    for (const pattern of (config.files as string[]).filter((p) => !p.startsWith('!'))) {
      const base = pattern.replace(/\*\*\/\*$/, '');
      const source = sources[base] ?? base;
      expect(existsSync(path.join(ROOT, source)), `${pattern} (source ${source})`).toBe(true);
    }
    expect(existsSync(path.join(ROOT, 'electron/main.ts'))).toBe(true);
    expect(existsSync(path.join(ROOT, 'electron/preload.cts'))).toBe(true);
    if (existsSync(path.join(ROOT, 'build/electron'))) {
      expect(existsSync(path.join(ROOT, pkg.main))).toBe(true);
      expect(existsSync(path.join(ROOT, 'build/electron/preload.cjs'))).toBe(true);
    }
    for (const extra of config.extraResources as Array<{ from: string }>) {
      expect(statSync(path.join(ROOT, extra.from)).isDirectory(), extra.from).toBe(true);
    }
  });

  it('has the icons each platform needs', () => {
    const [w, h] = pngSize(path.join(ROOT, config.win.icon));
    expect(w).toBe(h);
    expect(w).toBeGreaterThanOrEqual(256);
    const iconDir = path.join(ROOT, config.linux.icon);
    const sizes = readdirSync(iconDir)
      .filter((f) => /^\d+x\d+\.png$/.test(f))
      .map((f) => {
        const [pw, ph] = pngSize(path.join(iconDir, f));
        expect(f).toBe(`${pw}x${ph}.png`);
        return pw;
      });
    expect(sizes).toEqual(expect.arrayContaining([16, 32, 48, 64, 128, 256, 512]));
  });
});
