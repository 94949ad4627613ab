// Serves the built renderer (out/renderer) with no path escaping the folder; unknown paths get index.html (one-page app).
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

export function resolveStatic(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const base = resolve(root);
  const full = resolve(base, '.' + normalize('/' + decoded));
  if (full !== base && !full.startsWith(base + sep)) return null;
  if (existsSync(full) && statSync(full).isFile()) return full;
  // One-page app: a path without a file extension is a client route.
  if (!extname(decoded)) {
    const index = join(base, 'index.html');
    return existsSync(index) ? index : null;
  }
  return null;
}

export function sendFile(res: ServerResponse, file: string, headers: Record<string, string>, head: boolean): void {
  const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
  const isHtml = type.startsWith('text/html');
  res.writeHead(200, {
    ...headers,
    'content-type': type,
    'content-length': String(statSync(file).size),
    // Built assets carry content hashes; the page itself must always be fresh.
    'cache-control': isHtml ? 'no-store' : 'private, max-age=31536000, immutable',
  });
  if (head) return void res.end();
  createReadStream(file).pipe(res);
}
