// Offline decision then resync: the deployment goes away, the decision fails as "unreachable" (so the engine keeps it
// queued), the same deployment comes back with its threads, and the decision lands.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLangGraphSource } from '../../src/core/sources/langgraph/index.js';
import { SourceUnreachableError, type PulledItem } from '../../src/core/sources/source.js';
import { decide, pullAll } from './helpers/decisions.js';
import { interruptedThread, settledValues, startLangGraphServer, type LangGraphServer } from './helpers/server.js';

let lg: LangGraphServer;
beforeAll(async () => {
  lg = await startLangGraphServer({ workers: 1 });
});
afterAll(async () => {
  await lg?.dispose();
});

describe('offline', () => {
  it('a decision made while the server is down fails as unreachable, then succeeds once it is back', async () => {
    const threadId = await interruptedThread(lg.client, 'inbox', { action: 'email.send', args: { to: 'ceo@example.com', body: 'Hi' } });
    const source = createLangGraphSource({ id: 'lg-off', kind: 'langgraph', name: 'Flaky deployment', url: lg.url, watch: [] }, { logError: () => {}, timeoutMs: 5_000 });
    const { items, cursor } = await pullAll(source);
    const [item] = items as [PulledItem];
    const edited = { name: 'email.send', args: { to: 'ceo@example.com', body: 'Hello, with a proper greeting' } };
    const decision = decide(item, 'approve_with_edits', { editedAction: edited });

    await lg.stop();
    const started = Date.now();
    const pushErr = await source.push([{ decision, externalId: item.externalId }]).catch((e: unknown) => e);
    expect(pushErr).toBeInstanceOf(SourceUnreachableError);
    const pullErr = await source.pull(cursor).catch((e: unknown) => e);
    expect(pullErr).toBeInstanceOf(SourceUnreachableError);
    // No hidden SDK retries: the engine owns backoff, so failing is quick.
    expect(Date.now() - started).toBeLessThan(3_000);

    await lg.start();
    const [res] = await source.push([{ decision, externalId: item.externalId }]);
    expect(res!.status).toBe('accepted');
    const after = await settledValues(lg.client, threadId);
    expect(after.values.executed).toEqual({ action: 'email.send', args: edited.args });
    await source.close();
  });
});
