// The Electron renderer's own origin, app://countersign, instead of file:// (Electron's security checklist: a
// file:// page shares its origin with every local file). Pure: the URL -> bundle file mapping with traversal
// refused, and the "is this our renderer" check, unit-tested without Electron (src/main registers the scheme).
import { extname, resolve, sep } from 'node:path';

export const APP_SCHEME = 'app';
const APP_HOST = 'countersign';
const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/**
 * The file under `bundleDir` an app:// URL names, or null: another scheme or host, a path that leaves the bundle
 * (`..`, encoded or not), backslashes, NUL, or undecodable escapes. `/` is index.html.
 */
export function appUrlToFile(url: string, bundleDir: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (!isOurs(u) || u.username || u.password || u.port) return null;
  let path: string;
  try {
    path = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0') || path.includes('\\')) return null;
  if (path === '/' || path === '') path = '/index.html';
  const root = resolve(bundleDir);
  const file = resolve(root, `.${path}`);
  return file.startsWith(root + sep) ? file : null;
}

export function contentTypeOf(file: string): string {
  return TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Our renderer's page: app://countersign/index.html, with any query or fragment (the renderer routes by hash). */
export function isAppRendererUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return isOurs(u) && !u.port && !u.username && (u.pathname === '/index.html' || u.pathname === '/');
  } catch {
    return false;
  }
}

// Node's URL gives non-special schemes the origin "null", so the scheme and host are compared themselves.
const isOurs = (u: URL) => u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
