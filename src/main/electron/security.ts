// The Electron shell's hardening: CSP via session headers, no navigation away, no new windows,
// external http(s) links open in the user's browser, every IPC sender checked against our renderer.
import { pathToFileURL } from 'node:url';
import { session, shell, type BrowserWindow, type WebFrameMain } from 'electron';

export const RENDERER_CSP = [
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

/** Where our renderer is loaded from: the dev server in development, the packaged file otherwise. */
export function rendererLocation(rendererIndex: string): { devUrl: string | null; fileUrl: string } {
  return { devUrl: process.env.ELECTRON_RENDERER_URL ?? null, fileUrl: pathToFileURL(rendererIndex).toString() };
}

export function isOurRenderer(frame: WebFrameMain | null, loc: { devUrl: string | null; fileUrl: string }): boolean {
  if (!frame) return false;
  let u: URL;
  try {
    u = new URL(frame.url);
  } catch {
    return false;
  }
  if (loc.devUrl) return u.origin === new URL(loc.devUrl).origin;
  return u.protocol === 'file:' && `${u.protocol}//${u.host}${u.pathname}` === loc.fileUrl;
}

export function applySessionSecurity(): void {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [RENDERER_CSP],
        'X-Content-Type-Options': ['nosniff'],
        'Referrer-Policy': ['no-referrer'],
      },
    });
  });
  // The renderer asks for nothing but notifications; everything else (camera, geolocation...) is refused.
  session.defaultSession.setPermissionRequestHandler((_wc, permission, cb) => cb(permission === 'notifications'));
}

export function lockDownWindow(win: BrowserWindow, loc: { devUrl: string | null; fileUrl: string }): void {
  win.webContents.on('will-navigate', (event: { preventDefault(): void }, url: string) => {
    const same = loc.devUrl ? url.startsWith(loc.devUrl) : url.split('#')[0] === loc.fileUrl;
    if (!same) event.preventDefault();
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//i.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}
