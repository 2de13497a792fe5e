import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  APP_ENTRY_URL,
  contentSecurityPolicy,
  isAllowedNavigation,
  isAppUrl,
  secureWebPreferences,
  securityHeaders,
  windowOpenDecision,
} from '../../../electron/security.js';
import { contentTypeOf, readStaticFile, resolveStaticPath } from '../../../electron/web/static.js';

describe('window policy', () => {
  it('runs every window isolated, sandboxed and without Node', () => {
    const prefs = secureWebPreferences('/x/preload.cjs');
    expect(prefs).toMatchObject({
      preload: '/x/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('has a CSP with only self scripts and no remote connections', () => {
    const csp = contentSecurityPolicy();
    const directives = Object.fromEntries(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['connect-src']).toEqual(["'self'"]);
    expect(directives['img-src']).toEqual(["'self'", 'data:', 'blob:']);
    expect(directives['worker-src']).toEqual(["'self'", 'blob:']);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(csp).not.toMatch(/unsafe-eval/);
    // The served policy differs only by the optional basemap's tile server, named exactly.
    expect(securityHeaders()['Content-Security-Policy']).toBe(csp.replace("img-src 'self' data: blob:", "img-src 'self' data: blob: https://tile.openstreetmap.org"));
    expect(securityHeaders()['X-Content-Type-Options']).toBe('nosniff');
  });

  it('adds a basemap origin only when it is a plain https origin', () => {
    expect(contentSecurityPolicy(['https://tile.openstreetmap.org'])).toContain("img-src 'self' data: blob: https://tile.openstreetmap.org;");
    expect(() => contentSecurityPolicy(['*'])).toThrow();
    expect(() => contentSecurityPolicy(["https://a.org; script-src 'unsafe-inline'"])).toThrow();
    expect(() => contentSecurityPolicy(['http://tiles.example'])).toThrow();
  });

  it('allows navigation only inside app://parceldesk', () => {
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true);
    expect(isAllowedNavigation('app://parceldesk/assets/x.js')).toBe(true);
    for (const url of ['https://example.com/', 'file:///etc/passwd', 'app://other/index.html', 'javascript:alert(1)', 'not a url', 'http://127.0.0.1/']) {
      expect(isAllowedNavigation(url), url).toBe(false);
    }
  });

  it('never opens new windows; https links go to the browser', () => {
    expect(windowOpenDecision('https://www.openstreetmap.org/copyright')).toBe('open-externally');
    expect(windowOpenDecision('http://example.com/')).toBe('deny');
    expect(windowOpenDecision('file:///c:/windows')).toBe('deny');
    expect(windowOpenDecision('app://parceldesk/index.html')).toBe('deny');
    expect(windowOpenDecision('garbage')).toBe('deny');
  });
});

describe('static file mapping', () => {
  const root = path.resolve('/srv/renderer');

  it('maps ordinary paths inside the root', () => {
    expect(resolveStaticPath(root, '/')).toBe(path.join(root, 'index.html'));
    expect(resolveStaticPath(root, '/index.html')).toBe(path.join(root, 'index.html'));
    expect(resolveStaticPath(root, '/assets/app-1a2b.js')).toBe(path.join(root, 'assets', 'app-1a2b.js'));
    expect(resolveStaticPath(root, '/assets/')).toBe(path.join(root, 'assets', 'index.html'));
    expect(resolveStaticPath(root, '/fonts/B%C3%A0n%20%C4%91%E1%BB%93.woff2')).toBe(path.join(root, 'fonts', 'Bàn đồ.woff2'));
  });

  it('refuses every traversal spelling', () => {
    for (const p of [
      '/../package.json',
      '/assets/../../etc/passwd',
      '/%2e%2e/package.json',
      '/%2E%2E/%2E%2E/etc/passwd',
      '/..%2fpackage.json',
      '/assets%2f..%2f..%2fx',
      '/..%5c..%5cwindows',
      '/a\\..\\..\\b',
      '/index.html%00.png',
      '/.env',
      '/.git/config',
      '/%E0%A4%A', // malformed escape
      'index.html', // not absolute
    ]) {
      expect(resolveStaticPath(root, p), p).toBeNull();
    }
  });

  it('refuses a symlink that leads out of the root', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pd-static-'));
    const www = path.join(dir, 'www');
    mkdirSync(www);
    writeFileSync(path.join(www, 'index.html'), '<!doctype html>');
    writeFileSync(path.join(dir, 'secret.txt'), 'secret');
    symlinkSync(path.join(dir, 'secret.txt'), path.join(www, 'leak.txt'));
    expect((await readStaticFile(www, '/index.html'))?.contentType).toBe('text/html; charset=utf-8');
    expect(await readStaticFile(www, '/leak.txt')).toBeNull();
    expect(await readStaticFile(www, '/missing.js')).toBeNull();
    // A directory is not a file.
    mkdirSync(path.join(www, 'sub'));
    expect(await readStaticFile(www, '/sub')).toBeNull();
  });

  it('names the content types the renderer needs', () => {
    expect(contentTypeOf('a.js')).toMatch(/^text\/javascript/);
    expect(contentTypeOf('a.CSS')).toMatch(/^text\/css/);
    expect(contentTypeOf('a.wasm')).toBe('application/wasm');
    expect(contentTypeOf('a.unknown')).toBe('application/octet-stream');
  });
});
