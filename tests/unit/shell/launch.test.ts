import { describe, expect, it } from 'vitest';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { electronExecutable, launchDesktop, projectFromArgv } from '../../../electron/launch.js';

/** A stand-in for node_modules/electron whose install.js behaves as told. */
function fakeElectronPackage(installScript: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pd-electron-'));
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'electron', version: '0.0.0-test' }));
  writeFileSync(path.join(dir, 'install.js'), installScript);
  return dir;
}

/** An install.js that "downloads" a fake Electron: a shell script recording the arguments it got. */
const INSTALL_FAKE_BINARY = `
const fs = require('fs'); const path = require('path');
fs.mkdirSync(path.join(__dirname, 'dist'), { recursive: true });
const exe = path.join(__dirname, 'dist', 'electron');
fs.writeFileSync(exe, '#!/bin/sh\\nprintf "%s\\\\n" "$@" > "' + path.join(__dirname, 'args.txt') + '"\\nexit 3\\n');
fs.chmodSync(exe, 0o755);
fs.writeFileSync(path.join(__dirname, 'path.txt'), 'electron');
`;

describe('npm start launcher', () => {
  it('says in both languages to use npm run web when Electron cannot be downloaded', async () => {
    const dir = fakeElectronPackage(
      "process.stderr.write('RequestError: getaddrinfo ENOTFOUND github.com\\n    at ClientRequest.<anonymous>\\n'); process.exit(1);",
    );
    const lines: string[] = [];
    const code = await launchDesktop({ args: ['x.gpkg'], electronDir: dir, env: { PATH: process.env.PATH }, print: (l) => lines.push(l) });
    const out = lines.join('\n');
    expect(code).not.toBe(0);
    expect(out).toContain('Đang tải Electron');
    expect(out).toContain('Downloading Electron');
    expect(out).toContain('Không tải được giao diện máy tính Electron');
    expect(out).toContain('could not be downloaded');
    expect(out.match(/npm run web/g)?.length).toBe(2);
    expect(out).toContain('getaddrinfo ENOTFOUND github.com');
  });

  it('reports a skipped download and a missing electron package plainly', async () => {
    const dir = fakeElectronPackage('process.exit(0);');
    const lines: string[] = [];
    const code = await launchDesktop({
      args: [],
      electronDir: dir,
      env: { PATH: process.env.PATH, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
      print: (l) => lines.push(l),
    });
    expect(code).toBe(1);
    expect(lines.join('\n')).toContain('ELECTRON_SKIP_BINARY_DOWNLOAD');

    const none: string[] = [];
    expect(await launchDesktop({ args: [], electronDir: null, print: (l) => none.push(l) })).toBe(1);
    expect(none.join('\n')).toMatch(/npm run web[\s\S]*npm run web/);
  });

  it.skipIf(process.platform === 'win32')('downloads once, then runs main.js with the arguments and returns its exit code', async () => {
    const dir = fakeElectronPackage(INSTALL_FAKE_BINARY);
    expect(electronExecutable(dir, {})).toBeNull();
    const lines: string[] = [];
    const code = await launchDesktop({
      args: ['/data/Xã Hòa Vang.gpkg', '--lang=vi'],
      electronDir: dir,
      mainScript: '/app/build/electron/main.js',
      // An Electron build of better-sqlite3 is assumed present (building it needs the network).
      env: { PATH: process.env.PATH, ELECTRON_RUN_AS_NODE: '1', PARCELDESK_SQLITE_BINDING: '/fake/better_sqlite3.node' },
      print: (l) => lines.push(l),
    });
    expect(code).toBe(3);
    expect(lines.join('\n')).toContain('Đang tải Electron');
    expect(readFileSync(path.join(dir, 'args.txt'), 'utf8').split('\n').filter(Boolean)).toEqual([
      '/app/build/electron/main.js',
      '/data/Xã Hòa Vang.gpkg',
      '--lang=vi',
    ]);
    // Present now: the second start does not download again.
    writeFileSync(path.join(dir, 'install.js'), 'process.exit(9)');
    const again: string[] = [];
    expect(await launchDesktop({ args: [], electronDir: dir, mainScript: '/m.js', env: { PATH: process.env.PATH, PARCELDESK_SQLITE_BINDING: '/fake/better_sqlite3.node' }, print: (l) => again.push(l) })).toBe(3);
    expect(again).toEqual([]);
  });

  it('finds the binary like electron/index.js does, including ELECTRON_OVERRIDE_DIST_PATH', () => {
    const dir = fakeElectronPackage('');
    writeFileSync(path.join(dir, 'path.txt'), 'electron');
    expect(electronExecutable(dir, {})).toBeNull();
    mkdirSync(path.join(dir, 'dist'));
    writeFileSync(path.join(dir, 'dist', 'electron'), '');
    chmodSync(path.join(dir, 'dist', 'electron'), 0o755);
    expect(electronExecutable(dir, {})).toBe(path.join(dir, 'dist', 'electron'));
    const override = mkdtempSync(path.join(os.tmpdir(), 'pd-override-'));
    expect(electronExecutable(dir, { ELECTRON_OVERRIDE_DIST_PATH: override })).toBeNull();
    writeFileSync(path.join(override, 'electron'), '');
    expect(electronExecutable(dir, { ELECTRON_OVERRIDE_DIST_PATH: override })).toBe(path.join(override, 'electron'));
    expect(existsSync(path.join(dir, 'args.txt'))).toBe(false);
  });

  it('picks the project from a command line', () => {
    expect(projectFromArgv([])).toBeNull();
    expect(projectFromArgv(['--inspect', 'readme.txt'])).toBeNull();
    expect(projectFromArgv(['C:\\Dữ liệu\\Hòa Vang.GPKG'])).toBe('C:\\Dữ liệu\\Hòa Vang.GPKG');
    expect(projectFromArgv(['a.gpkg', '--flag', 'b.gpkg'])).toBe('b.gpkg');
    expect(projectFromArgv(['--x=a.gpkg'])).toBeNull();
  });
});
