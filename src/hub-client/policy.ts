// The policy's versions: change it with a rationale (admin), list the history, read one version, diff two.
import { ActionClassList, PolicyDiffView, PolicyVersionDetail, PolicyVersionList, type PutPolicyBody } from '../shared/protocol.js';
import type { z } from 'zod';
import { PolicyProposalResult, type PolicyProposalBody } from '../shared/policy-proposal.js';
import { hubCall, type HubConnection } from './transport.js';

interface CallOptions {
  signal?: AbortSignal;
}

/** PUT /v1/action-classes with a rationale (and the version the change started from): answers the new version. */
export async function changePolicy(conn: HubConnection, body: PutPolicyBody, opts: CallOptions = {}): Promise<z.infer<typeof ActionClassList>> {
  return hubCall(conn, { method: 'PUT', path: '/v1/action-classes', json: body, signal: opts.signal }, ActionClassList);
}

/** GET /v1/action-classes: the current policy and its version. */
export async function getPolicy(conn: HubConnection, opts: CallOptions = {}): Promise<z.infer<typeof ActionClassList>> {
  return hubCall(conn, { path: '/v1/action-classes', signal: opts.signal }, ActionClassList);
}

/** GET /v1/policy/versions */
export async function listPolicyVersions(conn: HubConnection, opts: CallOptions = {}): Promise<z.infer<typeof PolicyVersionList>> {
  return hubCall(conn, { path: '/v1/policy/versions', signal: opts.signal }, PolicyVersionList);
}

/** GET /v1/policy/versions/:version */
export async function getPolicyVersion(conn: HubConnection, version: number, opts: CallOptions = {}): Promise<z.infer<typeof PolicyVersionDetail>> {
  return hubCall(conn, { path: `/v1/policy/versions/${version}`, signal: opts.signal }, PolicyVersionDetail);
}

/** GET /v1/policy/diff?from&to */
export async function getPolicyDiff(conn: HubConnection, from: number, to: number, opts: CallOptions = {}): Promise<z.infer<typeof PolicyDiffView>> {
  return hubCall(conn, { path: `/v1/policy/diff?from=${from}&to=${to}`, signal: opts.signal }, PolicyDiffView);
}

/** POST /v1/policy/proposals: one class's change from a named version, idempotent by `id`. */
export async function proposePolicyChange(conn: HubConnection, body: PolicyProposalBody, opts: CallOptions = {}): Promise<PolicyProposalResult> {
  return hubCall(conn, { method: 'POST', path: '/v1/policy/proposals', json: body, signal: opts.signal }, PolicyProposalResult);
}
