// Added latency of the Countersign gateway on a pass-through read call (read_text_file, readOnlyHint),
// versus calling the same real @modelcontextprotocol/server-filesystem directly over stdio, sequential calls.
// A third column runs the client against the gateway over Streamable HTTP (the upstream stays stdio).
// Read-only calls never reach the hub, so the hub URL here is never contacted.
// A second table does the same for resources/read of a server-everything resource (a read passes by default).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { spawn } from 'node:child_process';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const fsServer = join(root, 'node_modules/@modelcontextprotocol/server-filesystem/dist/index.js');
const everything = join(root, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js');
const CALLS = 1_000;
const WARMUP = 100;
const TARGET_ADDED_P50_MS = 2; // what a human-facing gateway can afford on a read: invisible next to any model turn
const TARGET_ADDED_P99_MS = 5; // issue #16: the tail a pass-through may add, on both transports

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

type Op = (client: Client) => Promise<number>;

async function timedRead(client: Client, file: string): Promise<number> {
  const t = performance.now();
  const r = await client.callTool({ name: 'read_text_file', arguments: { path: file } });
  const ms = performance.now() - t;
  if (r.isError) throw new Error(`read failed: ${JSON.stringify(r.content)}`);
  return ms;
}

/** Round-robin over the clients, one call each per round, so load from other processes on this shared machine hits every column alike. */
async function timedResource(client: Client, uri: string): Promise<number> {
  const t = performance.now();
  const r = await client.readResource({ uri });
  const ms = performance.now() - t;
  if (!r.contents.length) throw new Error(`resources/read of ${uri} returned nothing`);
  return ms;
}

async function measureInterleaved(clients: Client[], op: Op): Promise<number[][]> {
  for (let i = 0; i < WARMUP; i++) for (const c of clients) await op(c);
  const columns = clients.map((client) => ({ client, ms: [] as number[] }));
  for (let i = 0; i < CALLS; i++) for (const col of columns) col.ms.push(await op(col.client));
  return columns.map(({ ms }) => ms.sort((a, b) => a - b));
}

async function connect(command: string, args: string[]): Promise<Client> {
  const client = new Client({ name: 'bench', version: '1' });
  await client.connect(
    new StdioClientTransport({ command, args, env: { ...getDefaultEnvironment(), COUNTERSIGN_AGENT_TOKEN: 'unused-read-calls-never-reach-the-hub' }, stderr: 'ignore', cwd: root }),
  );
  return client;
}

const dir = mkdtempSync(join(tmpdir(), 'cs-gw-bench-'));
const file = join(dir, 'note.txt');
writeFileSync(file, 'The quick brown fox jumps over the lazy dog.\n'.repeat(20));
const cfgPath = join(dir, 'gateway.json');
writeFileSync(
  cfgPath,
  JSON.stringify({
    hub: { url: 'http://127.0.0.1:9', registerClasses: 'off' },
    upstreams: [
      { name: 'fs', command: process.execPath, args: [fsServer, dir] },
      { name: 'ev', command: process.execPath, args: [everything, 'stdio'] },
    ],
    logFile: join(dir, 'gateway.log'),
  }),
);

const hardStop = setTimeout(() => {
  console.error('gateway bench: over 4 minutes, giving up');
  process.exit(1);
}, 240_000);

try {
  const direct = await connect(process.execPath, [fsServer, dir]);
  const directEv = await connect(process.execPath, [everything, 'stdio']);
  const viaGateway = await connect(process.execPath, ['--import', 'tsx', join(root, 'src/gateway/cli.ts'), '--config', cfgPath]);

  // The gateway over Streamable HTTP on loopback, with a bearer token.
  const token = 'bench-token';
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/gateway/cli.ts'), '--config', cfgPath, '--http', '--port', '0', '--token', token], {
    cwd: root,
    env: { ...getDefaultEnvironment(), COUNTERSIGN_AGENT_TOKEN: 'unused' },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let d: number[], g: number[], h: number[];
  let rd: number[], rg: number[], rh: number[];
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let buf = '';
      child.stdout.on('data', (b: Buffer) => {
        buf += b.toString();
        const m = /listening on (http:\/\/\S+)/.exec(buf);
        if (m?.[1]) resolve(m[1]);
      });
      child.once('exit', (c) => reject(new Error(`gateway exited ${c}`)));
    });
    const httpClient = new Client({ name: 'bench', version: '1' });
    await httpClient.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
    const [dSorted, gSorted, hSorted] = await measureInterleaved([direct, viaGateway, httpClient], (c) => timedRead(c, file));
    if (!dSorted || !gSorted || !hSorted) throw new Error('expected one column of timings per client');
    [d, g, h] = [dSorted, gSorted, hSorted];
    const uri = (await directEv.listResources()).resources[0]!.uri;
    const [rdSorted, rgSorted, rhSorted] = await measureInterleaved([directEv, viaGateway, httpClient], (c) => timedResource(c, uri));
    if (!rdSorted || !rgSorted || !rhSorted) throw new Error('expected one column of timings per client');
    [rd, rg, rh] = [rdSorted, rgSorted, rhSorted];
    await httpClient.close();
  } finally {
    child.kill('SIGTERM');
    await direct.close();
    await directEv.close();
    await viaGateway.close();
  }

  const mean = (s: number[]) => s.reduce((x, y) => x + y, 0) / s.length;
  const table = (title: string, [d, g, h]: number[][]) => {
    console.log(title);
    console.log(
      `${'stat'.padEnd(6)} ${'direct'.padStart(10)} ${'gateway stdio'.padStart(13)} ${'added'.padStart(8)} ${'ratio'.padStart(8)} ${'gateway http'.padStart(12)} ${'added'.padStart(8)}`,
    );
    const row = (name: string, f: (s: number[]) => number) => {
      const a = f(d!);
      const b = f(g!);
      const c = f(h!);
      console.log(
        `${name.padEnd(6)} ${a.toFixed(3).padStart(10)} ${b.toFixed(3).padStart(13)} ${(b - a).toFixed(3).padStart(8)} ${(b / a).toFixed(2).padStart(7)}x ${c.toFixed(3).padStart(12)} ${(c - a).toFixed(3).padStart(8)}`,
      );
    };
    row('p50', (s) => pct(s, 50));
    row('p90', (s) => pct(s, 90));
    row('p99', (s) => pct(s, 99));
    row('mean', mean);
    const verdict = (what: string, added: number, limit: number) =>
      console.log(`target: ${what} < ${limit} ms -> ${added < limit ? 'MET' : 'MISSED'} (${added.toFixed(3)} ms, ratio ${(added / limit).toFixed(2)} of the limit)`);
    verdict('added p50 (stdio)', pct(g!, 50) - pct(d!, 50), TARGET_ADDED_P50_MS);
    verdict('added p99 (stdio)', pct(g!, 99) - pct(d!, 99), TARGET_ADDED_P99_MS);
    verdict('added p99 (http)', pct(h!, 99) - pct(d!, 99), TARGET_ADDED_P99_MS);
  };
  const how = `${CALLS} sequential calls per column, interleaved round-robin (after ${WARMUP} warm-up rounds), ms`;
  table(`read_text_file pass-through, ${how}`, [d, g, h]);
  table(`resources/read pass-through (server-everything), ${how}`, [rd, rg, rh]);
} finally {
  clearTimeout(hardStop);
  rmSync(dir, { recursive: true, force: true });
}
