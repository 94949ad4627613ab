// The embedded default: no sources configured -> the real hub runs in-process with the demo agent,
// every lane fills, decisions sync, and a restart on the same data dir picks up where it left off.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { createConsoleCore } from '../../src/core/api.js';
import { FileSecretStore } from '../../src/core/secrets/secret-store.js';
import type { EventPayload } from '../../src/shared/contract.js';
import { FAST_TIMING, waitFor } from './helpers.js';

const open = (dataDir: string) =>
  createConsoleCore({ dataDir, secretStore: new FileSecretStore(dataDir), mode: 'browser', embedded: true, demo: true, approverName: 'sam', timing: FAST_TIMING, log: () => {} });

it('starts the embedded hub and demo agent, fills the lanes, syncs decisions, and survives a restart', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cs-embedded-'));
  try {
    let core = await open(dataDir);
    const notes: Array<EventPayload<'notify'>> = [];
    core.on('notify', (n) => notes.push(n));
    const info = await core.call('app.info', {});
    expect(info).toMatchObject({ mode: 'browser', secretStorage: 'file-0600', dataDir });
    expect(info.embeddedHubUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const sources = await core.call('sources.list', {});
    // The embedded hub, and the demo's 90 days of history under its own synthetic source (docs/insights.md).
    expect(sources).toHaveLength(2);
    expect(sources[0]).toMatchObject({ name: 'This computer (embedded hub)', embedded: true, hasToken: true });
    expect(sources[1]).toMatchObject({ id: 'demo-history', embedded: false });
    expect(JSON.stringify(sources)).not.toMatch(/cs_|token"\s*:\s*"/); // the token never leaves the Node side
    expect(statSync(join(dataDir, 'secrets.json')).mode & 0o777).toBe(0o600);

    const counts = await waitFor(
      'every lane to fill',
      async () => {
        const c = await core.call('queue.counts', {});
        return c.approvals > 0 && c.reviews > 0 && c.escalations > 0 ? c : null;
      },
      60_000,
      200,
    );
    expect(core.badgeCount()).toBe(counts.approvals + counts.escalations);
    await waitFor('a notification', () => notes.length > 0, 10_000);
    expect(notes[0]?.title).toMatch(/new items need you|Approval needed|Escalated/);

    const first = (await core.call('queue.list', { lane: 'approvals', limit: 1 })).items[0]!; // the lanes filled above
    // Decision rights from the demo policy: the console's person is a support lead and on call, not a finance lead.
    const rows = (await core.call('queue.list', { lane: 'approvals', limit: 200 })).items;
    const detail = await core.call('item.get', { id: first.id });
    expect(detail.identity).toMatchObject({ handle: 'sam', groups: ['support-leads', 'platform-oncall', 'policy-editors'] });
    expect(rows.every((r) => r.mayDecide || r.needs.length > 0)).toBe(true);
    await core.call('item.decide', { id: first.id, verdict: 'reject', feedback: 'Not this one' });
    await waitFor('synced', async () => (await core.call('item.get', { id: first.id })).item.localDecision?.syncState === 'synced', 15_000);
    await core.close();

    // Restart: the embedded hub comes back on a new port; the source follows it, tokens still work.
    core = await open(dataDir);
    const info2 = await core.call('app.info', {});
    expect(info2.embeddedHubUrl).not.toBeNull();
    expect((await core.call('sources.list', {})).filter((s) => s.embedded).map((s) => s.url)).toEqual([info2.embeddedHubUrl]);
    expect((await core.call('item.get', { id: first.id })).item.localDecision?.syncState).toBe('synced');
    // The demo has decision rights: an item this person may decide alone (not one of the two SQL votes).
    const next = await waitFor(
      'an approval after restart',
      async () => (await core.call('queue.list', { lane: 'approvals', limit: 200 })).items.find((i) => i.mayDecide && !i.quorum),
      30_000,
      200,
    );
    await core.call('item.decide', { id: next.id, verdict: 'approve' });
    await waitFor('synced after restart', async () => (await core.call('item.get', { id: next.id })).item.localDecision?.syncState === 'synced', 15_000);
    await core.close();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 120_000);
