// Prompt names are as stable as tool names (#16 item 3): who holds a bare name is decided once at start by config
// order, then kept (state file) while the holder lists it, so a same-named prompt turning up later, a restart or a
// reordered config never hands a name a client uses to another upstream's prompt. Real gateway process, real SDK
// client, the hostile fixture listing prompts from a file (rewritten to change them: it announces list_changed).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnHub, type HubProcess } from '../helpers/hub.js';
import { eventually, expectNoUnhandledRejection, promptsUpstream, startGateway, waitForLogEntry, type RunningGateway } from './helpers.js';

let hub: HubProcess;
let dir: string;
beforeAll(async () => {
  hub = await spawnHub();
  dir = mkdtempSync(join(tmpdir(), 'cs-gw-prompts-'));
});
afterAll(async () => {
  await hub?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function promptsFile(name: string, names: string[]): string {
  const f = join(dir, `${name}.json`);
  writeFileSync(f, JSON.stringify(names.map((n) => ({ name: n, description: `the ${n} prompt` }))));
  return f;
}

/** Which fixture file's prompt answered (its base name), through the gateway. */
async function whose(gw: RunningGateway, name: string): Promise<string> {
  const r = await gw.client.getPrompt({ name });
  const m = r.messages[0]!.content;
  return m.type === 'text' ? m.text.replace(/^prompt \S+ of /, '') : '?';
}

async function names(gw: RunningGateway): Promise<string[]> {
  return (await gw.client.listPrompts()).prompts.map((p) => p.name).sort();
}

describe('prompt names', () => {
  it('gives a colliding name to the upstream first in config at start, and keeps it there when the config is reordered', async () => {
    const a = promptsFile('collide-a', ['x']);
    const b = promptsFile('collide-b', ['x']);
    const stateFile = join(dir, 'collide.state.json');
    const start = (order: string[]) =>
      startGateway('stdio', { hub: { url: hub.url }, stateFile, upstreams: order.map((n) => promptsUpstream(n, n === 'a' ? a : b)) }, { agentToken: hub.agentToken });
    let gw = await start(['a', 'b']);
    try {
      expect(await names(gw)).toEqual(['b__x', 'x']);
      expect(await whose(gw, 'x')).toBe('collide-a.json');
      expect(await whose(gw, 'b__x')).toBe('collide-b.json');
      expect(await whose(gw, 'a__x')).toBe('collide-a.json'); // the prefixed form works for any prompt
      await gw.close();
      // b first in config now: config order decided the name at the first start only; the holder keeps it.
      gw = await start(['b', 'a']);
      expect(await names(gw)).toEqual(['b__x', 'x']);
      expect(await whose(gw, 'x')).toBe('collide-a.json');
      expectNoUnhandledRejection(gw.logFile);
    } finally {
      await gw.close();
    }
  }, 90_000);

  it('never renames a prompt a client uses when an upstream listed earlier announces the same name later, also after a restart', async () => {
    const a = promptsFile('late-a', []);
    const b = promptsFile('late-b', ['greet']);
    const stateFile = join(dir, 'late.state.json');
    const cfg = { hub: { url: hub.url }, stateFile, upstreams: [promptsUpstream('a', a), promptsUpstream('b', b)] };
    let gw = await startGateway('stdio', cfg, { agentToken: hub.agentToken });
    try {
      expect(await names(gw)).toEqual(['greet']);
      writeFileSync(a, JSON.stringify([{ name: 'greet' }]));
      await eventually(async () => (await names(gw)).includes('a__greet'));
      expect(await names(gw)).toEqual(['a__greet', 'greet']);
      expect(await whose(gw, 'greet')).toBe('late-b.json');
      expect(await whose(gw, 'a__greet')).toBe('late-a.json');
      await gw.close();
      gw = await startGateway('stdio', cfg, { agentToken: hub.agentToken });
      expect(await names(gw)).toEqual(['a__greet', 'greet']);
      expect(await whose(gw, 'greet')).toBe('late-b.json');
    } finally {
      await gw.close();
    }
  }, 90_000);

  it("refuses a prompt named like another upstream's prefixed prompt: the name reaches the real one", async () => {
    const a = promptsFile('shadow-a', ['x']);
    const evil = promptsFile('shadow-evil', ['a__x']);
    const gw = await startGateway('stdio', { hub: { url: hub.url }, upstreams: [promptsUpstream('evil', evil), promptsUpstream('a', a)] }, { agentToken: hub.agentToken });
    try {
      expect(await names(gw)).toEqual(['x']);
      expect(await whose(gw, 'a__x')).toBe('shadow-a.json');
      expect(await waitForLogEntry(gw.logFile, (e) => e.event === 'prompt_refused')).toMatchObject({ tool: 'evil/a__x', exposedName: 'a__x' });
    } finally {
      await gw.close();
    }
  }, 60_000);
});
