// The thin Electron shell: one window, the contract over IPC, tray + badge, OS notifications, deep links,
// single instance. All logic lives in the core (src/core), which imports nothing from electron.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, BrowserWindow, net, Notification, protocol } from 'electron';
import { createConsoleCore, type ConsoleCore } from '../core/api.js';
import { FileSecretStore } from '../core/secrets/secret-store.js';
import { APP_SCHEME, appUrlToFile, contentTypeOf } from '../node-shared/app-scheme.js';
import { deepLinkFromArgv, itemIdFromDeepLink, PROTOCOL } from './deep-link.js';
import { forwardEventsTo, registerIpc, sendEvent } from './ipc.js';
import { SafeStorageSecretStore } from './safe-storage.js';
import { rendererLocation } from './renderer-origin.js';
import { applySessionSecurity, lockDownWindow, rendererHeaders } from './security.js';
import { createTray } from './tray.js';

const here = dirname(fileURLToPath(import.meta.url)); // out/main
const rendererDir = join(here, '../renderer');
const preloadPath = join(here, '../preload/index.cjs');
const loc = rendererLocation(rendererDir);

// app://countersign is standard (a real origin, relative URLs) and secure (like https); registered before ready.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

/** Serves the renderer bundle, and nothing outside it, with the same CSP and headers as any renderer response. */
function serveRendererBundle(): void {
  protocol.handle(APP_SCHEME, async (req) => {
    const file = appUrlToFile(req.url, rendererDir);
    if (!file || !existsSync(file)) return new Response('not found', { status: 404, headers: rendererHeaders('text/plain; charset=utf-8') });
    const body = await net.fetch(pathToFileURL(file).toString());
    return new Response(body.body, { status: 200, headers: rendererHeaders(contentTypeOf(file)) });
  });
}
const resources = app.isPackaged ? process.resourcesPath : join(here, '../../resources');

let win: BrowserWindow | null = null;
let core: ConsoleCore | null = null;
let pendingOpen: string | null = deepLinkFromArgv(process.argv);

function openItem(id: string): void {
  showWindow();
  if (win && core) sendEvent(win, 'item.open', { id });
  else pendingOpen = id;
}

function showWindow(): void {
  if (!win || win.isDestroyed()) return createWindow();
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}

function createWindow(): void {
  win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 560,
    show: false,
    title: 'Countersign',
    icon: join(resources, 'icon.png'),
    webPreferences: { preload: preloadPath, contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, spellcheck: true },
  });
  lockDownWindow(win, loc);
  win.once('ready-to-show', () => win?.show());
  win.webContents.once('did-finish-load', () => {
    if (pendingOpen) {
      const id = pendingOpen;
      pendingOpen = null;
      sendEvent(win, 'item.open', { id });
    }
  });
  win.on('closed', () => (win = null));
  void win.loadURL(loc.url);
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.setAsDefaultProtocolClient(PROTOCOL);
  app.on('second-instance', (_e, argv) => {
    const id = deepLinkFromArgv(argv);
    if (id) openItem(id);
    else showWindow();
  });
  app.on('open-url', (e, url) => {
    e.preventDefault();
    const id = itemIdFromDeepLink(url);
    if (id) openItem(id);
  });

  void app.whenReady().then(async () => {
    app.setAppUserModelId('dev.countersign.console');
    applySessionSecurity();
    serveRendererBundle();
    const dataDir = app.getPath('userData');
    // The packaged app ships better-sqlite3 built for Electron's ABI beside the app (see docs/packaging.md).
    const nativeBinding = app.isPackaged ? join(process.resourcesPath, 'native', 'better_sqlite3.node') : undefined;
    core = await createConsoleCore({
      dataDir,
      secretStore: SafeStorageSecretStore.available() ? new SafeStorageSecretStore(dataDir) : new FileSecretStore(dataDir),
      mode: 'electron',
      version: app.getVersion(),
      embedded: true,
      demo: true,
      nativeBinding: nativeBinding && existsSync(nativeBinding) ? nativeBinding : undefined,
    });
    registerIpc(core, loc);
    forwardEventsTo(core, () => win);
    const tray = createTray(join(resources, 'tray.png'), showWindow, () => app.quit());
    const c = core;
    tray.update(c.badgeCount());
    c.on('queue.changed', (counts) => tray.update(counts.approvals + counts.escalations));
    c.on('notify', (n) => {
      if (!Notification.isSupported()) return;
      const note = new Notification({ title: n.title, body: n.body });
      note.on('click', () => (n.itemId ? openItem(n.itemId) : showWindow()));
      note.show();
    });
    createWindow();
  });

  let quitting = false;
  app.on('before-quit', (e) => {
    if (quitting || !core) return;
    quitting = true;
    e.preventDefault();
    void core.close().finally(() => app.exit(0));
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => showWindow());
}
