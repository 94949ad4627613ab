// A policy proposal made offline (#13 item 3) syncs like a decision: written locally first, kept across a console
// restart, sent once when the hub is back, applied with its rationale and author; one made from a version that moved
// on meanwhile comes back refused with the hub's message; someone the hub named as not allowed is refused at once.
// Real hub process, real console core and SQLite, the link cut with a TCP relay.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ConsoleCore } from '../../src/core/api.js';
import { createToken, getActionClasses, listPolicyVersions, proposePolicyChange } from '../../src/hub-client/index.js';
import { POLICY_EDITOR_GROUP } from '../../src/shared/policy-proposal.js';
import { spawnHub, type HubProcess } from '../helpers/hub.js';
import { tcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';
import { makeCore, waitFor } from './helpers.js';

let hub: HubProcess;
let link: TcpProxy;
const cores: ConsoleCore[] = [];
beforeAll(async () => {
  hub = await spawnHub();
  link = await tcpProxy(hub.url);
});
afterAll(async () => {
  for (const c of cores) await c.close().catch(() => {});
  await link?.close();
  await hub?.stop();
});

async function coreWith(token: string) {
  const { core, dataDir: dir } = await makeCore();
  cores.push(core);
  const src = await core.call('sources.add', { kind: 'hub', name: 'Hub', url: link.url, token });
  await waitFor('the hub to name this console', async () => (await core.call('sources.list', {})).find((s) => s.id === src.id)?.identity);
  return { core, dataDir: dir, sourceId: src.id };
}

it('an offline proposal survives a restart, is applied once when the hub is back, and a stale one is refused with the reason', async () => {
  const editor = await createToken({ url: hub.url, token: hub.adminToken }, { role: 'approver', name: 'pat.editor', groups: [POLICY_EDITOR_GROUP] });
  const first = await coreWith(editor);
  const online = (await first.core.call('policy.get', {})).sources[0]!;
  expect(online).toMatchObject({ state: 'ok', version: 1, mayChange: true, cachedAt: null });
  const refund = online.classes.find((c) => c.name === 'refund.issue')!;

  await link.cut();
  // Offline the what-if still starts from the real policy: the copy last read, saying when.
  const offline = (await first.core.call('policy.get', {})).sources[0]!;
  expect(offline.state).toBe('unreachable');
  expect(offline.cachedAt).not.toBeNull();
  expect(offline.classes.find((c) => c.name === 'refund.issue')).toEqual(refund);
  const queued = await first.core.call('policy.propose', {
    sourceId: first.sourceId,
    baseVersion: offline.version,
    actionClass: { ...refund, override: 'review' },
    rationale: 'Never changed in 312 decisions',
    evidence: { recommendation: 'relax', decided: 312 },
  });
  expect(queued).toMatchObject({ state: 'local', className: 'refund.issue', baseVersion: 1, author: 'pat.editor' });
  // A second one from the same (now about to be stale) version: the first one will move the policy on.
  const email = offline.classes.find((c) => c.name === 'email.send')!;
  await first.core.call('policy.propose', { sourceId: first.sourceId, baseVersion: 1, actionClass: { ...email, override: 'review' }, rationale: 'also relax email' });
  await new Promise((r) => setTimeout(r, 500));
  expect((await first.core.call('policy.proposals', {})).proposals.map((p) => p.state)).toEqual(['local', 'local']);
  expect((await listPolicyVersions({ url: hub.url, token: hub.adminToken })).current).toBe(1);

  // The console closes while offline; a new one on the same data dir sends what the first acknowledged.
  await first.core.close();
  const { core } = await makeCore({ dataDir: first.dataDir });
  cores.push(core);
  expect((await core.call('policy.proposals', {})).proposals.map((p) => p.state)).toEqual(['local', 'local']);
  await link.restore();
  const settled = await waitFor('both proposals to settle', async () => {
    const ps = (await core.call('policy.proposals', {})).proposals;
    return ps.every((p) => p.state === 'applied' || p.state === 'refused') ? ps : null;
  });
  const [emailP, refundP] = settled; // newest first
  expect(refundP).toMatchObject({ id: queued.id, state: 'applied', resultVersion: 2, error: null });
  expect(emailP).toMatchObject({ state: 'refused', errorCode: 'policy_moved_on' });
  expect(emailP!.error).toContain('now at version 2 by pat.editor');

  const versions = await listPolicyVersions({ url: hub.url, token: hub.adminToken });
  expect(versions.current).toBe(2); // applied exactly once
  expect(versions.versions[1]).toMatchObject({ author: 'pat.editor', rationale: 'Never changed in 312 decisions', evidence: { recommendation: 'relax', decided: 312 } });
  expect((await getActionClasses({ url: hub.url, token: hub.adminToken })).find((c) => c.name === 'refund.issue')!.override).toBe('review');
  // The console's view of the policy follows.
  expect((await core.call('policy.get', {})).sources[0]).toMatchObject({ state: 'ok', version: 2 });
});

it('refuses at once a proposal from someone the hub named as not allowed, and the hub refuses it too', async () => {
  const plain = await createToken({ url: hub.url, token: hub.adminToken }, { role: 'approver', name: `plain-${randomUUID().slice(0, 6)}` });
  const { core, sourceId } = await coreWith(plain);
  const p = (await core.call('policy.get', {})).sources[0]!;
  expect(p.mayChange).toBe(false);
  const cls = p.classes.find((c) => c.name === 'summary.draft')!;
  await expect(core.call('policy.propose', { sourceId, baseVersion: p.version, actionClass: { ...cls, auditSampleRate: 0.5 }, rationale: 'more samples' })).rejects.toMatchObject({
    code: 'forbidden',
    message: expect.stringContaining(POLICY_EDITOR_GROUP),
  });
  expect((await core.call('policy.proposals', {})).proposals).toEqual([]);
  await expect(
    proposePolicyChange({ url: hub.url, token: plain }, { id: `p-${randomUUID()}`, baseVersion: p.version, actionClass: { ...cls, auditSampleRate: 0.5 }, rationale: 'x' }),
  ).rejects.toMatchObject({ status: 403 });
  // Invalid input is named field by field before anything is stored.
  await expect(core.call('policy.propose', { sourceId, baseVersion: -1, actionClass: { ...cls, approvals: 0 }, rationale: '' })).rejects.toMatchObject({
    code: 'invalid_input',
  });
});
