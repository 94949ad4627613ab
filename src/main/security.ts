// The Electron shell's hardening: CSP via session headers, no navigation away, no new windows,
// external http(s) links open in the user's browser, every IPC sender checked against our renderer.
import { session, shell, type BrowserWindow } from 'electron';
import type { RendererLocation } from './renderer-origin.js';

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
}

export function lockDownWindow(win: BrowserWindow, loc: RendererLocation): void {
  win.webContents.on('will-navigate', (event) => {
    const { url } = event; // the listener's separate url argument is deprecated
    const same = loc.devUrl ? url.startsWith(loc.devUrl) : url.split('#')[0] === loc.fileUrl;
    if (!same) event.preventDefault();
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//i.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}
