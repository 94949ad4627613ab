// The decision log's hash chain, shared by the hub (which writes it) and the console (which verifies it).
// Pure: no Node-only API, so it runs in the renderer too. The caller passes the sha256 function
// (node:crypto in Node, a JS or WebCrypto implementation in the browser).
//
// Chain rule (per request): entry n has seq n (1-based); its prevHash is entry n-1's hash, or GENESIS_HASH for seq 1;
// hash = sha256(canonicalJson({seq, requestId, event, actor, at, data, prevHash})).
import type { LogEntry } from './domain.js';

export const GENESIS_HASH = '0'.repeat(64);

/**
 * Deterministic JSON: object keys sorted by UTF-16 code unit order, no whitespace, `undefined` members dropped
 * (as JSON.stringify does), non-finite numbers as null. Two equal values always give the same string.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) return 'null';
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return 'null';
    if (typeof value === 'bigint') return JSON.stringify(value.toString());
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return '[' + value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',') + ']';
  }
  const toJSON = (value as { toJSON?: () => unknown }).toJSON;
  if (typeof toJSON === 'function') return canonicalJson(toJSON.call(value));
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined && typeof obj[k] !== 'function' && typeof obj[k] !== 'symbol')
    .sort();
  return '{' + keys.map((k) => JSON.stringify(k) + ':' + canonicalJson(obj[k])).join(',') + '}';
}

export interface LogEntryFields {
  seq: number;
  requestId: string;
  event: LogEntry['event'];
  actor: string;
  at: string;
  data: unknown;
}

/** The exact string that is hashed for one entry. */
function logEntryPreimage(prevHash: string, e: LogEntryFields): string {
  return canonicalJson({ seq: e.seq, requestId: e.requestId, event: e.event, actor: e.actor, at: e.at, data: e.data, prevHash });
}

export function hashLogEntry(prevHash: string, e: LogEntryFields, sha256: (s: string) => string): string {
  return sha256(logEntryPreimage(prevHash, e));
}

export interface ChainVerdict {
  ok: boolean;
  /** Number of entries checked. */
  checked: number;
  /** The first bad entry's seq (or the expected seq of a missing one). */
  brokenAt?: number;
  reason?: string;
}

/**
 * Verifies one request's chain. `expectedHead` (the hub keeps the last hash beside the request) also catches
 * a deleted last entry, which a chain alone cannot see.
 */
export function verifyChain(entries: LogEntry[], sha256: (s: string) => string, expectedHead?: string | null): ChainVerdict {
  let prev = GENESIS_HASH;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    const bad = checkLink(e, i, prev, entries[0]!.requestId);
    if (bad) return { ok: false, checked: i, brokenAt: e.seq, reason: bad };
    if (hashLogEntry(prev, e, sha256) !== e.hash) return { ok: false, checked: i, brokenAt: e.seq, reason: 'hash does not match the entry (edited)' };
    prev = e.hash;
  }
  return checkHead(entries, prev, expectedHead);
}

/** The same check with an async hash (WebCrypto's subtle.digest in a browser). */
export async function verifyChainAsync(entries: LogEntry[], sha256: (s: string) => Promise<string>, expectedHead?: string | null): Promise<ChainVerdict> {
  let prev = GENESIS_HASH;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    const bad = checkLink(e, i, prev, entries[0]!.requestId);
    if (bad) return { ok: false, checked: i, brokenAt: e.seq, reason: bad };
    if ((await sha256(logEntryPreimage(prev, e))) !== e.hash) return { ok: false, checked: i, brokenAt: e.seq, reason: 'hash does not match the entry (edited)' };
    prev = e.hash;
  }
  return checkHead(entries, prev, expectedHead);
}

function checkLink(e: LogEntry, index: number, prev: string, requestId: string): string | null {
  if (e.seq !== index + 1) return `expected seq ${index + 1}, found ${e.seq} (an entry is missing or out of order)`;
  if (e.requestId !== requestId) return 'entry belongs to another request';
  if (e.prevHash !== prev) return 'prevHash does not match the previous entry (an entry was removed or edited)';
  return null;
}

function checkHead(entries: LogEntry[], last: string, expectedHead?: string | null): ChainVerdict {
  if (expectedHead !== undefined && expectedHead !== null && expectedHead !== last) {
    return { ok: false, checked: entries.length, brokenAt: entries.length + 1, reason: 'the chain ends before the recorded head (last entry removed)' };
  }
  return { ok: true, checked: entries.length };
}
