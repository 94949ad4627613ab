// The policy-proposal round trip (#13 benchmark): a person applies a proposed change in the console, and it is
// written to the console's outbox, sent by the source's runner, applied by the hub (a new signed, hash-chained policy
// version) and its answer is back in the console as `applied`. Real hub process over HTTP, real console core and
// SQLite files; each round proposes from the version the previous one made. Printed: median, p90, max, with the load.
import { loadavg } from 'node:os';
import { createToken, listPolicyVersions } from '../src/hub-client/index.js';
import { POLICY_EDITOR_GROUP } from '../src/shared/policy-proposal.js';
import { makeCore, waitFor } from '../test/core/helpers.js';
import { spawnHub } from '../test/helpers/hub.js';

const ROUNDS = Number(process.env.PROPOSAL_BENCH_ROUNDS ?? 20);
const hub = await spawnHub();
const { core } = await makeCore();
try {
  const editor = await createToken({ url: hub.url, token: hub.adminToken }, { role: 'approver', name: 'bench.editor', groups: [POLICY_EDITOR_GROUP] });
  const src = await core.call('sources.add', { kind: 'hub', name: 'Hub', url: hub.url, token: editor });
  await waitFor('the hub to name this console', async () => (await core.call('sources.list', {})).find((s) => s.id === src.id)?.identity);
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const policy = (await core.call('policy.get', {})).sources[0]!;
    const refund = policy.classes.find((c) => c.name === 'refund.issue')!;
    const t0 = performance.now();
    const p = await core.call('policy.propose', {
      sourceId: src.id,
      baseVersion: policy.version,
      actionClass: { ...refund, override: refund.override === 'review' ? null : 'review' },
      rationale: `bench round ${i}`,
    });
    const done = await waitFor(
      'the proposal to be applied',
      async () => (await core.call('policy.proposals', {})).proposals.find((x) => x.id === p.id && x.state !== 'local' && x.state !== 'syncing'),
      30_000,
      2,
    );
    times.push(performance.now() - t0);
    if (done.state !== 'applied') throw new Error(`round ${i}: ${done.state} ${done.error ?? ''}`);
  }
  const versions = await listPolicyVersions({ url: hub.url, token: hub.adminToken });
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(0);
  console.log(
    `policy proposal round trip (policy.propose -> outbox -> POST /v1/policy/proposals -> new version -> applied in the console), ${ROUNDS} rounds: median ${at(0.5)} ms, p90 ${at(0.9)} ms, max ${at(1)} ms; hub at version ${versions.current}; load ${loadavg()[0]!.toFixed(1)}`,
  );
} finally {
  await core.close();
  await hub.stop();
}
