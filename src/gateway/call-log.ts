// The gateway's local log: one JSON line per event. Read-only passes are only recorded here (the hub never sees them).
// In stdio mode stdout carries the MCP protocol, so the log goes to stderr or a file, never stdout.
import { createWriteStream, type WriteStream } from 'node:fs';
import { privateLogFile } from '../node-shared/private-files.js';

export interface CallLogEvent {
  event: string;
  [key: string]: unknown;
}

export class CallLog {
  /** An append stream, not a sync write per call: logging must not sit on the pass-through path's latency. */
  private readonly out: WriteStream | NodeJS.WriteStream;

  constructor(file?: string) {
    if (file) {
      // Tool arguments and results are as private as the hub's data: 0600, in a 0700 folder when we create it.
      try {
        privateLogFile(file);
      } catch (e) {
        process.stderr.write(`countersign gateway: cannot prepare log ${file}: ${(e as Error).message}\n`);
      }
      const stream = createWriteStream(file, { flags: 'a', mode: 0o600 });
      // A full disk or a bad path must not fail tool calls; the hub keeps the audit trail for submitted calls.
      stream.on('error', (e) => process.stderr.write(`countersign gateway: cannot write log ${file}: ${e.message}\n`));
      this.out = stream;
    } else this.out = process.stderr;
  }

  write(e: CallLogEvent): void {
    this.out.write(JSON.stringify({ at: new Date().toISOString(), ...e }) + '\n');
  }

  /** Flushes a file log. */
  close(): Promise<void> {
    const out = this.out;
    if (out === process.stderr) return Promise.resolve();
    return new Promise((resolve) => (out as WriteStream).end(() => resolve()));
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
