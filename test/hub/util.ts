// Small shared steps for the hub tests (real hub process over HTTP, through the hub client).
import { randomUUID } from 'node:crypto';
import type { ApprovalRequest } from '../../src/shared/domain.js';
import type { Change, DecisionInput, DecisionResult, SubmitBody } from '../../src/shared/protocol.js';
import { getChanges, postDecisions, submitRequest } from '../../src/hub-client/index.js';
import { wellFormed, type HubProcess } from '../helpers/hub.js';

export function proposal(actionClass: string, args: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return { actionClass, action: { name: actionClass.replace(/\./g, '_'), args }, summary: `${actionClass} ${JSON.stringify(args).slice(0, 80)}`, ...extra };
}

export async function submit(hub: HubProcess, body: unknown, opts: { token?: string; key?: string } = {}): Promise<ApprovalRequest> {
  return submitRequest({ url: hub.url, token: opts.token ?? hub.agentToken }, body as SubmitBody, { idempotencyKey: opts.key ?? randomUUID() });
}

export function decisionFor(requestId: string, verdict: string, extra: Record<string, unknown> = {}) {
  return { id: `d-${randomUUID()}`, requestId, verdict, decidedAt: new Date().toISOString(), ...extra };
}

export async function decide(hub: HubProcess, token: string, decisions: unknown[]): Promise<DecisionResult[]> {
  return wellFormed(await postDecisions({ url: hub.url, token }, decisions as DecisionInput[]), 'decide').results;
}

export async function allChanges(hub: HubProcess, token = hub.approverToken, limit = 5000): Promise<Change[]> {
  const out: Change[] = [];
  let after = 0;
  for (;;) {
    const page = wellFormed(await getChanges({ url: hub.url, token }, { after, limit }), 'changes');
    out.push(...page.changes);
    after = page.next;
    if (!page.hasMore) return out;
  }
}
