/**
 * Preload of the ParcelDesk window: exposes `window.parceldesk` (see PreloadBridge in the contract)
 * and nothing else; never ipcRenderer itself, so page script can reach only the contract's channels.
 *
 * A sandboxed preload can require 'electron' and nothing of ours, so the method and menu-command
 * allowlists are written out here. tests/unit/shell/preload.test.ts runs this file against a fake
 * 'electron' and fails when either list differs from METHOD_NAMES / MENU_COMMANDS in the contract.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { MenuCommand, MethodName, PreloadBridge } from '../shared/ipc/contract.js' with { 'resolution-mode': 'import' };

const METHODS: readonly MethodName[] = [
  'appInfo',
  'openProject',
  'openSampleProject',
  'createProject',
  'projectInfo',
  'closeProject',
  'getParcelLayer',
  'getParcel',
  'searchParcels',
  'updateParcelAttributes',
  'undo',
  'redo',
  'history',
  'auditLog',
  'inspectImport',
  'startImport',
  'jobStatus',
  'cancelJob',
  'chooseFiles',
  'listDirectory',
  'startValidation',
  'findings',
  'markException',
  'revokeException',
  'exceptions',
  'previewFix',
  'applyFix',
  'repairCandidates',
  'listLevelProfiles',
  'saveLevelProfile',
  'buildFindings',
  'getReferenceAreas',
];

const MENU_COMMANDS: readonly MenuCommand[] = ['open-project', 'import', 'open-sample', 'undo', 'redo', 'lang-vi', 'lang-en', 'about'];

/** Same as MENU_CHANNEL in the contract. */
const MENU_CHANNEL = 'parceldesk-menu';

const bridge: PreloadBridge = {
  invoke(method, req) {
    if (!METHODS.includes(method)) {
      return Promise.reject(new TypeError(`ParcelDesk has no API method ${String(method)}`));
    }
    // Same as channelOf() in the contract.
    return ipcRenderer.invoke(`parceldesk:${method}`, req);
  },
  onMenuCommand(cb) {
    if (typeof cb !== 'function') throw new TypeError('onMenuCommand needs a function');
    // The event object is dropped on purpose: it carries `sender`, which is ipcRenderer.
    const listener = (_event: IpcRendererEvent, command: unknown) => {
      if (typeof command === 'string' && (MENU_COMMANDS as readonly string[]).includes(command)) cb(command as MenuCommand);
    };
    ipcRenderer.on(MENU_CHANNEL, listener);
    return () => {
      ipcRenderer.removeListener(MENU_CHANNEL, listener);
    };
  },
};

contextBridge.exposeInMainWorld('parceldesk', bridge);
