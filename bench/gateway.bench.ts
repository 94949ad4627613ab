// Added latency of the Countersign gateway on a pass-through read call (read_text_file, readOnlyHint),
// versus calling the same real @modelcontextprotocol/server-filesystem directly. Both over stdio, sequential calls.
// Read-only calls never reach the hub, so the hub URL here is never contacted.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const fsServer = join(root, 'node_modules/@modelcontextprotocol/server-filesystem/dist/index.js');
const CALLS = 1_000;
const WARMUP = 100;
const TARGET_ADDED_P50_MS = 2; // what a human-facing gateway can afford on a read: invisible next to any model turn

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function measure(client: Client, file: string): Promise<number[]> {
  for (let i = 0; i < WARMUP; i++) await client.callTool({ name: 'read_text_file', arguments: { path: file } });
  const out: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const t = performance.now();
    const r = await client.callTool({ name: 'read_text_file', arguments: { path: file } });
    out.push(performance.now() - t);
    if (r.isError) throw new Error(`read failed: ${JSON.stringify(r.content)}`);
  }
  return out.sort((a, b) => a - b);
}

async function connect(command: string, args: string[]): Promise<Client> {
  const client = new Client({ name: 'bench', version: '1' });
  await client.connect(new StdioClientTransport({ command, args, env: { ...getDefaultEnvironment(), COUNTERSIGN_AGENT_TOKEN: 'unused-read-calls-never-reach-the-hub' }, stderr: 'ignore', cwd: root }));
  return client;
}

const dir = mkdtempSync(join(tmpdir(), 'cs-gw-bench-'));
const file = join(dir, 'note.txt');
writeFileSync(file, 'The quick brown fox jumps over the lazy dog.\n'.repeat(20));
const cfgPath = join(dir, 'gateway.json');
writeFileSync(
  cfgPath,
  JSON.stringify({ hub: { url: 'http://127.0.0.1:9', registerClasses: 'off' }, upstreams: [{ name: 'fs', command: process.execPath, args: [fsServer, dir] }], logFile: join(dir, 'gateway.log') }),
);

const hardStop = setTimeout(() => {
  console.error('gateway bench: over 4 minutes, giving up');
  process.exit(1);
}, 240_000);

try {
  const direct = await connect(process.execPath, [fsServer, dir]);
  const d = await measure(direct, file);
  await direct.close();

  const viaGateway = await connect(process.execPath, ['--import', 'tsx', join(root, 'src/gateway/cli.ts'), '--config', cfgPath]);
  const g = await measure(viaGateway, file);
  await viaGateway.close();

  const row = (name: string, f: (s: number[]) => number) => {
    const a = f(d);
    const b = f(g);
    console.log(`${name.padEnd(6)} ${a.toFixed(3).padStart(10)} ${b.toFixed(3).padStart(12)} ${(b - a).toFixed(3).padStart(12)} ${(b / a).toFixed(2).padStart(8)}x`);
  };
  console.log(`read_text_file pass-through, ${CALLS} sequential calls each over stdio (after ${WARMUP} warm-up), ms`);
  console.log(`${'stat'.padEnd(6)} ${'direct'.padStart(10)} ${'via gateway'.padStart(12)} ${'added'.padStart(12)} ${'ratio'.padStart(9)}`);
  row('p50', (s) => pct(s, 50));
  row('p90', (s) => pct(s, 90));
  row('p99', (s) => pct(s, 99));
  row('mean', (s) => s.reduce((x, y) => x + y, 0) / s.length);
  const added = pct(g, 50) - pct(d, 50);
  console.log(`target: added p50 < ${TARGET_ADDED_P50_MS} ms -> ${added < TARGET_ADDED_P50_MS ? 'MET' : 'MISSED'} (${added.toFixed(3)} ms)`);
} finally {
  clearTimeout(hardStop);
  rmSync(dir, { recursive: true, force: true });
}
