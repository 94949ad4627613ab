// The gateway's local log: one JSON line per event. Read-only passes are only recorded here (the hub never sees them).
// In stdio mode stdout carries the MCP protocol, so the log goes to stderr or a file, never stdout.
import { appendFileSync } from 'node:fs';

export interface CallLogEvent {
  event: string;
  [key: string]: unknown;
}

export class CallLog {
  constructor(private readonly file?: string) {}

  write(e: CallLogEvent): void {
    const line = JSON.stringify({ at: new Date().toISOString(), ...e }) + '\n';
    try {
      if (this.file) appendFileSync(this.file, line);
      else process.stderr.write(line);
    } catch {
      // A full disk must not fail a tool call; the hub keeps the audit trail for submitted calls.
    }
  }
}

/** Control, format (bidi overrides, zero-width) and line-separator characters JSON.stringify leaves raw. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

/** JSON of a value with every invisible character escaped as \uXXXX, so a reader sees exactly what is there. */
export function visibleJson(value: unknown): string {
  let s: string;
  try {
    s = JSON.stringify(value) ?? String(value);
  } catch {
    s = String(value);
  }
  return s.replace(INVISIBLE, (c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`);
}

/** Shortens a value for a log line or a summary, invisible characters escaped (never cut inside an escape). */
export function preview(value: unknown, max = 80): string {
  const s = visibleJson(value);
  if (s.length <= max) return s;
  const cut = s
    .slice(0, max - 1)
    .replace(/\\u[0-9a-f]{0,3}$|\\$/, '')
    .replace(/[\uD800-\uDBFF]$/, '');
  return `${cut}…`;
}
