// Hole 7: a data dir that already exists 0755 with 0644 files (an older version, a hand-made dir) is tightened
// at start to 0700 / 0600: console.sqlite and its WAL/SHM, the embedded hub's hub.db and its WAL/SHM, secrets.json.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebHost, type WebHost } from '../../src/web-host/host.js';

let root: string;
let dataDir: string;
let host: WebHost | undefined;
const mode = (p: string) => (statSync(p).mode & 0o777).toString(8);

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'cs-modes-'));
  dataDir = join(root, 'data');
  const hubDir = join(dataDir, 'embedded-hub');
  mkdirSync(hubDir, { recursive: true });
  chmodSync(dataDir, 0o755);
  chmodSync(hubDir, 0o755);
  for (const f of [join(dataDir, 'console.sqlite'), join(dataDir, 'console.sqlite-wal'), join(hubDir, 'hub.db')]) {
    writeFileSync(f, '');
    chmodSync(f, 0o644);
  }
  writeFileSync(join(dataDir, 'secrets.json'), '{}');
  chmodSync(join(dataDir, 'secrets.json'), 0o644);
  host = await startWebHost({ dataDir, embedded: true, demo: false, rendererDir: join(root, 'none'), log: () => {} });
}, 60_000);
afterAll(async () => {
  await host?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('data dir and file modes', () => {
  it('tightens existing dirs to 0700 and every database, WAL/SHM and secrets file to 0600', () => {
    expect(mode(dataDir)).toBe('700');
    expect(mode(join(dataDir, 'embedded-hub'))).toBe('700');
    for (const f of ['console.sqlite', 'console.sqlite-wal', 'console.sqlite-shm', 'secrets.json', 'embedded-hub/hub.db', 'embedded-hub/hub.db-wal', 'embedded-hub/hub.db-shm'])
      expect([f, mode(join(dataDir, f))]).toEqual([f, '600']);
  });
});
