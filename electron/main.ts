/**
 * The desktop shell: one hardened window over the services. Everything with a decision in it lives
 * in testable modules (security.ts policy, ipc.ts bridge, menu.ts template, web/static.ts file
 * mapping); this file only wires them to Electron.
 */
import { app, BrowserWindow, Menu, dialog, ipcMain, protocol, session, shell } from 'electron';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MENU_CHANNEL, type Api, type MenuCommand } from '../shared/ipc/contract.js';
import { toErrorPayload } from '../shared/errors.js';
import type { Locale } from '../shared/i18n/messages.js';
import { createAppService } from './services/app-service.js';
import { nativeChooseFiles, registerIpc, trustedSender, withOverrides, type DialogsLike } from './ipc.js';
import { buildMenuTemplate } from './menu.js';
import { projectFromArgv } from './launch.js';
import {
  APP_ENTRY_URL,
  APP_HOST,
  APP_SCHEME,
  isAllowedNavigation,
  secureWebPreferences,
  securityHeaders,
  windowOpenDecision,
} from './security.js';
import { readStaticFile } from './web/static.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const RENDERER_DIR = path.join(here, '..', 'renderer');
const PRELOAD = path.join(here, 'preload.cjs');
/** Window icon (Linux; Windows takes the executable's). Packaged, resources/ sits beside app.asar. */
const ICON = app.isPackaged
  ? path.join(process.resourcesPath, 'resources', 'icons', '512x512.png')
  : path.join(here, '..', '..', 'resources', 'icons', '512x512.png');

// Must happen before 'ready': app:// becomes a secure, standard origin, so 'self' in the CSP and
// fetch() work as for https, while file:// stays out of reach.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true } },
]);
// Same folder the web shell uses (electron/web.ts defaultUserDataDir), whatever name the dev run has.
app.setPath('userData', path.join(app.getPath('appData'), 'ParcelDesk'));

let locale: Locale = 'vi';
let mainWindow: BrowserWindow | null = null;
let service: (Api & { dispose(): void }) | null = null;
/** Project named on the command line or by the OS (macOS open-file) before the window existed. */
let pendingProject: string | null = projectFromArgv(process.argv.slice(app.isPackaged ? 1 : 2));
if (pendingProject) pendingProject = path.resolve(pendingProject);

function showError(err: unknown): void {
  const e = toErrorPayload(err);
  dialog.showErrorBox('ParcelDesk', `${e.message}\n\n${e.messageEn}`);
}

function sendMenuCommand(command: MenuCommand): void {
  if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(MENU_CHANNEL, command);
}

function applyMenu(): void {
  const template = buildMenuTemplate({
    locale,
    send: sendMenuCommand,
    onLocale: (l) => {
      locale = l;
      applyMenu();
    },
    isMac: process.platform === 'darwin',
    devTools: !app.isPackaged,
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

/** Open a project the OS handed us; the renderer reloads and rebuilds from projectInfo(). */
async function openFromOutside(file: string): Promise<void> {
  if (!service) {
    pendingProject = file;
    return;
  }
  try {
    await service.openProject({ path: file });
    if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.reload();
  } catch (err) {
    showError(err);
  }
}

function hardenSession(): void {
  const ses = session.defaultSession;
  // No camera, location, notifications, clipboard-read…: a map editor needs none of them.
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST || (request.method !== 'GET' && request.method !== 'HEAD')) {
      return new Response('Not Found', { status: 404, headers: securityHeaders() });
    }
    const file = await readStaticFile(RENDERER_DIR, url.pathname, { checkRealPath: false });
    if (!file) return new Response('Not Found', { status: 404, headers: securityHeaders() });
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(file.body), {
      status: 200,
      headers: { ...securityHeaders(), 'Content-Type': file.contentType },
    });
  });
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 900,
    minHeight: 600,
    title: 'ParcelDesk',
    icon: ICON,
    show: false,
    backgroundColor: '#f4f5f2',
    webPreferences: secureWebPreferences(PRELOAD),
  });
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  void win.loadURL(APP_ENTRY_URL);
  return win;
}

async function start(): Promise<void> {
  hardenSession();
  // package.json sits two levels up both in the repo (build/electron/) and inside app.asar.
  const { version } = JSON.parse(readFileSync(path.join(here, '..', '..', 'package.json'), 'utf8')) as { version: string };
  const base = createAppService({ userDataDir: app.getPath('userData'), locale, shell: 'electron', version });
  service = base;
  const dialogs: DialogsLike<BrowserWindow | null> = {
    showOpenDialog: (win, options) => (win ? dialog.showOpenDialog(win, options) : dialog.showOpenDialog(options)),
    showSaveDialog: (win, options) => (win ? dialog.showSaveDialog(win, options) : dialog.showSaveDialog(options)),
  };
  const api = withOverrides(base, { chooseFiles: nativeChooseFiles(dialogs, () => mainWindow, () => locale) });
  registerIpc(ipcMain, api, trustedSender(() => mainWindow));
  applyMenu();

  // The project from the command line, else the sample, is open before the page first asks.
  const requested = pendingProject;
  pendingProject = null;
  try {
    if (requested) await base.openProject({ path: requested });
    else await base.openSampleProject({});
  } catch (err) {
    showError(err);
    if (requested) {
      try {
        await base.openSampleProject({});
      } catch (sampleErr) {
        showError(sampleErr);
      }
    }
  }
  mainWindow = createWindow();
}

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event) => {
    if (!isAllowedNavigation(event.url)) event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    if (!isAllowedNavigation(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAllowedNavigation(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (windowOpenDecision(url) === 'open-externally') void shell.openExternal(url);
    return { action: 'deny' };
  });
});

if (!app.requestSingleInstanceLock()) {
  // Another ParcelDesk is running; it receives our argv through 'second-instance'.
  app.quit();
} else {
  app.on('second-instance', (_event, argv, workingDirectory) => {
    const file = projectFromArgv(argv.slice(1));
    if (file) void openFromOutside(path.resolve(workingDirectory, file));
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });
  // macOS delivers double-clicked files this way, possibly before 'ready'.
  app.on('open-file', (event, file) => {
    event.preventDefault();
    void openFromOutside(file);
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (service && BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow();
  });
  app.on('will-quit', () => {
    service?.dispose();
    service = null;
  });
  app.whenReady().then(start).catch((err: unknown) => {
    showError(err);
    app.exit(1);
  });
}
