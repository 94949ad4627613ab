// Time from an upstream's notifications/tools/list_changed to the gateway's clients holding the updated catalog:
// the gateway re-lists that upstream, re-checks each tool's recorded definition (hash, stricter-of rule), saves its
// state file and announces list_changed; the client then lists. Measured from the moment the fixture upstream sends
// its notification (it writes the time) to the client's tools/list answer that holds the new tool. Real gateway
// process over stdio, the hostile fixture upstream (tools from a file), 40 tools, no hub contact (read-only tools).
import { readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ROUNDS = 30;
const TOOLS = 40;
const TARGET_P50_MS = 100; // a client sees a changed upstream well inside one model turn

const dir = mkdtempSync(join(tmpdir(), 'cs-gw-listbench-'));
const toolsFile = join(dir, 'tools.json');
const tool = (i: number) => ({ name: `tool_${i}`, description: `Tool ${i}`, inputSchema: { type: 'object' }, annotations: { readOnlyHint: true } });
writeFileSync(toolsFile, JSON.stringify(Array.from({ length: TOOLS }, (_, i) => tool(i))));
const cfgPath = join(dir, 'gateway.json');
writeFileSync(
  cfgPath,
  JSON.stringify({
    hub: { url: 'http://127.0.0.1:9', registerClasses: 'off' },
    upstreams: [
      {
        name: 'up',
        command: process.execPath,
        args: ['--import', 'tsx', join(root, 'test/gateway/fixtures/hostile-server.ts'), '--mode', 'file', '--tools', toolsFile],
        cwd: root,
      },
    ],
    logFile: join(dir, 'gateway.log'),
  }),
);
const client = new Client({ name: 'bench', version: '1' });
let changed: (() => void) | null = null;
client.setNotificationHandler(ToolListChangedNotificationSchema, async () => changed?.());
await client.connect(
  new StdioClientTransport({
    command: process.execPath,
    args: ['--import', 'tsx', join(root, 'src/gateway/cli.ts'), '--config', cfgPath],
    env: { ...getDefaultEnvironment(), COUNTERSIGN_AGENT_TOKEN: 'unused' },
    stderr: 'ignore',
    cwd: root,
  }),
);
try {
  await client.listTools();
  const ms: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const name = `tool_${TOOLS + r}`;
    const seen = new Promise<void>((resolve) => (changed = resolve));
    writeFileSync(toolsFile, JSON.stringify([...Array.from({ length: TOOLS + r }, (_, i) => tool(i)), tool(TOOLS + r)]));
    await seen;
    const { tools } = await client.listTools();
    const done = performance.timeOrigin + performance.now();
    if (!tools.some((t) => t.name === name)) throw new Error(`${name} missing after list_changed`);
    const announced = Number(readFileSync(`${toolsFile}.announced`, 'utf8').trim().split('\n').pop());
    ms.push(done - announced);
  }
  ms.sort((a, b) => a - b);
  const pct = (p: number) => ms[Math.min(ms.length - 1, Math.floor((p / 100) * ms.length))]!;
  console.log(`upstream list_changed -> client holds the updated catalog (${TOOLS}+ tools, ${ROUNDS} rounds), ms`);
  console.log(`p50 ${pct(50).toFixed(2)}  p90 ${pct(90).toFixed(2)}  max ${ms[ms.length - 1]!.toFixed(2)}`);
  console.log(`target: p50 < ${TARGET_P50_MS} ms -> ${pct(50) < TARGET_P50_MS ? 'MET' : 'MISSED'} (ratio ${(pct(50) / TARGET_P50_MS).toFixed(2)})`);
} finally {
  await client.close();
  rmSync(dir, { recursive: true, force: true });
}
