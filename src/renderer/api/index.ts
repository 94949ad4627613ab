// The one client for this window, made on first import.
import { createClient } from './client.js';

export const client = createClient();
export const api = client.api;
export type { LinkState } from './ws-transport.js';

/** A readable message for anything a call threw. */
export function errorMessage(e: unknown): string {
  if (e && typeof e === 'object' && 'message' in e && typeof e.message === 'string') {
    const issues = (e as { issues?: Array<{ path: string; message: string }> }).issues;
    const base = e.message;
    return issues?.length ? `${base}: ${issues.map((i) => `${i.path || '(input)'} ${i.message}`).join('; ')}` : base;
  }
  return String(e);
}
