// Shared bits for the core's integration tests: a core on a temp dir, submitting through the real hub, waiting.
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConsoleCore, type ConsoleCore } from '../../src/core/api.js';
import { FileSecretStore } from '../../src/core/secrets/secret-store.js';
import type { View } from '../../src/shared/contract.js';
import type { RequestView } from '../../src/shared/protocol.js';
import { request } from '../helpers/hub.js';

// No undo window by default: these tests are about sync; test/core/undo.test.ts runs with the product's window.
export const FAST_TIMING = { pollMinMs: 500, pollMaxMs: 2_000, watchSafetyPollMs: 60_000, backoffBaseMs: 100, backoffMaxMs: 1_000, undoWindowMs: 0 };

export async function makeCore(
  opts: {
    dataDir?: string;
    approverName?: string;
    timing?: object;
    log?: (m: string) => void;
    pageSize?: number;
    sourceDeps?: { watchIntervalMs?: number; deliveryWaitMs?: number };
  } = {},
): Promise<{ core: ConsoleCore; dataDir: string }> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'cs-core-'));
  const core = await createConsoleCore({
    dataDir,
    secretStore: new FileSecretStore(dataDir),
    mode: 'browser',
    embedded: false,
    approverName: opts.approverName ?? 'tester',
    timing: { ...FAST_TIMING, ...opts.timing },
    log: opts.log ?? (() => {}),
    sourceDeps: opts.pageSize || opts.sourceDeps ? { ...opts.sourceDeps, ...(opts.pageSize ? { pageSize: opts.pageSize } : {}) } : undefined,
  });
  return { core, dataDir };
}

export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs = 30_000, everyMs = 50): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
}

/** Submits a refund (fields in `over` replace the defaults) and returns the hub's view of the new request. */
export async function submit(hubUrl: string, agentToken: string, over: Record<string, unknown> = {}): Promise<RequestView> {
  const res = await request<RequestView>(hubUrl, '/v1/requests', {
    method: 'POST',
    token: agentToken,
    headers: { 'idempotency-key': randomUUID() },
    body: {
      actionClass: 'refund.issue',
      action: { name: 'refund.issue', args: { amount: 450, customer: 'Ada Lovelace', ticket: 'T-1' } },
      summary: 'Refund €450 to Ada Lovelace for a parcel that never arrived',
      evidence: [{ title: 'Ticket T-1', text: 'Parcel lost by the carrier' }],
      agent: { id: 'support-bot', name: 'Support bot' },
      ...over,
    },
  });
  if (res.status >= 300) throw new Error(`submit failed ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function listIds(core: ConsoleCore, lane: View): Promise<string[]> {
  const r = await core.call('queue.list', { lane, limit: 1000 });
  return r.items.map((i) => i.id);
}
