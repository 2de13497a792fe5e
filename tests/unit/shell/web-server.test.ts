import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { METHOD_NAMES } from '../../../shared/ipc/contract.js';
import { startWebServer, type WebServer } from '../../../electron/web/server.js';
import { defaultUserDataDir, parseWebArgs } from '../../../electron/web.js';
import { fakeApi, fakeLayerPage } from './fake-api.js';
import { decodeParcelLayerPage } from '../../../shared/ipc/parcel-layer-page.js';

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  bytes: Buffer;
}

/** A raw request, so tests control Host, Origin and the path exactly as an attacker could. */
function raw(port: number, opts: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers, setHost: !opts.headers?.Host },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const bytes = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: bytes.toString('utf8'), bytes });
        });
      },
    );
    req.on('error', reject);
    if (opts.body !== undefined) req.end(opts.body);
    else req.end();
  });
}

describe('loopback web bridge', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pd-web-'));
  const staticDir = path.join(dir, 'renderer');
  mkdirSync(path.join(staticDir, 'assets'), { recursive: true });
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>ParcelDesk</title>');
  writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(dir, 'secret.txt'), 'TOP SECRET');

  const fake = fakeApi();
  let server: WebServer;
  const api = (method: string, body: unknown, headers: Record<string, string> = {}) =>
    raw(server.port, {
      method: 'POST',
      path: `/api/${method}`,
      headers: { 'Content-Type': 'application/json', 'X-ParcelDesk-Token': server.token, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  beforeAll(async () => {
    server = await startWebServer({ api: fake.api, staticDir });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('listens on 127.0.0.1 only and hands the token over in the URL fragment', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/#token=${server.token}`);
    expect(server.port).toBeGreaterThan(0);
    expect(server.token.length).toBeGreaterThanOrEqual(32);
  });

  it('cannot be bound to another interface', async () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.10', 'localhost']) {
      await expect(startWebServer({ api: fake.api, staticDir, host }), host).rejects.toMatchObject({ code: 'web.loopbackOnly' });
    }
    await expect(startWebServer({ api: fake.api, staticDir, port: 70000 })).rejects.toMatchObject({ code: 'web.badPort' });
    await expect(startWebServer({ api: fake.api, staticDir, port: server.port })).rejects.toMatchObject({ code: 'web.portInUse' });
    expect(() => parseWebArgs(['--host', '0.0.0.0'])).toThrow(/127\.0\.0\.1/);
  });

  it('draws a new token on every run', async () => {
    const other = await startWebServer({ api: fake.api, staticDir });
    try {
      expect(other.token).not.toBe(server.token);
      expect(other.port).not.toBe(server.port);
    } finally {
      await other.close();
    }
  });

  it('round-trips a real call for every contract method', async () => {
    for (const method of METHOD_NAMES) {
      const r = await api(method, { fid: 7, tag: method });
      expect(r.status, method).toBe(200);
      expect(JSON.parse(r.body)).toEqual({ ok: true, value: { echo: method, req: { fid: 7, tag: method } } });
      expect(r.headers['access-control-allow-origin']).toBeUndefined();
      expect(r.headers['cache-control']).toBe('no-store');
    }
    const origin = await api('history', {}, { Origin: `http://localhost:${server.port}`, Host: `localhost:${server.port}` });
    expect(origin.status).toBe(200);
  });

  it('answers the binary parcel layer page as application/octet-stream, byte for byte', async () => {
    const r = await api('getParcelLayer', { offset: 0, limit: 10 });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/octet-stream');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['cache-control']).toBe('no-store');
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
    expect(Number(r.headers['content-length'])).toBe(r.bytes.length);
    expect(r.bytes.equals(Buffer.from(fakeLayerPage()))).toBe(true);
    const page = decodeParcelLayerPage(new Uint8Array(r.bytes));
    expect([page.fids[0], page.landType(0), page.area(0)]).toEqual([42, 'Đất ở', 45.5]);
    expect(page.geometry(0)?.coordinates[0]).toContainEqual([548000.125, 1774000.5]);
  });

  it('answers a failing binary call with the JSON envelope, and guards it like every call', async () => {
    const failed = await api('getParcelLayer', { offset: -1, limit: 10 });
    expect(failed.status).toBe(200);
    expect(failed.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(failed.body)).toMatchObject({ ok: false, error: { code: 'project.notOpen' } });
    const noToken = await raw(server.port, {
      method: 'POST',
      path: '/api/getParcelLayer',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ offset: 0, limit: 10 }),
    });
    expect(noToken.status).toBe(401);
    expect(noToken.headers['content-type']).toMatch(/^application\/json/);
    const rebound = await api('getParcelLayer', { offset: 0, limit: 10 }, { Host: `evil.example:${server.port}` });
    expect(rebound.status).toBe(403);
    expect(rebound.bytes.includes(Buffer.from('PDLP'))).toBe(false);
  });

  it('carries service errors in the envelope', async () => {
    const r = await api('getParcel', { fid: 404 });
    expect(r.status).toBe(200);
    const body = JSON.parse(r.body);
    expect(body).toMatchObject({ ok: false, error: { code: 'parcel.notFound', params: { fid: 404 } } });
    expect(body.error.message).toContain('404');
  });

  it('requires the token (401 without or with a wrong one)', async () => {
    const before = fake.calls.length;
    const missing = await raw(server.port, { method: 'POST', path: '/api/openSampleProject', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(missing.status).toBe(401);
    expect(JSON.parse(missing.body)).toMatchObject({ ok: false, error: { code: 'bridge.unauthorized' } });
    const wrong = await api('openSampleProject', {}, { 'X-ParcelDesk-Token': 'x'.repeat(server.token.length) });
    expect(wrong.status).toBe(401);
    const short = await api('openSampleProject', {}, { 'X-ParcelDesk-Token': server.token.slice(0, 10) });
    expect(short.status).toBe(401);
    expect(fake.calls.length).toBe(before);
  });

  it('refuses foreign Host headers (DNS rebinding) with 403, on pages and API alike', async () => {
    for (const host of ['evil.example', `evil.example:${server.port}`, `127.0.0.1:${server.port + 1}`, '127.0.0.1', `0.0.0.0:${server.port}`]) {
      const page = await raw(server.port, { path: '/index.html', headers: { Host: host } });
      expect(page.status, host).toBe(403);
      const call = await api('history', {}, { Host: host });
      expect(call.status, host).toBe(403);
    }
  });

  it('refuses cross-origin POSTs and non-JSON bodies', async () => {
    const before = fake.calls.length;
    expect((await api('undo', {}, { Origin: 'https://evil.example' })).status).toBe(403);
    expect((await api('undo', {}, { Origin: 'null' })).status).toBe(403);
    expect((await api('undo', {}, { Origin: `http://127.0.0.1:${server.port + 1}` })).status).toBe(403);
    // A cross-site HTML form can only send these types; they never reach the services.
    expect((await api('undo', 'a=1', { 'Content-Type': 'application/x-www-form-urlencoded' })).status).toBe(415);
    expect((await api('undo', '{}', { 'Content-Type': 'text/plain' })).status).toBe(415);
    expect(fake.calls.length).toBe(before);
  });

  it('answers unknown methods with 404 and wrong verbs with 405', async () => {
    const unknown = await api('dropEverything', {});
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { code: 'bridge.unknownMethod' } });
    expect((await api('toString', {})).status).toBe(404);
    expect((await api('__proto__', {})).status).toBe(404);
    const get = await raw(server.port, { path: '/api/history', headers: { 'X-ParcelDesk-Token': server.token } });
    expect(get.status).toBe(405);
    const options = await raw(server.port, { method: 'OPTIONS', path: '/api/history' });
    expect(options.status).toBe(405);
    expect(options.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('rejects bad payloads with 400 and oversized bodies with 413', async () => {
    const before = fake.calls.length;
    for (const body of ['{not json', '[1,2]', '"text"', '42', 'null', '{"__proto__":{"x":1}}', '{"changes":{"constructor":{}}}']) {
      const r = await api('updateParcelAttributes', body);
      expect(r.status, body).toBe(400);
      expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'bridge.badPayload' } });
    }
    const big = await api('searchParcels', { sheet: 'x'.repeat(2 * 1024 * 1024) });
    expect(big.status).toBe(413);
    expect(JSON.parse(big.body)).toMatchObject({ ok: false, error: { code: 'bridge.tooLarge' } });
    expect(fake.calls.length).toBe(before);
    // An empty body is the empty request.
    expect((await api('history', '')).status).toBe(200);
  });

  it('serves the renderer with security headers', async () => {
    const index = await raw(server.port, { path: '/' });
    expect(index.status).toBe(200);
    expect(index.body).toContain('<title>ParcelDesk</title>');
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index.headers['content-security-policy']).toContain("script-src 'self'");
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    expect(index.headers['access-control-allow-origin']).toBeUndefined();
    const js = await raw(server.port, { path: '/assets/app.js' });
    expect(js.headers['content-type']).toMatch(/^text\/javascript/);
    expect((await raw(server.port, { path: '/assets/missing.js' })).status).toBe(404);
    expect((await raw(server.port, { method: 'PUT', path: '/index.html', body: 'x' })).status).toBe(405);
  });

  it('refuses static traversal', async () => {
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/..%5csecret.txt', '/assets/%2E%2E/%2E%2E/secret.txt']) {
      const r = await raw(server.port, { path: p });
      expect(r.status, p).toBe(404);
      expect(r.body).not.toContain('TOP SECRET');
    }
  });
});

describe('npm run web arguments', () => {
  it('parses the documented options', () => {
    expect(parseWebArgs([])).toEqual({ project: null, port: 0, open: false, userData: null, help: false });
    expect(parseWebArgs(['--project', 'a.gpkg', '--port', '8123', '--open', '--user-data=/tmp/pd'])).toEqual({
      project: 'a.gpkg',
      port: 8123,
      open: true,
      userData: '/tmp/pd',
      help: false,
    });
    expect(parseWebArgs(['Xa Hoa Vang.GPKG']).project).toBe('Xa Hoa Vang.GPKG');
  });

  it('refuses bad usage with a usage error', () => {
    expect(() => parseWebArgs(['--port', 'abc'])).toThrow(/abc/);
    expect(() => parseWebArgs(['--port', '99999'])).toThrow(/99999/);
    expect(() => parseWebArgs(['--project'])).toThrow(/--project/);
    expect(() => parseWebArgs(['--frobnicate'])).toThrow(/--frobnicate/);
  });

  it('shares the desktop app settings folder', () => {
    expect(defaultUserDataDir({ XDG_CONFIG_HOME: '/cfg' }, 'linux')).toBe(path.join('/cfg', 'ParcelDesk'));
    expect(defaultUserDataDir({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32')).toBe(path.join('C:\\Users\\u\\AppData\\Roaming', 'ParcelDesk'));
  });
});
