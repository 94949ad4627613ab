// Two gateways saving one state file at the same moment: each save reads, merges and writes the file, so without a
// lock the later write lost the earlier one's change. The other gateway is a real process holding the real lock in
// the middle of its save (fixtures/slow-state-save.ts); this process's save waits for it and keeps both changes.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StateFile } from '../../src/gateway/gateway-state.js';
import { ROOT } from './helpers.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cs-gw-state-lock-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts the other gateway's save and resolves once it holds the lock, between its read and its write. */
async function otherSaving(file: string, name: string, holdMs: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/gateway/fixtures/slow-state-save.ts'), file, name, String(holdMs)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (b: Buffer) => b.toString().includes('holding') && resolve());
    child.on('exit', (code) => reject(new Error(`the other save exited (${code}) before it held the lock`)));
  });
  return child;
}
const exited = (c: ChildProcess) => new Promise<void>((r) => (c.exitCode !== null || c.signalCode !== null ? r() : c.once('exit', () => r())));
const namesOn = (file: string) => (JSON.parse(readFileSync(file, 'utf8')) as { names: Record<string, string> }).names;

describe('the state file lock', () => {
  it('makes a save wait for another gateway mid-save, so neither change is lost', async () => {
    const file = join(dir, 'both.state.json');
    const ours = new StateFile(file);
    ours.state.names.a = 'up/a';
    ours.save();
    const other = await otherSaving(file, 'x', 1_500);
    ours.state.names.y = 'up/y';
    ours.save();
    await exited(other);
    expect(other.exitCode).toBe(0);
    expect(namesOn(file)).toEqual({ a: 'up/a', x: 'other/x', y: 'up/y' });
  }, 30_000);

  it('refuses a save with a clear error while another holds the lock too long, and a killed holder leaves no stale lock', async () => {
    const file = join(dir, 'stuck.state.json');
    const ours = new StateFile(file);
    ours.state.names.a = 'up/a';
    ours.save();
    const other = await otherSaving(file, 'x', 120_000);
    try {
      ours.state.names.y = 'up/y';
      expect(() => ours.save()).toThrow(/another Countersign gateway held the lock on .*stuck\.state\.json for over 5 s; this save was not written/);
      expect(namesOn(file)).toEqual({ a: 'up/a' });
    } finally {
      other.kill('SIGKILL');
      await exited(other);
    }
    // The OS dropped the killed process's lock: the save goes through, with the change the refused one carried.
    ours.save();
    expect(namesOn(file)).toEqual({ a: 'up/a', y: 'up/y' });
  }, 30_000);
});
