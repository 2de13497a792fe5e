import { describe, expect, it } from 'vitest';
import { METHOD_NAMES, channelOf, type Api, type BridgeResult } from '../../../shared/ipc/contract.js';
import {
  MAX_PAYLOAD_DEPTH,
  buildIpcHandlers,
  callApi,
  checkPayload,
  nativeChooseFiles,
  registerIpc,
  trustedSender,
  withOverrides,
  type DialogsLike,
  type IpcMainLike,
  type InvokeEventLike,
  type WindowLike,
} from '../../../electron/ipc.js';
import { fakeApi, fakeLayerPage } from './fake-api.js';
import { decodeParcelLayerPage } from '../../../shared/ipc/parcel-layer-page.js';

const mainFrame = { url: 'app://parceldesk/index.html', processId: 7, routingId: 1 };
const win: WindowLike = { isDestroyed: () => false, webContents: { id: 3, mainFrame } };
const fromMainFrame: InvokeEventLike = { sender: { id: 3 }, senderFrame: { ...mainFrame } };

describe('payload checks', () => {
  it('accepts the plain JSON objects the contract uses', () => {
    expect(checkPayload({})).toBeNull();
    expect(checkPayload({ fid: 12, changes: { land_type: 'ONT', area_legal: 120.5, address: null } })).toBeNull();
    expect(checkPayload({ files: ['/a.shp', '/b.geojson'], options: { mapping: { parcel_no: 'SoThuTuThua' } } })).toBeNull();
    expect(checkPayload({ sheet: undefined, parcelNo: '12' })).toBeNull();
    expect(checkPayload(Object.assign(Object.create(null), { a: 1 }))).toBeNull();
  });

  it('refuses what is not a plain JSON object tree', () => {
    const bad: unknown[] = [
      null,
      undefined,
      'openProject',
      42,
      [],
      [{ path: '/x' }],
      new Date(),
      new Map(),
      { when: new Date() },
      { data: new Uint8Array(4) },
      { n: NaN },
      { n: Infinity },
      { fn: () => 1 },
      JSON.parse('{"__proto__": {"polluted": true}}'),
      { changes: JSON.parse('{"constructor": {"prototype": {"x": 1}}}') },
      { nested: { prototype: 1 } },
      new (class Req { path = '/x'; })(),
    ];
    for (const v of bad) {
      expect(checkPayload(v)?.kind, String(JSON.stringify(v))).toBe('bad');
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('bounds depth and size', () => {
    let deep: Record<string, unknown> = {};
    const root = deep;
    for (let i = 0; i < MAX_PAYLOAD_DEPTH + 5; i++) {
      const next = {};
      deep.a = next;
      deep = next;
    }
    expect(checkPayload(root)).toMatchObject({ kind: 'bad' });
    expect(checkPayload({ s: 'x'.repeat(2000) }, 1000)).toEqual({ kind: 'too-large' });
    expect(checkPayload({ xs: new Array(500).fill(1) }, 1000)).toEqual({ kind: 'too-large' });
    expect(checkPayload({ s: 'x'.repeat(500) }, 1000)).toBeNull();
  });
});

describe('callApi', () => {
  it('returns the value of the service in an ok envelope', async () => {
    const { api, calls } = fakeApi();
    const r = await callApi(api, 'getParcel', { fid: 5 });
    expect(r).toEqual({ ok: true, value: { echo: 'getParcel', req: { fid: 5 } } });
    expect(calls).toEqual([{ method: 'getParcel', req: { fid: 5 } }]);
  });

  it('turns user errors and crashes into error payloads, never throws', async () => {
    const { api } = fakeApi();
    const notFound = await callApi(api, 'getParcel', { fid: 404 });
    expect(notFound.ok).toBe(false);
    if (notFound.ok) throw new Error('unreachable');
    expect(notFound.error.code).toBe('parcel.notFound');
    expect(notFound.error.message).toContain('404');
    expect(notFound.error.messageEn).toContain('No parcel');
    const crash = await callApi(api, 'auditLog', { limit: -1 });
    expect(crash).toMatchObject({ ok: false, error: { code: 'internal', params: { detail: 'disk on fire' } } });
  });

  it('refuses unknown methods and inherited names before reaching the services', async () => {
    const { api, calls } = fakeApi();
    for (const name of ['dropDatabase', 'toString', '__proto__', 'constructor', 'hasOwnProperty', '']) {
      const r = await callApi(api, name, {});
      expect(r, name).toMatchObject({ ok: false, error: { code: 'bridge.unknownMethod' } });
    }
    const bad = await callApi(api, 'getParcel', JSON.parse('{"__proto__":{"x":1}}'));
    expect(bad).toMatchObject({ ok: false, error: { code: 'bridge.badPayload', params: { method: 'getParcel' } } });
    const big = await callApi(api, 'searchParcels', { sheet: 'x'.repeat(5000) }, 1024);
    expect(big).toMatchObject({ ok: false, error: { code: 'bridge.tooLarge', params: { limit: 1024 } } });
    expect(calls).toEqual([]);
  });
});

describe('IPC handlers generated from the contract', () => {
  it('has exactly one handler per contract method, on its channel', () => {
    const handlers = buildIpcHandlers(fakeApi().api, () => true);
    expect([...handlers.keys()].sort()).toEqual(METHOD_NAMES.map(channelOf).sort());
  });

  it('calls the service for every method when the sender is trusted', async () => {
    const { api, calls } = fakeApi();
    const handlers = buildIpcHandlers(api, trustedSender(() => win));
    for (const name of METHOD_NAMES) {
      const r = await handlers.get(channelOf(name))!(fromMainFrame, { probe: name });
      expect(r, name).toEqual({ ok: true, value: { echo: name, req: { probe: name } } });
    }
    expect(calls.map((c) => c.method)).toEqual(METHOD_NAMES);
  });

  it('hands the binary parcel page over in the envelope, intact through structured clone', async () => {
    const handlers = buildIpcHandlers(fakeApi().api, trustedSender(() => win));
    const r = await handlers.get(channelOf('getParcelLayer'))!(fromMainFrame, { offset: 0, limit: 10 });
    expect(r.ok).toBe(true);
    // Electron serialises IPC answers with the structured clone algorithm, which keeps ArrayBuffers.
    const received = structuredClone(r) as BridgeResult<ArrayBuffer>;
    if (!received.ok) throw new Error('expected ok');
    expect(received.value).toBeInstanceOf(ArrayBuffer);
    expect(Buffer.from(received.value).equals(Buffer.from(fakeLayerPage()))).toBe(true);
    expect(decodeParcelLayerPage(received.value).landType(0)).toBe('Đất ở');
  });

  it('refuses subframes, other windows, foreign pages and closed windows', async () => {
    const { api, calls } = fakeApi();
    const check = trustedSender(() => win);
    const handler = buildIpcHandlers(api, check).get(channelOf('openProject'))!;
    const refused: InvokeEventLike[] = [
      { sender: { id: 3 }, senderFrame: { ...mainFrame, routingId: 2 } }, // an iframe
      { sender: { id: 3 }, senderFrame: { ...mainFrame, processId: 8 } },
      { sender: { id: 4 }, senderFrame: { ...mainFrame } }, // another webContents
      { sender: { id: 3 }, senderFrame: { ...mainFrame, url: 'https://evil.example/' } },
      { sender: { id: 3 }, senderFrame: { ...mainFrame, url: 'file:///tmp/x.html' } },
      { sender: { id: 3 }, senderFrame: null },
    ];
    for (const event of refused) {
      const r = (await handler(event, { path: '/x.gpkg' })) as BridgeResult<unknown>;
      expect(r, JSON.stringify(event)).toMatchObject({ ok: false, error: { code: 'bridge.forbidden' } });
    }
    expect(trustedSender(() => null)(fromMainFrame)).toBe(false);
    expect(trustedSender(() => ({ ...win, isDestroyed: () => true }))(fromMainFrame)).toBe(false);
    expect(calls).toEqual([]);
  });

  it('registers on ipcMain and removes every handler again', async () => {
    const registered = new Map<string, (event: unknown, payload: unknown) => unknown>();
    const ipcMain = {
      handle: (channel: string, fn: (event: unknown, payload: unknown) => unknown) => {
        if (registered.has(channel)) throw new Error(`second handler for ${channel}`);
        registered.set(channel, fn);
      },
      removeHandler: (channel: string) => registered.delete(channel),
    } as unknown as IpcMainLike;
    const dispose = registerIpc(ipcMain, fakeApi().api, () => true);
    expect(registered.size).toBe(METHOD_NAMES.length);
    expect(await registered.get('parceldesk:history')!(fromMainFrame, {})).toMatchObject({ ok: true });
    dispose();
    expect(registered.size).toBe(0);
  });
});

describe('native file dialogs', () => {
  function fakeDialogs(answer: { canceled: boolean; filePaths?: string[]; filePath?: string }) {
    const seen: Array<{ kind: string; win: string; options: Record<string, unknown> }> = [];
    const dialogs: DialogsLike<string> = {
      showOpenDialog: async (w, options) => {
        seen.push({ kind: 'open', win: w, options: options as Record<string, unknown> });
        return { canceled: answer.canceled, filePaths: answer.filePaths ?? [] };
      },
      showSaveDialog: async (w, options) => {
        seen.push({ kind: 'save', win: w, options: options as Record<string, unknown> });
        return { canceled: answer.canceled, filePath: answer.filePath };
      },
    };
    return { dialogs, seen };
  }

  it('opens a project with a GeoPackage filter', async () => {
    const { dialogs, seen } = fakeDialogs({ canceled: false, filePaths: ['/data/xa.gpkg'] });
    const choose = nativeChooseFiles(dialogs, () => 'window-1', () => 'vi');
    expect(await choose({ purpose: 'open-project' })).toEqual({ paths: ['/data/xa.gpkg'], native: true });
    expect(seen[0]).toMatchObject({ kind: 'open', win: 'window-1', options: { title: 'Mở dự án ParcelDesk', properties: ['openFile'] } });
    expect((seen[0]!.options.filters as Array<{ extensions: string[] }>)[0]!.extensions).toEqual(['gpkg']);
  });

  it('imports several maps of every importable kind', async () => {
    const { dialogs, seen } = fakeDialogs({ canceled: false, filePaths: ['/a.shp', '/b.dgn'] });
    const choose = nativeChooseFiles(dialogs, () => 'w', () => 'en');
    expect(await choose({ purpose: 'import' })).toEqual({ paths: ['/a.shp', '/b.dgn'], native: true });
    expect(seen[0]!.options.properties).toEqual(['openFile', 'multiSelections']);
    expect(seen[0]!.options.title).toBe('Choose cadastral maps to import');
    expect((seen[0]!.options.filters as Array<{ extensions: string[] }>)[0]!.extensions).toEqual(['gpkg', 'geojson', 'json', 'shp', 'dgn', 'dxf']);
  });

  it('saves a new project with the .gpkg extension, and cancel gives no paths', async () => {
    const save = fakeDialogs({ canceled: false, filePath: '/home/u/Xa Hoa Vang' });
    expect(await nativeChooseFiles(save.dialogs, () => 'w', () => 'vi')({ purpose: 'new-project' })).toEqual({
      paths: ['/home/u/Xa Hoa Vang.gpkg'],
      native: true,
    });
    expect(save.seen[0]!.kind).toBe('save');
    const cancelled = fakeDialogs({ canceled: true, filePaths: ['/ignored.gpkg'] });
    expect(await nativeChooseFiles(cancelled.dialogs, () => 'w', () => 'vi')({ purpose: 'open-project' })).toEqual({ paths: [], native: true });
  });

  it('refuses an unknown purpose with a clear error', async () => {
    const { dialogs, seen } = fakeDialogs({ canceled: false });
    const choose = nativeChooseFiles(dialogs, () => 'w', () => 'vi');
    await expect(choose({ purpose: 'format-disk' } as never)).rejects.toMatchObject({ code: 'bridge.badPayload' });
    expect(seen).toEqual([]);
  });
});

describe('withOverrides', () => {
  it('keeps class methods and replaces only the overridden ones', async () => {
    class Services {
      opened = '';
      async openProject(req: { path: string }) {
        this.opened = req.path;
        return { path: req.path };
      }
    }
    const base = new Services();
    const { api: rest } = fakeApi();
    Object.setPrototypeOf(rest, Services.prototype);
    Object.assign(base, Object.fromEntries(METHOD_NAMES.filter((n) => n !== 'openProject').map((n) => [n, rest[n]])));
    const merged = withOverrides(base as unknown as Api, {
      chooseFiles: async () => ({ paths: ['/picked.gpkg'], native: true }),
    });
    expect(Object.keys(merged).sort()).toEqual([...METHOD_NAMES].sort());
    expect(await merged.chooseFiles({ purpose: 'open-project' })).toEqual({ paths: ['/picked.gpkg'], native: true });
    await merged.openProject({ path: '/x.gpkg' });
    expect(base.opened).toBe('/x.gpkg');
  });
});
