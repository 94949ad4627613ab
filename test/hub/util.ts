// Small shared steps for the hub tests (real hub process over HTTP).
import { randomUUID } from 'node:crypto';
import type { ApprovalRequest } from '../../src/shared/domain.js';
import type { DecisionResult } from '../../src/shared/protocol.js';
import { request, type HubProcess } from '../helpers/hub.js';

export function proposal(actionClass: string, args: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return { actionClass, action: { name: actionClass.replace(/\./g, '_'), args }, summary: `${actionClass} ${JSON.stringify(args).slice(0, 80)}`, ...extra };
}

export async function submit(hub: HubProcess, body: unknown, opts: { token?: string; key?: string } = {}): Promise<ApprovalRequest> {
  const r = await request<ApprovalRequest>(hub.url, '/v1/requests', { token: opts.token ?? hub.agentToken, body, headers: { 'idempotency-key': opts.key ?? randomUUID() } });
  if (r.status !== 201 && r.status !== 200) throw new Error(`submit failed ${r.status}: ${JSON.stringify(r.body).slice(0, 500)}`);
  return r.body;
}

export function decisionFor(requestId: string, verdict: string, extra: Record<string, unknown> = {}) {
  return { id: `d-${randomUUID()}`, requestId, verdict, decidedAt: new Date().toISOString(), ...extra };
}

export async function decide(hub: HubProcess, token: string, decisions: unknown[]): Promise<DecisionResult[]> {
  const r = await request<{ results: DecisionResult[] }>(hub.url, '/v1/decisions', { token, body: { decisions } });
  if (r.status !== 200) throw new Error(`decide failed ${r.status}: ${JSON.stringify(r.body).slice(0, 500)}`);
  return r.body.results;
}

export async function allChanges(hub: HubProcess, token = hub.approverToken, limit = 5000) {
  const out: Array<{ cursor: number; kind: string; request: ApprovalRequest }> = [];
  let after = 0;
  for (;;) {
    const r = await request<{ changes: typeof out; next: number; hasMore: boolean }>(hub.url, `/v1/changes?after=${after}&limit=${limit}`, { token });
    if (r.status !== 200) throw new Error(`changes failed ${r.status}`);
    out.push(...r.body.changes);
    after = r.body.next;
    if (!r.body.hasMore) return out;
  }
}
