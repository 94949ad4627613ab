// Browser mode's gate. No ambient credential (no cookie: browsers send 127.0.0.1 cookies to every port, so any
// local server could collect it). Instead: a short-lived single-use launch code in the printed URL, exchanged once
// (POST /session, exact Origin) for a session credential the page keeps in sessionStorage and offers as a
// WebSocket subprotocol; the /ws upgrade needs the app's exact Origin (none is refused) and that credential.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const WS_PROTOCOL = 'countersign';
const SESSION_PROTOCOL_PREFIX = 'countersign.session.';

function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

function isAppOrigin(origin: string, port: number): boolean {
  return allowedHosts(port).some((h) => origin.toLowerCase() === `http://${h}`);
}

/** 403 reasons: a Host that is not us (DNS rebinding) or an Origin that is not us (cross-site request / WS hijack). */
export function foreignRequest(req: IncomingMessage, port: number): string | null {
  const host = (req.headers.host ?? '').toLowerCase();
  if (!allowedHosts(port).includes(host)) return `foreign Host header: ${host.slice(0, 100) || '(none)'}`;
  const origin = req.headers.origin;
  if (origin !== undefined && !isAppOrigin(origin, port)) return `foreign Origin: ${origin.slice(0, 100)}`;
  return null;
}

/** For what changes state or opens the socket, an Origin must be present and be the app's (a non-browser client sends none). */
export function missingAppOrigin(req: IncomingMessage, port: number): boolean {
  const origin = req.headers.origin;
  return origin === undefined || !isAppOrigin(origin, port);
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Constant-time comparison of a presented session credential with the host's. */
export function isSession(presented: string, session: string): boolean {
  return safeEqual(presented, session);
}

/** Whether the upgrade offered our protocol and the right session credential (Sec-WebSocket-Protocol: countersign, countersign.session.<S>). */
export function sessionOfUpgrade(req: IncomingMessage, session: string): boolean {
  const offered = String(req.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((p) => p.trim());
  if (!offered.includes(WS_PROTOCOL)) return false;
  return offered.some((p) => p.startsWith(SESSION_PROTOCOL_PREFIX) && safeEqual(p.slice(SESSION_PROTOCOL_PREFIX.length), session));
}

/** Launch codes: random, valid for `ttlMs`, each accepted once. */
export class LaunchCodes {
  private readonly live = new Map<string, number>();

  constructor(private readonly ttlMs: number) {}

  issue(): string {
    const code = randomBytes(24).toString('base64url');
    this.live.set(code, Date.now() + this.ttlMs);
    return code;
  }

  /** True once for a live code; the code is gone afterwards either way. Compared in constant time against each live code. */
  redeem(code: string): boolean {
    const now = Date.now();
    let hit: string | null = null;
    for (const [c, expires] of this.live) {
      if (expires <= now) this.live.delete(c);
      else if (safeEqual(c, code)) hit = c;
    }
    if (hit === null) return false;
    this.live.delete(hit);
    return true;
  }
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
