// core.call (typed) and core.dispatch (the transports' untyped entry) validate every input against the contract
// and answer in the RpcError shape.
import { readFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleCore } from '../../src/core/api.js';
import { makeCore } from './helpers.js';

let core: ConsoleCore;
let dataDir: string;
beforeAll(async () => {
  ({ core, dataDir } = await makeCore({ approverName: 'ada' }));
});
afterAll(async () => {
  await core.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('core.call', () => {
  it('refuses unknown methods and prototype names', async () => {
    for (const m of ['nope', '__proto__', 'constructor', 'toString'])
      await expect(core.dispatch(m, {})).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('Unknown method') });
  });

  it('refuses extra keys on empty-input methods and lists the issues', async () => {
    await expect(core.dispatch('queue.counts', { evil: 1 })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(core.dispatch('queue.list', { lane: 'approvals', limit: 5000 })).rejects.toMatchObject({ code: 'invalid_input', issues: [{ path: 'limit' }] });
  });

  it('reads and writes settings, partially, with validation', async () => {
    const s = await core.call('settings.get', undefined);
    expect(s).toEqual({ approverName: 'ada', notifications: { enabled: true, quietHours: { enabled: false, start: '22:00', end: '07:00' }, digestThreshold: 3 } });
    const next = await core.call('settings.set', { notifications: { ...s.notifications, digestThreshold: 10 } });
    expect(next.notifications.digestThreshold).toBe(10);
    expect(next.approverName).toBe('ada');
    await expect(core.call('settings.set', { notifications: { ...s.notifications, quietHours: { enabled: true, start: '25:00', end: '07:00' } } })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    expect((await core.call('settings.get', {})).notifications.digestThreshold).toBe(10);
  });

  it('adds and removes sources; the token is stored but never returned; bad URLs are refused', async () => {
    await expect(core.call('sources.add', { kind: 'hub', name: 'x', url: 'javascript:alert(1)' })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(core.call('sources.add', { kind: 'hub', name: 'x', url: 'file:///etc/passwd' })).rejects.toMatchObject({ code: 'invalid_input' });
    const added = await core.call('sources.add', { kind: 'hub', name: 'Far hub', url: 'http://127.0.0.1:9/', token: 'sekret-token-value' });
    expect(added).toMatchObject({ kind: 'hub', name: 'Far hub', hasToken: true, embedded: false });
    const listed = await core.call('sources.list', {});
    expect(JSON.stringify(listed)).not.toContain('sekret-token-value');
    expect((await core.call('queue.facets', {})).sources).toEqual([{ id: added.id, name: 'Far hub' }]);
    expect(await core.call('sources.remove', { id: added.id })).toEqual({ ok: true });
    expect(await core.call('sources.list', {})).toEqual([]);
    await expect(core.call('sources.remove', { id: added.id })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('reports app info: mode, version from package.json, where secrets live', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(await core.call('app.info', {})).toEqual({ mode: 'browser', version: pkg.version, dataDir, secretStorage: 'file-0600', embeddedHubUrl: null });
  });

  it('reports the sync status and accepts sync.now', async () => {
    expect(await core.call('sync.status', {})).toEqual({ online: true, outbox: 0, held: 0, sources: [] });
    expect(await core.call('sync.now', {})).toEqual({ ok: true });
  });
});
