/**
 * The loopback web bridge: the same renderer and the same services as the desktop app, in a
 * browser, for machines where the Electron binary cannot be downloaded and for the end-to-end tests.
 *
 * It is a local application server, so it defends like one: bound to 127.0.0.1 only, a per-run
 * random token on every API call (handed over in the URL fragment, which browsers never send to
 * servers or logs), a Host check against DNS rebinding, an Origin check and a JSON-only content
 * type on POST (cross-site forms cannot send it), no CORS headers at all, bounded bodies.
 *
 * Protocol (docs/architecture.md, "Shells"): `POST /api/<method>` with header
 * `X-ParcelDesk-Token: <token>` and `Content-Type: application/json`, body = the request object;
 * the response body is `{ ok: true, value } | { ok: false, error: ErrorPayload }`, except that a
 * successful call of a binary method (the parcel layer pages) answers its bytes as
 * application/octet-stream.
 */
import http from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { isBinaryMethod, isMethodName, type Api, type BridgeResult } from '../../shared/ipc/contract.js';
import { UserError, toErrorPayload } from '../../shared/errors.js';
import { MAX_PAYLOAD_BYTES, callApi, refusal } from '../ipc.js';
import { securityHeaders } from '../security.js';
import { readStaticFile } from './static.js';

/** The only interface the bridge ever listens on. */
export const LOOPBACK_HOST = '127.0.0.1';
export const TOKEN_HEADER = 'x-parceldesk-token';
const API_PREFIX = '/api/';

export interface WebServerOptions {
  /** The services every API call goes to. */
  api: Api;
  /** The built renderer (build/renderer). */
  staticDir: string;
  /** 0 or absent: a free port chosen by the OS. */
  port?: number;
  /** A fixed token (tests); by default 32 random bytes, new on every run. */
  token?: string;
  /** Only 127.0.0.1 is accepted; present so a caller asking for anything else fails loudly. */
  host?: string;
  /** Largest JSON body accepted, bytes. */
  maxBodyBytes?: number;
}

export interface WebServer {
  /** `http://127.0.0.1:PORT/#token=…`, the address to open. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** Start the bridge; resolves once it listens. Importing this module has no side effects. */
export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  const host = opts.host ?? LOOPBACK_HOST;
  if (host !== LOOPBACK_HOST) throw new UserError('web.loopbackOnly', { host });
  const port = opts.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UserError('web.badPort', { port: String(port) });
  const token = opts.token ?? randomBytes(32).toString('base64url');
  if (token.length < 16) throw new Error('web bridge token must be at least 16 characters');
  const maxBodyBytes = opts.maxBodyBytes ?? MAX_PAYLOAD_BYTES;

  const server = http.createServer();
  let actualPort = 0;
  const handler = requestHandler({ api: opts.api, staticDir: opts.staticDir, token, maxBodyBytes, port: () => actualPort });
  server.on('request', (req, res) => {
    handler(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: toErrorPayload(err) });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      reject(err.code === 'EADDRINUSE' ? new UserError('web.portInUse', { port }) : err);
    };
    server.once('error', onError);
    server.listen({ host: LOOPBACK_HOST, port, exclusive: true }, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  if (address.address !== LOOPBACK_HOST) {
    server.close();
    throw new UserError('web.loopbackOnly', { host: address.address });
  }
  actualPort = address.port;
  return {
    url: `http://${LOOPBACK_HOST}:${actualPort}/#token=${token}`,
    port: actualPort,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

interface HandlerContext {
  api: Api;
  staticDir: string;
  token: string;
  maxBodyBytes: number;
  port: () => number;
}

function requestHandler(ctx: HandlerContext) {
  const tokenBytes = Buffer.from(ctx.token);
  return async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const port = ctx.port();
    const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`];
    const hostHeader = (req.headers.host ?? '').toLowerCase();
    if (!allowedHosts.includes(hostHeader)) {
      return sendJson(res, 403, refusal('bridge.forbidden', { method: req.url ?? '', detail: `Host header ${JSON.stringify(hostHeader)} is not this server` }));
    }
    const url = new URL(req.url ?? '/', `http://${hostHeader}`);

    if (url.pathname.startsWith(API_PREFIX)) {
      const method = url.pathname.slice(API_PREFIX.length);
      if (req.method !== 'POST') {
        res.setHeader('Allow', 'POST');
        return sendJson(res, 405, refusal('bridge.forbidden', { method, detail: `HTTP ${req.method} is not allowed, use POST` }));
      }
      const origin = req.headers.origin;
      if (origin !== undefined && !allowedHosts.some((h) => origin === `http://${h}`)) {
        return sendJson(res, 403, refusal('bridge.forbidden', { method, detail: `Origin ${JSON.stringify(origin)} is not this server` }));
      }
      const given = req.headers[TOKEN_HEADER];
      const givenBytes = Buffer.from(typeof given === 'string' ? given : '');
      if (givenBytes.length !== tokenBytes.length || !timingSafeEqual(givenBytes, tokenBytes)) {
        return sendJson(res, 401, refusal('bridge.unauthorized', {}));
      }
      const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (contentType !== 'application/json') {
        return sendJson(res, 415, refusal('bridge.badPayload', { method, detail: 'Content-Type must be application/json' }));
      }
      const body = await readBody(req, ctx.maxBodyBytes);
      if (body === null) {
        res.setHeader('Connection', 'close');
        sendJson(res, 413, refusal('bridge.tooLarge', { method, limit: ctx.maxBodyBytes }));
        return;
      }
      let payload: unknown;
      try {
        payload = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
      } catch (err) {
        return sendJson(res, 400, refusal('bridge.badPayload', { method, detail: `body is not JSON (${(err as Error).message})` }));
      }
      const result = await callApi(ctx.api, method, payload, ctx.maxBodyBytes);
      if (result.ok && isMethodBinary(method) && result.value instanceof ArrayBuffer) return sendBytes(res, result.value);
      const status = result.ok ? 200 : statusOfRefusal(result.error.code);
      return sendJson(res, status, result);
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return sendText(res, 405, 'Method Not Allowed');
    }
    const file = await readStaticFile(ctx.staticDir, url.pathname);
    if (!file) return sendText(res, 404, 'Not Found');
    res.writeHead(200, {
      ...securityHeaders(),
      'Content-Type': file.contentType,
      'Content-Length': String(file.body.length),
      'Cache-Control': 'no-cache',
    });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  };
}

/** Bridge refusals map to HTTP statuses; service errors are a successful call with ok: false. */
function statusOfRefusal(code: string): number {
  switch (code) {
    case 'bridge.unknownMethod':
      return 404;
    case 'bridge.badPayload':
      return 400;
    case 'bridge.tooLarge':
      return 413;
    default:
      return 200;
  }
}

/** The whole body, or null once it exceeds the limit (the rest is not buffered). */
function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer | null> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.resolve(null);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        resolve(null);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!done) resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}

function sendJson(res: http.ServerResponse, status: number, body: BridgeResult<unknown>): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...securityHeaders(),
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

function isMethodBinary(method: string): boolean {
  return isMethodName(method) && isBinaryMethod(method);
}

function sendBytes(res: http.ServerResponse, bytes: ArrayBuffer): void {
  res.writeHead(200, {
    ...securityHeaders(),
    'Content-Type': 'application/octet-stream',
    'Content-Length': String(bytes.byteLength),
    'Cache-Control': 'no-store',
  });
  res.end(Buffer.from(bytes));
}

function sendText(res: http.ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    ...securityHeaders(),
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
  });
  res.end(text);
}
