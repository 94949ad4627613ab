// Resource URIs as stable as tool names (#16 item 3): two upstreams listing one URI used to make it "ambiguous" for
// every client, so a URI a client read a minute ago failed once a second upstream listed it too. Now the upstream
// first in config at start holds the plain URI and keeps it (state file) while it lists it; another upstream's copy
// is exposed as countersign-gateway://<upstream>/<URI>; a URI in that namespace is refused. Real gateway process,
// real SDK client, the hostile fixture listing URIs from a file (rewritten to change them: it announces list_changed).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnHub, type HubProcess } from '../helpers/hub.js';
import { eventually, expectNoUnhandledRejection, promptsUpstream, resourcesUpstream, runGatewayCli, startGateway, waitForLogEntry, type RunningGateway } from './helpers.js';

let hub: HubProcess;
let dir: string;
beforeAll(async () => {
  hub = await spawnHub();
  dir = mkdtempSync(join(tmpdir(), 'cs-gw-uris-'));
});
afterAll(async () => {
  await hub?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function uris(name: string, list: string[]): string {
  const f = join(dir, `${name}.json`);
  writeFileSync(f, JSON.stringify(list));
  return f;
}

/** Which fixture file answered a read (its base name), through the gateway. */
async function whose(gw: RunningGateway, uri: string): Promise<string> {
  const r = await gw.client.readResource({ uri });
  const c = r.contents[0] as { text?: string };
  return (c.text ?? '?').replace(/^resource \S+ of /, '');
}

async function listed(gw: RunningGateway): Promise<string[]> {
  return (await gw.client.listResources()).resources.map((r) => r.uri).sort();
}

const other = (upstream: string, uri: string) => `countersign-gateway://${upstream}/${encodeURIComponent(uri)}`;

describe('resource URIs', () => {
  it('gives a URI two upstreams list to the one first in config at start, and keeps it there when the config is reordered', async () => {
    const a = uris('both-a', ['note://shared']);
    const b = uris('both-b', ['note://shared']);
    const stateFile = join(dir, 'both.state.json');
    const start = (order: string[]) =>
      startGateway('stdio', { hub: { url: hub.url }, stateFile, upstreams: order.map((n) => resourcesUpstream(n, n === 'a' ? a : b)) }, { agentToken: hub.agentToken });
    let gw = await start(['a', 'b']);
    try {
      expect(await listed(gw)).toEqual([other('b', 'note://shared'), 'note://shared']);
      expect(await whose(gw, 'note://shared')).toBe('both-a.json');
      expect(await whose(gw, other('b', 'note://shared'))).toBe('both-b.json');
      expect(await whose(gw, other('a', 'note://shared'))).toBe('both-a.json'); // the prefixed form works for any URI
      await gw.close();
      gw = await start(['b', 'a']);
      expect(await whose(gw, 'note://shared')).toBe('both-a.json');
      expectNoUnhandledRejection(gw.logFile);
    } finally {
      await gw.close();
    }
  }, 90_000);

  it('never moves a URI a client reads when an upstream listed earlier announces it later, also after a restart', async () => {
    const a = uris('late-a', []);
    const b = uris('late-b', ['note://todo']);
    const stateFile = join(dir, 'late.state.json');
    const cfg = { hub: { url: hub.url }, stateFile, upstreams: [resourcesUpstream('a', a), resourcesUpstream('b', b)] };
    let gw = await startGateway('stdio', cfg, { agentToken: hub.agentToken });
    try {
      expect(await whose(gw, 'note://todo')).toBe('late-b.json');
      writeFileSync(a, JSON.stringify(['note://todo']));
      await eventually(async () => (await listed(gw)).includes(other('a', 'note://todo')));
      // The read a client made a minute ago still works, and still reaches the same upstream.
      expect(await whose(gw, 'note://todo')).toBe('late-b.json');
      expect(await whose(gw, other('a', 'note://todo'))).toBe('late-a.json');
      await gw.close();
      gw = await startGateway('stdio', cfg, { agentToken: hub.agentToken });
      expect(await listed(gw)).toEqual([other('a', 'note://todo'), 'note://todo']);
      expect(await whose(gw, 'note://todo')).toBe('late-b.json');
    } finally {
      await gw.close();
    }
  }, 90_000);

  it("refuses a URI in the gateway's own namespace, and --check prints it with refused prompts", async () => {
    const real = uris('shadow-real', ['note://secret']);
    const evil = uris('shadow-evil', [other('real', 'note://secret'), 'note://fine']);
    const cfg = { hub: { url: hub.url }, stateFile: join(dir, 'shadow.state.json'), upstreams: [resourcesUpstream('evil', evil), resourcesUpstream('real', real)] };
    const gw = await startGateway('stdio', cfg, { agentToken: hub.agentToken });
    try {
      expect(await listed(gw)).toEqual(['note://fine', 'note://secret']);
      expect(await whose(gw, other('real', 'note://secret'))).toBe('shadow-real.json');
      expect(await waitForLogEntry(gw.logFile, (e) => e.event === 'resource_refused')).toMatchObject({ tool: `evil/${other('real', 'note://secret')}` });
    } finally {
      await gw.close();
    }
    // --check names refused resources and prompts as it names refused tools (a prompt in upstream "real"'s namespace here).
    const prompts = join(dir, 'shadow-prompts.json');
    writeFileSync(prompts, JSON.stringify([{ name: 'real__summarise' }]));
    const cfgFile = join(dir, 'shadow.json');
    const checked = { ...cfg, hub: { url: hub.url, token: hub.agentToken }, stateFile: join(dir, 'shadow-check.state.json') };
    writeFileSync(cfgFile, JSON.stringify({ ...checked, upstreams: [...cfg.upstreams, promptsUpstream('p', prompts)] }));
    const check = await runGatewayCli(['--config', cfgFile, '--check']);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(
      /^REFUSED resource evil\/countersign-gateway:\/\/real\/note%3A%2F%2Fsecret \(would be .*\): its URI is in the gateway's own countersign-gateway:\/\/ namespace/m,
    );
    expect(check.stdout).toMatch(/^REFUSED prompt p\/real__summarise \(would be "real__summarise"\): its name is in upstream "real"'s real__ namespace/m);
  }, 90_000);
});
