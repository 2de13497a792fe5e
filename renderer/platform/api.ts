/**
 * Where `api` comes from. This is the only renderer module that knows about the two shells:
 * - Electron: the preload exposes `window.parceldesk.invoke(name, req)` and `onMenuCommand(cb)`;
 * - browser (loopback web bridge): `POST /api/<name>` with the session token taken from the page URL
 *   fragment `#token=…` on first load.
 * Both answer `{ ok: true, value } | { ok: false, error: ErrorPayload }`; failures become an {@link ApiError}.
 * Binary methods (the parcel layer pages) answer an ArrayBuffer: inside the envelope over Electron IPC,
 * as the whole application/octet-stream body over the web bridge.
 */
import {
  METHOD_NAMES,
  isBinaryMethod,
  isMenuCommand,
  type Api,
  type BridgeResult,
  type MenuCommand,
  type MethodName,
  type PreloadBridge,
  type RequestOf,
  type ResponseOf,
} from '../../shared/ipc/contract.js';
import type { ErrorPayload } from '../../shared/errors.js';

declare global {
  interface Window {
    parceldesk?: PreloadBridge;
  }
}

/** A failed API call, carrying the service's error payload (message in Vietnamese and English). */
export class ApiError extends Error {
  readonly payload: ErrorPayload;
  readonly method: string;
  constructor(method: string, payload: ErrorPayload) {
    super(payload.message);
    this.name = 'ApiError';
    this.method = method;
    this.payload = payload;
  }
}

const TOKEN_KEY = 'parceldesk.token';

/**
 * Reads the web-bridge token from `#token=…`, keeps it in sessionStorage (so a reload still works)
 * and removes it from the address bar so it does not end up in screenshots or history.
 */
export function takeBridgeToken(): string | null {
  const hash = window.location.hash.replace(/^#/, '');
  const fromHash = new URLSearchParams(hash).get('token');
  if (fromHash) {
    sessionStorage.setItem(TOKEN_KEY, fromHash);
    const url = window.location.pathname + window.location.search;
    window.history.replaceState(null, '', url);
    return fromHash;
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

function networkError(method: string, detail: string): ApiError {
  return new ApiError(method, {
    code: 'internal',
    params: { detail },
    message: `Lỗi kết nối tới dịch vụ (${method}): ${detail}`,
    messageEn: `Cannot reach the service (${method}): ${detail}`,
  });
}

function unwrap<T>(method: string, envelope: BridgeResult<unknown>): T {
  if (envelope && envelope.ok === true) return envelope.value as T;
  if (envelope && envelope.ok === false && envelope.error) throw new ApiError(method, envelope.error);
  throw networkError(method, 'malformed answer');
}

type Invoke = (name: MethodName, req: unknown) => Promise<unknown>;

function electronInvoke(bridge: PreloadBridge): Invoke {
  return async (name, req) => unwrap(name, await bridge.invoke(name, req as never));
}

function webInvoke(token: string | null): Invoke {
  return async (name, req) => {
    let res: Response;
    try {
      res = await fetch(`./api/${name}`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          ...(token ? { 'X-ParcelDesk-Token': token } : {}),
        },
        body: JSON.stringify(req ?? {}),
      });
    } catch (err) {
      throw networkError(name, err instanceof Error ? err.message : String(err));
    }
    const type = (res.headers.get('Content-Type') ?? '').split(';')[0].trim().toLowerCase();
    if (res.ok && type === 'application/octet-stream' && isBinaryMethod(name)) {
      try {
        return await res.arrayBuffer();
      } catch (err) {
        throw networkError(name, err instanceof Error ? err.message : String(err));
      }
    }
    let body: BridgeResult<unknown>;
    try {
      body = (await res.json()) as BridgeResult<unknown>;
    } catch {
      throw networkError(name, `HTTP ${res.status}`);
    }
    return unwrap(name, body);
  };
}

function buildApi(invoke: Invoke): Api {
  const api = {} as Record<MethodName, (req: unknown) => Promise<unknown>>;
  for (const name of METHOD_NAMES) api[name] = (req) => invoke(name, req);
  return api as unknown as Api;
}

/** Which shell the renderer runs in. */
export const shellKind: 'electron' | 'web' = typeof window !== 'undefined' && window.parceldesk ? 'electron' : 'web';

/** The typed API; every method of shared/ipc/contract.ts. */
export const api: Api = buildApi(
  shellKind === 'electron' ? electronInvoke(window.parceldesk!) : webInvoke(takeBridgeToken()),
);

/** Typed single call, for code that picks the method by name. */
export function call<K extends MethodName>(name: K, req: RequestOf<K>): Promise<ResponseOf<K>> {
  return (api[name] as (r: RequestOf<K>) => Promise<ResponseOf<K>>)(req);
}

/**
 * Subscribes to application-menu commands (Electron only; the browser has no native menu).
 * Returns an unsubscribe function.
 */
export function onMenuCommand(cb: (command: MenuCommand) => void): () => void {
  const off = window.parceldesk?.onMenuCommand?.((command) => {
    if (isMenuCommand(command)) cb(command);
  });
  return typeof off === 'function' ? off : () => {};
}
