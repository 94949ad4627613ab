// Item 9: the keyed audit chain. Someone who can write hub.db rewrites an entry and recomputes the documented
// sha256 chain and the stored head, so the chain alone verifies. The hub's Ed25519 signatures (key kept outside the
// database) and its signed checkpoints, exported and anchored elsewhere, catch it; verify-log names what was rewritten.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { GENESIS_HASH, hashLogEntry } from '../../src/shared/log-chain.js';
import { sha256Hex } from '../../src/node-shared/sha256.js';
import { createSigningKeyFile, entrySignatureValid, foldLogHead, parsePublicKeyPem, signCheckpoint, signPolicyVersion, signEntry } from '../../src/node-shared/log-signing.js';
import { REPO_ROOT, request, spawnHub, type HubProcess } from '../helpers/hub.js';
import { decide, decisionFor, proposal, submit } from './util.js';

let hub: HubProcess | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await hub?.stop();
  hub = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function cli(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'src/hub/cli.ts'), ...args], { cwd: REPO_ROOT, encoding: 'utf8' });
}

interface Row {
  id: number;
  request_id: string;
  seq: number;
  event: string;
  actor: string;
  at: string;
  data_json: string;
  prev_hash: string;
  hash: string;
}

/** What a database writer without the key can do: edit an entry, then recompute that request's chain and head. */
function rewriteAndRechain(file: string, requestId: string, edit: (data: string) => string): void {
  const db = new Database(file);
  const rows = db.prepare('SELECT * FROM log WHERE request_id = ? ORDER BY seq').all(requestId) as Row[];
  rows[0]!.data_json = edit(rows[0]!.data_json);
  let prev = GENESIS_HASH;
  for (const r of rows) {
    const hash = hashLogEntry(prev, { seq: r.seq, requestId, event: r.event as never, actor: r.actor, at: r.at, data: JSON.parse(r.data_json) }, sha256Hex);
    db.prepare('UPDATE log SET data_json = ?, prev_hash = ?, hash = ? WHERE id = ?').run(r.data_json, prev, hash, r.id);
    prev = hash;
  }
  db.prepare('UPDATE requests SET log_head = ? WHERE id = ?').run(prev, requestId);
  db.close();
}

async function signedHub(): Promise<{ h: HubProcess; ids: string[] }> {
  const h = (hub = await spawnHub());
  const a = await submit(h, proposal('refund.issue', { amount: 9000 }));
  const b = await submit(h, proposal('refund.issue', { amount: 120 }));
  await decide(h, h.approverToken, [decisionFor(a.id, 'approve'), decisionFor(b.id, 'approve')]);
  return { h, ids: [a.id, b.id] };
}

describe('signed log entries and checkpoints', () => {
  it('signs every entry with a key kept 0600 outside the database and publishes the public key', async () => {
    const { h, ids } = await signedHub();
    const key = join(h.dataDir, 'log-signing-key.pem');
    expect((statSync(key).mode & 0o777).toString(8)).toBe('600');
    const pub = await request(h.url, '/v1/log/public-key', { token: h.agentToken });
    expect(pub.status).toBe(200);
    expect(pub.body).toMatchObject({ algorithm: 'Ed25519', keyId: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect(readFileSync(key, 'utf8')).not.toContain(pub.body.publicKey.split('\n')[1]);
    const log = await request(h.url, `/v1/requests/${ids[0]}/log`, { token: h.approverToken });
    expect(log.body.verified).toBe(true);
    // Each entry verifies alone against the published key, whether signed by itself or with its transaction's batch.
    const published = parsePublicKeyPem(pub.body.publicKey);
    for (const e of log.body.entries) expect(entrySignatureValid(published, e, e.sig)).toBe(true);
    expect(log.body.entries.some((e: { sig: string }) => e.sig.startsWith('m1.'))).toBe(true);
    expect((await request(h.url, '/v1/log/checkpoints', { token: h.approverToken })).status).toBe(403);
    const exported = await request(h.url, '/v1/log/checkpoints', { token: h.adminToken });
    expect(exported.body).toMatchObject({ format: 'countersign.log-checkpoints.v1', keyId: pub.body.keyId, publicKey: pub.body.publicKey });
    expect(exported.body.checkpoints.at(-1).seq).toBe(4);
  });

  it('an honest log passes; a rewritten, re-chained entry fails naming the request and entry', async () => {
    const { h, ids } = await signedHub();
    await h.kill('SIGTERM'); // a clean stop checkpoints the tail
    const honest = cli('verify-log', '--data', h.dataDir);
    expect(honest.stdout).toMatch(/^OK: 2 requests, 4 log entries, key [0-9a-f]{16}, 1 checkpoints, 0 entries after the last checkpoint, 0 problems$/m);
    expect(honest.status).toBe(0);

    rewriteAndRechain(join(h.dataDir, 'hub.db'), ids[0]!, (d) => d.replace('9000', '90'));
    const v = cli('verify-log', '--data', h.dataDir);
    expect(v.status).toBe(1);
    // The chain alone no longer sees it; the signature names the entry, the checkpoint the log position.
    expect(v.stdout).not.toContain(`TAMPERED request ${ids[0]} at entry 1: hash`);
    expect(v.stdout).toContain(`TAMPERED request ${ids[0]} at entry 1: signature does not match the entry (rewritten and the chain recomputed)`);
    expect(v.stdout).toContain('TAMPERED log at position 4: the log up to position 4 does not match the checkpoint signed at');
    expect(v.stdout).toMatch(/^FAILED: /m);

    // The hub itself says so too, and so does its per-request answer.
    await h.restart();
    const log = await request(h.url, `/v1/requests/${ids[0]}/log`, { token: h.approverToken });
    expect(log.body.verified).toBe(false);
    expect(log.body.problem).toMatchObject({ brokenAt: 1 });
  });

  it('fails without the key file, and the hub refuses to start on a signed log without its key', async () => {
    const { h } = await signedHub();
    await h.kill('SIGTERM');
    const keyFile = join(h.dataDir, 'log-signing-key.pem');
    const kept = join(mkdtempSync(join(tmpdir(), 'cs-key-')), 'k.pem');
    dirs.push(join(kept, '..'));
    copyFileSync(keyFile, kept);
    unlinkSync(keyFile);
    const v = cli('verify-log', '--data', h.dataDir);
    expect(v.status).toBe(1);
    expect(v.stdout).toContain(`FAILED: no log signing key at ${keyFile} and no --public-key: the signatures cannot be checked`);
    const start = cli('--port', '0', '--data', h.dataDir);
    expect(start.status).not.toBe(0);
    expect(start.stderr).toMatch(/the log signing key .* is missing, but this hub's log is signed by key [0-9a-f]{16}: restore that file/);
    // The key given elsewhere (--log-key) works.
    expect(cli('verify-log', '--data', h.dataDir, '--log-key', kept).status).toBe(0);
  });

  it('an anchored checkpoint export catches a writer who replaced the key and re-signed everything', async () => {
    const { h, ids } = await signedHub();
    await h.kill('SIGTERM');
    const anchorDir = mkdtempSync(join(tmpdir(), 'cs-anchor-'));
    dirs.push(anchorDir);
    const anchor = join(anchorDir, 'checkpoints.json');
    const ex = cli('export-checkpoints', '--data', h.dataDir, '--out', anchor);
    expect(ex.status, ex.stderr).toBe(0);
    const exported = JSON.parse(readFileSync(anchor, 'utf8')) as { publicKey: string; keyId: string };
    const pubFile = join(anchorDir, 'hub.pub.pem');
    writeFileSync(pubFile, exported.publicKey);

    // The attacker rewrites, makes a key of their own and re-signs every entry and checkpoint with it.
    const file = join(h.dataDir, 'hub.db');
    rewriteAndRechain(file, ids[0]!, (d) => d.replace('9000', '90'));
    unlinkSync(join(h.dataDir, 'log-signing-key.pem'));
    const theirs = createSigningKeyFile(join(h.dataDir, 'log-signing-key.pem'));
    const db = new Database(file);
    db.exec('DELETE FROM log_checkpoints');
    let head = GENESIS_HASH;
    let last = 0;
    for (const r of db.prepare('SELECT id, request_id AS requestId, seq, hash FROM log ORDER BY id').all() as Array<{ id: number; requestId: string; seq: number; hash: string }>) {
      db.prepare('UPDATE log SET sig = ? WHERE id = ?').run(signEntry(theirs, r), r.id);
      head = foldLogHead(head, r.hash);
      last = r.id;
    }
    // ... and the policy versions, which the same key signs.
    for (const p of db.prepare('SELECT version, hash FROM policy_versions').all() as Array<{ version: number; hash: string }>)
      db.prepare('UPDATE policy_versions SET sig = ? WHERE version = ?').run(signPolicyVersion(theirs, p), p.version);
    const c = signCheckpoint(theirs, { seq: last, head, at: new Date().toISOString() });
    db.prepare('INSERT INTO log_checkpoints VALUES (?,?,?,?,?)').run(c.seq, c.head, c.at, c.keyId, c.signature);
    db.close();

    expect(cli('verify-log', '--data', h.dataDir).status).toBe(0); // their key, their signatures: only the anchor knows
    const v = cli('verify-log', '--data', h.dataDir, '--public-key', pubFile, '--checkpoints', anchor);
    expect(v.status).toBe(1);
    expect(v.stdout).toContain(`TAMPERED log at position 4: the log up to position 4 does not match the anchored checkpoint signed at`);
    expect(v.stdout).toContain(`TAMPERED request ${ids[0]} at entry 1`);
    expect(v.stdout).toContain(`is not signed by key ${exported.keyId}`);
  });
});
