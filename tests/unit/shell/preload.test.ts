/**
 * Runs the real preload source (compiled to CommonJS as tsc does for .cts) against a fake
 * 'electron' module, because a sandboxed preload cannot import the contract and carries its own
 * copies of the allowlists: these tests are what keeps those copies honest.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import ts from 'typescript';
import { MENU_CHANNEL, MENU_COMMANDS, METHOD_NAMES, channelOf, type PreloadBridge } from '../../../shared/ipc/contract.js';

const source = readFileSync(fileURLToPath(new URL('../../../electron/preload.cts', import.meta.url)), 'utf8');

function loadPreload() {
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    fileName: 'preload.cts',
  });
  const exposed = new Map<string, unknown>();
  const invoked: Array<{ channel: string; args: unknown[] }> = [];
  const listeners = new Map<string, Set<(...args: unknown[]) => void>>();
  const requested: string[] = [];
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
    ipcRenderer: {
      invoke: (channel: string, ...args: unknown[]) => {
        invoked.push({ channel, args });
        return Promise.resolve({ ok: true, value: channel });
      },
      on: (channel: string, fn: (...args: unknown[]) => void) => {
        if (!listeners.has(channel)) listeners.set(channel, new Set());
        listeners.get(channel)!.add(fn);
      },
      removeListener: (channel: string, fn: (...args: unknown[]) => void) => listeners.get(channel)?.delete(fn),
    },
  };
  const module = { exports: {} };
  const sandboxRequire = (id: string) => {
    requested.push(id);
    if (id === 'electron') return electron;
    throw new Error(`a sandboxed preload cannot require ${id}`);
  };
  vm.runInNewContext(outputText, { require: sandboxRequire, module, exports: module.exports, Promise, TypeError });
  const emit = (channel: string, ...args: unknown[]) => listeners.get(channel)?.forEach((fn) => fn({ sender: electron.ipcRenderer }, ...args));
  return { exposed, invoked, listeners, requested, emit, electron };
}

/** The string literals of `const NAME … = [ … ];` in the preload source. */
function inlinedList(name: string): string[] {
  const m = new RegExp(`const ${name}[^=]*=\\s*\\[([^\\]]*)\\]`).exec(source);
  if (!m) throw new Error(`preload has no inlined ${name} list`);
  return [...m[1]!.matchAll(/'([^']+)'/g)].map((x) => x[1]!);
}

describe('preload', () => {
  it('inlines exactly the contract method names and menu commands', () => {
    expect(inlinedList('METHODS')).toEqual(METHOD_NAMES);
    expect(inlinedList('MENU_COMMANDS')).toEqual([...MENU_COMMANDS]);
    expect(source).toContain(`'${MENU_CHANNEL}'`);
  });

  it('requires nothing but electron and exposes only invoke and onMenuCommand', () => {
    const { exposed, requested } = loadPreload();
    expect(requested).toEqual(['electron']);
    expect([...exposed.keys()]).toEqual(['parceldesk']);
    const bridge = exposed.get('parceldesk') as Record<string, unknown>;
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'onMenuCommand']);
    // Nothing reachable from the bridge is ipcRenderer or one of its functions.
    expect(Object.values(bridge).every((v) => typeof v === 'function' && v.length <= 2)).toBe(true);
  });

  it('invokes every contract method on its channel and nothing else', async () => {
    const { exposed, invoked } = loadPreload();
    const bridge = exposed.get('parceldesk') as PreloadBridge;
    for (const name of METHOD_NAMES) {
      await expect(bridge.invoke(name, { probe: 1 } as never)).resolves.toEqual({ ok: true, value: channelOf(name) });
    }
    expect(invoked.map((c) => c.channel)).toEqual(METHOD_NAMES.map(channelOf));
    expect(invoked[0]!.args).toEqual([{ probe: 1 }]);
    for (const bad of ['menu', 'dropEverything', 'toString', '__proto__', '../openProject']) {
      await expect(bridge.invoke(bad as never, {} as never), bad).rejects.toThrow(TypeError);
    }
    expect(invoked.length).toBe(METHOD_NAMES.length);
  });

  it('passes on known menu commands only, without the IPC event, and unsubscribes', () => {
    const { exposed, emit, listeners } = loadPreload();
    const bridge = exposed.get('parceldesk') as PreloadBridge;
    const got: unknown[][] = [];
    const off = bridge.onMenuCommand((...args: unknown[]) => got.push(args));
    for (const c of MENU_COMMANDS) emit(MENU_CHANNEL, c);
    emit(MENU_CHANNEL, 'rm-rf');
    emit(MENU_CHANNEL, { command: 'undo' });
    emit('parceldesk:undo', 'undo');
    expect(got).toEqual(MENU_COMMANDS.map((c) => [c]));
    off();
    emit(MENU_CHANNEL, 'undo');
    expect(got.length).toBe(MENU_COMMANDS.length);
    expect(listeners.get(MENU_CHANNEL)?.size).toBe(0);
    expect(() => bridge.onMenuCommand('alert(1)' as never)).toThrow(TypeError);
  });
});
