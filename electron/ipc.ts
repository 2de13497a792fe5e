/**
 * The bridge between a shell and the services, generated from the keys of shared/ipc/contract.ts:
 * one IPC handler per method in Electron, one `POST /api/<method>` route in the web bridge, both
 * going through `callApi`, so validation and error envelopes are identical in the two shells.
 *
 * Electron is only referenced through types and small structural interfaces here; main.ts passes in
 * the real ipcMain, window and dialog module, and the unit tests pass fakes.
 */
import type { IpcMain, IpcMainInvokeEvent, OpenDialogOptions, SaveDialogOptions } from 'electron';
import {
  METHOD_NAMES,
  channelOf,
  isMethodName,
  type Api,
  type BridgeResult,
  type MethodName,
  type RequestOf,
  type ResponseOf,
} from '../shared/ipc/contract.js';
import { UserError, toErrorPayload } from '../shared/errors.js';
import { formatMessage, type Locale } from '../shared/i18n/messages.js';
import { isAppUrl } from './security.js';

/** Largest request accepted from the renderer (JSON size or its in-memory estimate). */
export const MAX_PAYLOAD_BYTES = 1024 * 1024;
/** Deeper nesting than this is never produced by the contract and only serves to exhaust the stack. */
export const MAX_PAYLOAD_DEPTH = 32;

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Why a request was refused before reaching the services. */
export type PayloadProblem = { kind: 'bad'; detail: string } | { kind: 'too-large' };

/**
 * Check that a request is what the contract allows: a plain object tree of JSON values (plus
 * undefined properties, which structured clone keeps), no prototype-polluting keys, bounded depth
 * and size. Returns null when fine.
 */
export function checkPayload(value: unknown, maxBytes = MAX_PAYLOAD_BYTES): PayloadProblem | null {
  if (!isPlainObject(value)) return { kind: 'bad', detail: 'request must be a JSON object' };
  let budget = maxBytes;
  const walk = (v: unknown, where: string, depth: number): PayloadProblem | null => {
    if (depth > MAX_PAYLOAD_DEPTH) return { kind: 'bad', detail: `${where}: nested too deeply` };
    budget -= 8;
    if (v === null || typeof v === 'boolean') return budget < 0 ? { kind: 'too-large' } : null;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return { kind: 'bad', detail: `${where}: number must be finite` };
      return budget < 0 ? { kind: 'too-large' } : null;
    }
    if (typeof v === 'string') {
      budget -= v.length;
      return budget < 0 ? { kind: 'too-large' } : null;
    }
    if (Array.isArray(v)) {
      if (Object.getPrototypeOf(v) !== Array.prototype) return { kind: 'bad', detail: `${where}: not a plain array` };
      for (let i = 0; i < v.length; i++) {
        const p = walk(v[i], `${where}[${i}]`, depth + 1);
        if (p) return p;
      }
      return null;
    }
    if (isPlainObject(v)) {
      for (const key of Object.keys(v)) {
        if (FORBIDDEN_KEYS.has(key)) return { kind: 'bad', detail: `${where}.${key}: forbidden key` };
        budget -= key.length;
        const child = (v as Record<string, unknown>)[key];
        if (child === undefined) continue;
        const p = walk(child, `${where}.${key}`, depth + 1);
        if (p) return p;
      }
      return budget < 0 ? { kind: 'too-large' } : null;
    }
    return { kind: 'bad', detail: `${where}: ${typeof v === 'object' ? 'not a plain object' : typeof v} is not allowed` };
  };
  return walk(value, 'request', 0);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** A bridge refusal in the same envelope as service errors. */
export function refusal(code: 'bridge.unknownMethod' | 'bridge.badPayload' | 'bridge.tooLarge' | 'bridge.forbidden' | 'bridge.unauthorized', params: Record<string, string | number>): BridgeResult<never> {
  return { ok: false, error: toErrorPayload(new UserError(code, params)) };
}

/**
 * Call one contract method on the services with an untrusted name and payload. Never throws: bad
 * names and payloads and every service error come back as `{ ok: false, error }`.
 */
export async function callApi(api: Api, name: string, payload: unknown, maxBytes = MAX_PAYLOAD_BYTES): Promise<BridgeResult<unknown>> {
  if (!isMethodName(name)) return refusal('bridge.unknownMethod', { method: String(name).slice(0, 100) });
  const problem = checkPayload(payload, maxBytes);
  if (problem?.kind === 'too-large') return refusal('bridge.tooLarge', { method: name, limit: maxBytes });
  if (problem) return refusal('bridge.badPayload', { method: name, detail: problem.detail });
  try {
    const fn = api[name] as (req: unknown) => Promise<unknown>;
    const value = await fn.call(api, payload);
    return { ok: true, value: value === undefined ? null : value };
  } catch (err) {
    return { ok: false, error: toErrorPayload(err) };
  }
}

/** The parts of an Electron frame the sender check looks at (WebFrameMain satisfies it). */
export interface FrameLike {
  url: string;
  processId: number;
  routingId: number;
}
/** The parts of IpcMainInvokeEvent the handlers use. */
export interface InvokeEventLike {
  sender: { id: number };
  senderFrame: FrameLike | null;
}
/** The parts of BrowserWindow the sender check uses. */
export interface WindowLike {
  isDestroyed(): boolean;
  webContents: { id: number; mainFrame: FrameLike };
}

/**
 * Only the main frame of our own window, showing our own app:// page, may call the services: not
 * an iframe, not another webContents, not a page that somehow navigated elsewhere.
 */
export function trustedSender(getWindow: () => WindowLike | null): (event: InvokeEventLike) => boolean {
  return (event) => {
    const win = getWindow();
    if (!win || win.isDestroyed()) return false;
    const frame = event.senderFrame;
    if (!frame || event.sender.id !== win.webContents.id) return false;
    const main = win.webContents.mainFrame;
    return frame.processId === main.processId && frame.routingId === main.routingId && isAppUrl(frame.url);
  };
}

export type IpcHandler = (event: InvokeEventLike, payload: unknown) => Promise<BridgeResult<unknown>>;

/** One handler per contract method, keyed by its channel. */
export function buildIpcHandlers(api: Api, isTrusted: (event: InvokeEventLike) => boolean): Map<string, IpcHandler> {
  const handlers = new Map<string, IpcHandler>();
  for (const name of METHOD_NAMES) {
    handlers.set(channelOf(name), async (event, payload) => {
      if (!isTrusted(event)) return refusal('bridge.forbidden', { method: name, detail: 'sender is not the ParcelDesk window' });
      return callApi(api, name, payload);
    });
  }
  return handlers;
}

/** The ipcMain surface used for registration. */
export type IpcMainLike = Pick<IpcMain, 'handle' | 'removeHandler'>;

/** Register every contract method on ipcMain; returns a function that removes them again. */
export function registerIpc(ipcMain: IpcMainLike, api: Api, isTrusted: (event: InvokeEventLike) => boolean): () => void {
  const handlers = buildIpcHandlers(api, isTrusted);
  for (const [channel, handler] of handlers) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, payload: unknown) => handler(event, payload));
  }
  return () => {
    for (const channel of handlers.keys()) ipcMain.removeHandler(channel);
  };
}

/** Extensions the import dialog offers (the importers decide what they can actually read). */
export const IMPORTABLE_EXTENSIONS = ['gpkg', 'geojson', 'json', 'shp', 'dgn', 'dxf'] as const;
export const PROJECT_EXTENSIONS = ['gpkg'] as const;

/** The dialog functions chooseFiles needs (Electron's `dialog` module satisfies it). */
export interface DialogsLike<W> {
  showOpenDialog(window: W, options: OpenDialogOptions): Promise<{ canceled: boolean; filePaths: string[] }>;
  showSaveDialog(window: W, options: SaveDialogOptions): Promise<{ canceled: boolean; filePath?: string }>;
}

type ChooseFiles = (req: RequestOf<'chooseFiles'>) => Promise<ResponseOf<'chooseFiles'>>;

/**
 * `chooseFiles` answered by the native file dialogs: the renderer asks, the user picks, and only
 * the chosen paths come back; cancelling returns no paths.
 */
export function nativeChooseFiles<W>(dialogs: DialogsLike<W>, getWindow: () => W, getLocale: () => Locale): ChooseFiles {
  return async (req) => {
    const t = (key: Parameters<typeof formatMessage>[1]) => formatMessage(getLocale(), key, {});
    const projectFilter = { name: t('dialog.filterProject'), extensions: [...PROJECT_EXTENSIONS] };
    const allFilter = { name: t('dialog.filterAll'), extensions: ['*'] };
    switch (req.purpose) {
      case 'open-project': {
        const r = await dialogs.showOpenDialog(getWindow(), {
          title: t('dialog.openProject'),
          properties: ['openFile'],
          filters: [projectFilter, allFilter],
        });
        return { paths: r.canceled ? [] : r.filePaths, native: true };
      }
      case 'import': {
        const r = await dialogs.showOpenDialog(getWindow(), {
          title: t('dialog.import'),
          properties: ['openFile', 'multiSelections'],
          filters: [{ name: t('dialog.filterImportable'), extensions: [...IMPORTABLE_EXTENSIONS] }, allFilter],
        });
        return { paths: r.canceled ? [] : r.filePaths, native: true };
      }
      case 'new-project': {
        const r = await dialogs.showSaveDialog(getWindow(), {
          title: t('dialog.newProject'),
          filters: [projectFilter],
          properties: ['createDirectory', 'showOverwriteConfirmation'],
        });
        if (r.canceled || !r.filePath) return { paths: [], native: true };
        const file = /\.gpkg$/i.test(r.filePath) ? r.filePath : `${r.filePath}.gpkg`;
        return { paths: [file], native: true };
      }
      default:
        throw new UserError('bridge.badPayload', {
          method: 'chooseFiles',
          detail: `purpose must be open-project, import or new-project, got ${JSON.stringify((req as { purpose?: unknown }).purpose)}`,
        });
    }
  };
}

/**
 * The services with some methods answered by the shell instead (chooseFiles by native dialogs).
 * Built from METHOD_NAMES rather than by spreading, so methods on a class prototype survive.
 */
export function withOverrides(api: Api, overrides: Partial<Api>): Api {
  const out = {} as Record<MethodName, (req: unknown) => Promise<unknown>>;
  for (const name of METHOD_NAMES) {
    const own = overrides[name] as ((req: unknown) => Promise<unknown>) | undefined;
    const base = api[name] as (req: unknown) => Promise<unknown>;
    out[name] = own ?? ((req) => base.call(api, req));
  }
  return out as unknown as Api;
}
