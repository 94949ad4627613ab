// Browser mode's gate: loopback Host/Origin only, a random token (query on first load, then an HttpOnly cookie),
// and the response headers that keep the page from loading or leaking anything it should not.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const COOKIE_NAME = 'countersign_token';

function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

/** 403 reasons: a Host that is not us (DNS rebinding) or an Origin that is not us (cross-site request / WS hijack). */
export function foreignRequest(req: IncomingMessage, port: number): string | null {
  const host = (req.headers.host ?? '').toLowerCase();
  if (!allowedHosts(port).includes(host)) return `foreign Host header: ${host.slice(0, 100) || '(none)'}`;
  const origin = req.headers.origin;
  if (origin !== undefined && !allowedHosts(port).some((h) => origin.toLowerCase() === `http://${h}`)) return `foreign Origin: ${origin.slice(0, 100)}`;
  return null;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
}

/** Which credential the request carried, if it is the right one. */
export function tokenOf(req: IncomingMessage, url: URL, expected: string): 'query' | 'cookie' | null {
  const q = url.searchParams.get('token');
  if (q !== null && safeEqual(q, expected)) return 'query';
  let cookie: string | undefined;
  try {
    cookie = parseCookies(req.headers.cookie)[COOKIE_NAME];
  } catch {
    cookie = undefined;
  }
  if (cookie !== undefined && safeEqual(cookie, expected)) return 'cookie';
  return null;
}

export function sessionCookie(token: string): string {
  return `${COOKIE_NAME}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

export function securityHeaders(port: number): Record<string, string> {
  return {
    'content-security-policy': [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
      "img-src 'self' data:",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ].join('; '),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
  };
}
