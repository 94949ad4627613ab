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

/** Shortens a value for a log line or a summary; JSON keeps control and bidi characters escaped and visible. */
export function preview(value: unknown, max = 80): string {
  let s: string;
  try {
    s = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    s = String(value);
  }
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
