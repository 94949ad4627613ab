// Operations (#12 item 5): readiness, an online backup while the hub takes writes, and a restore that checks the copy
// first, refuses a running hub and keeps the database it replaces. Real hub processes, real SQLite files, the real CLI.
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT, request, spawnHub, type HubProcess } from '../helpers/hub.js';
import { decide, decisionFor, proposal, submit } from './util.js';

const hubs: HubProcess[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const h of hubs.splice(0)) await h.stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'countersign-backup-'));
  dirs.push(d);
  return d;
};
const cliAsync = (...args: string[]) =>
  promisify(execFile)(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'src/hub/cli.ts'), ...args], { cwd: REPO_ROOT, encoding: 'utf8' });
const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'src/hub/cli.ts'), ...args], { cwd: REPO_ROOT, encoding: 'utf8' });

describe('hub operations', () => {
  it('answers readiness, backs up online while submits land, and restores into a new dir that serves the same requests', async () => {
    const h = await spawnHub();
    hubs.push(h);
    expect(await request(h.url, '/v1/ready')).toMatchObject({ status: 200, body: { ready: true } });
    const a = await submit(h, proposal('refund.issue', { amount: 9000 }));
    const b = await submit(h, proposal('refund.issue', { amount: 120 }));
    await decide(h, h.approverToken, [decisionFor(a.id, 'approve')]);

    const out = join(tmp(), 'hub-backup.db');
    // Submits keep landing while the backup runs: the copy is a consistent snapshot, never a torn one.
    let writing = true;
    const during = (async () => {
      for (let i = 0; writing; i++) await submit(h, proposal('refund.issue', { amount: i }));
    })();
    const backup = await cliAsync('backup', '--data', h.dataDir, '--out', out);
    writing = false;
    await during;
    expect(backup.stderr).toBe('');
    expect(backup.stdout).toMatch(/^backed up \d+ requests and \d+ log entries to .*; back up the log signing key/);
    expect((statSync(out).mode & 0o777).toString(8)).toBe('600');
    expect(cli('backup', '--data', h.dataDir, '--out', out)).toMatchObject({ status: 1, stderr: expect.stringContaining('exists: a backup never overwrites a file') });

    // Restoring over the running hub is refused, and its database stays as it was.
    const refused = cli('restore', '--data', h.dataDir, '--from', out);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('restore refused: another Countersign hub is already running on');
    expect((await request(h.url, `/v1/requests/${b.id}`, { token: h.agentToken })).status).toBe(200);

    // A new machine: the backup and the signing key (kept apart from it), then a hub on the restored dir.
    const fresh = tmp();
    copyFileSync(join(h.dataDir, 'log-signing-key.pem'), join(fresh, 'log-signing-key.pem'));
    const restored = cli('restore', '--data', fresh, '--from', out);
    expect(restored.stderr).toBe('');
    expect(restored.stdout).toMatch(/^restored \d+ requests and \d+ log entries into /);
    expect(cli('verify-log', '--data', fresh).status).toBe(0);
    const h2 = await spawnHub({ dataDir: fresh });
    hubs.push(h2);
    const got = await request(h2.url, `/v1/requests/${a.id}/log`, { token: h2.approverToken });
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ verified: true });
    expect((await request(h2.url, `/v1/requests/${a.id}`, { token: h2.approverToken })).body).toMatchObject({ status: 'approved' });
  });

  it('refuses a file that is not a hub database, and a backup whose log was rewritten, leaving the target untouched', async () => {
    const h = await spawnHub();
    hubs.push(h);
    const a = await submit(h, proposal('refund.issue', { amount: 9000 }));
    const dir = tmp();
    const good = join(dir, 'good.db');
    expect(cli('backup', '--data', h.dataDir, '--out', good).status).toBe(0);
    const target = tmp();

    const garbage = join(dir, 'garbage.db');
    writeFileSync(garbage, 'not a database at all, just text '.repeat(200));
    const g = cli('restore', '--data', target, '--from', garbage);
    expect(g.status).toBe(1);
    expect(g.stderr).toMatch(/restore failed: .*not a (readable )?SQLite database/);

    const other = join(dir, 'other.db');
    new Database(other).exec('CREATE TABLE t (x)');
    expect(cli('restore', '--data', target, '--from', other).stderr).toContain('is not a Countersign hub database');

    const tampered = join(dir, 'tampered.db');
    copyFileSync(good, tampered);
    const db = new Database(tampered);
    db.prepare('UPDATE log SET data_json = \'{"amount":1}\' WHERE request_id = ? AND seq = 1').run(a.id);
    db.close();
    const t = cli('restore', '--data', target, '--from', tampered);
    expect(t.status).toBe(1);
    expect(t.stderr).toContain('holds a broken log');
    expect(existsSync(join(target, 'hub.db'))).toBe(false);

    // A restore over an existing (stopped) hub keeps the old database aside.
    await h.kill('SIGTERM');
    const r = cli('restore', '--data', h.dataDir, '--from', good);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('the previous database is kept at');
    expect(readdirSync(h.dataDir).some((f) => f.startsWith('hub.db.before-restore-'))).toBe(true);
  });
});
