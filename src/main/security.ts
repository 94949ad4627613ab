// The Electron shell's hardening: CSP via session headers, no navigation away, no new windows,
// external http(s) links open in the user's browser, every IPC sender checked against our renderer.
import { dialog, session, shell, type BrowserWindow } from 'electron';
import { externalUrl, isOurRendererUrl, type RendererLocation } from './renderer-origin.js';

const RENDERER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

const DEV_CSP = RENDERER_CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'").replace(
  "connect-src 'self'",
  "connect-src 'self' ws://localhost:* ws://127.0.0.1:*",
);

/** Headers of every app:// response (custom-protocol answers do not pass through onHeadersReceived). */
export function rendererHeaders(contentType: string): Record<string, string> {
  return { 'Content-Type': contentType, 'Content-Security-Policy': RENDERER_CSP, 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' };
}

export function applySessionSecurity(): void {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        // Development only (electron-vite dev): the dev server needs its HMR socket and React's refresh preamble.
        'Content-Security-Policy': [process.env.ELECTRON_RENDERER_URL ? DEV_CSP : RENDERER_CSP],
        'X-Content-Type-Options': ['nosniff'],
        'Referrer-Policy': ['no-referrer'],
      },
    });
  });
  // The renderer asks for nothing but notifications; everything else (camera, geolocation...) is refused.
  session.defaultSession.setPermissionRequestHandler((_wc, permission, cb) => cb(permission === 'notifications'));
  // Synchronous permission checks (e.g. Notification.permission) get the same answer as requests.
  session.defaultSession.setPermissionCheckHandler((_wc, permission) => permission === 'notifications');
  // Spellchecking stays on, but its Hunspell dictionaries are never fetched from a remote server.
  session.defaultSession.setSpellCheckerDictionaryDownloadURL('http://127.0.0.1:9/');
}

export function lockDownWindow(win: BrowserWindow, loc: RendererLocation): void {
  // A navigation, a server redirect and a subframe navigation are all refused unless they stay on our renderer.
  const stayHome = (event: { url: string; preventDefault(): void }) => {
    if (!isOurRendererUrl(event.url, loc)) event.preventDefault();
  };
  win.webContents.on('will-navigate', stayHome);
  win.webContents.on('will-redirect', stayHome);
  win.webContents.on('will-frame-navigate', stayHome);
  win.webContents.setWindowOpenHandler(({ url }) => {
    const target = externalUrl(url);
    // Agent-supplied links: the approver sees the full destination and chooses before the browser opens it.
    if (target)
      void dialog
        .showMessageBox(win, { type: 'question', message: 'Open this address in your browser?', detail: target, buttons: ['Open', 'Cancel'], defaultId: 1, cancelId: 1 })
        .then((r) => (r.response === 0 ? shell.openExternal(target) : undefined));
    return { action: 'deny' };
  });
}
