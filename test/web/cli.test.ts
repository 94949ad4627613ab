// `npm run web` as a real child process: exactly one line with the URL, loopback only, seeded items, clean stop.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { openWs, sessionFor } from './session.js';
import { rawDataText } from '../../src/web-host/ws-rpc.js';
import { REPO_ROOT } from '../helpers/hub.js';

it('prints one URL line, serves seeded items over /ws, and stops on SIGTERM', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cs-cli-'));
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'src/web-host/cli.ts'), '--data', dataDir, '--no-embedded', '--no-demo', '--seed-items', '500'], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (b) => (err += b));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no URL line:\n${out}\n${err}`)), 30_000);
      child.stdout.on('data', (b) => {
        out += b;
        const m = /^Countersign \(browser mode\): (http:\/\/127\.0\.0\.1:\d+\/\?launch=[A-Za-z0-9_-]{32})$/m.exec(out);
        if (m?.[1]) {
          clearTimeout(t);
          resolve(m[1]);
        }
      });
    });
    const ws = await openWs(Number(new URL(url).port), await sessionFor(url));
    const answer = await new Promise<any>((resolve) => {
      ws.once('message', (d) => resolve(JSON.parse(rawDataText(d))));
      ws.send(JSON.stringify({ t: 'call', id: 7, method: 'queue.counts', input: {} }));
    });
    ws.close();
    expect(answer.ok).toBe(true);
    expect(answer.output.approvals + answer.output.escalations + answer.output.reviews + answer.output.audit).toBe(500);
    const code = await new Promise<number | null>((resolve) => {
      child.once('exit', (c) => resolve(c));
      child.kill('SIGTERM');
    });
    expect(code).toBe(0);
    expect(out.trim().split('\n')).toHaveLength(1);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
});
