// Two gateway processes on one state file (two MCP clients starting the gateway). Every save used to merge each
// section as `{...disk, ...ours}`: a name one gateway had freed came back from the other's unchanged copy, so after a
// restart a bare name a client used went back to a tool that had given it up. Now only what a gateway changed since
// it last read or wrote the file (a set or a delete) is applied over the other's. Real processes, the hostile fixture
// listing tools from files (rewritten to change them: it announces list_changed).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnHub, type HubProcess } from '../helpers/hub.js';
import { eventually, expectNoUnhandledRejection, fileToolsUpstream, startGateway, type RunningGateway } from './helpers.js';

let hub: HubProcess;
let dir: string;
beforeAll(async () => {
  hub = await spawnHub();
  dir = mkdtempSync(join(tmpdir(), 'cs-gw-shared-state-'));
});
afterAll(async () => {
  await hub?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const schema = { type: 'object', properties: {} };
function toolsFile(name: string, names: string[]): string {
  const f = join(dir, `${name}.json`);
  writeFileSync(f, JSON.stringify(names.map((n) => ({ name: n, inputSchema: schema, annotations: { readOnlyHint: true } }))));
  return f;
}
const listed = async (gw: RunningGateway) => (await gw.client.listTools()).tools.map((t) => t.name).sort();

describe('two gateways on one state file', () => {
  it('keep a name one of them freed freed, and keep what each of them added', async () => {
    const stateFile = join(dir, 'shared.state.json');
    const names = () => (JSON.parse(readFileSync(stateFile, 'utf8')) as { names: Record<string, string> }).names;
    const a = toolsFile('a', ['t', 'v']);
    const b = toolsFile('b', ['t']);
    // The second gateway's own view of upstream a, which has not caught up yet with a's change below.
    const aLate = toolsFile('a-late', ['t', 'v']);
    const startFirst = () =>
      startGateway('stdio', { hub: { url: hub.url }, stateFile, upstreams: [fileToolsUpstream('a', a), fileToolsUpstream('b', b)] }, { agentToken: hub.agentToken });
    let first = await startFirst();
    let second: RunningGateway | undefined;
    try {
      expect(await listed(first)).toEqual(['b__t', 't', 'v']);
      expect(names()).toEqual({ t: 'a/t', v: 'a/v' });
      second = await startGateway('stdio', { hub: { url: hub.url }, stateFile, upstreams: [fileToolsUpstream('a', aLate)] }, { agentToken: hub.agentToken });
      expect(await listed(second)).toEqual(['t', 'v']);

      // a stops listing both: the first gateway frees v and gives t to b, and saves that.
      writeFileSync(a, '[]');
      await eventually(async () => ((await listed(first)).join() === 't' ? true : undefined));
      await eventually(async () => (JSON.stringify(names()) === JSON.stringify({ t: 'b/t' }) ? true : undefined));

      // The second gateway saves (a new tool of its own) with t and v unchanged in its memory: they must not come back.
      writeFileSync(aLate, JSON.stringify(['t', 'v', 'u'].map((n) => ({ name: n, inputSchema: schema, annotations: { readOnlyHint: true } }))));
      await eventually(async () => ((await listed(second!)).includes('u') ? true : undefined));
      await eventually(async () => ('u' in names() ? true : undefined));
      expect(names()).toEqual({ t: 'b/t', u: 'a/u' });

      // A restart of the first gateway reads that file: t is still b's, the name its clients used.
      await first.close();
      first = await startFirst();
      expect(await listed(first)).toEqual(['t']);
      expect(names().t).toBe('b/t');
      expectNoUnhandledRejection(first.logFile);
      expectNoUnhandledRejection(second.logFile);
    } finally {
      await first.close();
      await second?.close();
    }
  }, 120_000);
});
