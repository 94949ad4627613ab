// Hole 7 for the gateway: its call log holds tool arguments and results, so it is written 0600, in a 0700 folder
// when the gateway creates the folder, and an older log left 0644 is tightened at start.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallLog } from '../../src/gateway/call-log.js';

let root: string;
const mode = (p: string) => (statSync(p).mode & 0o777).toString(8);

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'cs-gwlog-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('gateway call log file modes', () => {
  it('creates a new log 0600 in new 0700 folders', async () => {
    const file = join(root, 'new', 'logs', 'gateway.log');
    const log = new CallLog(file);
    log.write({ event: 'call', tool: 'pay', args: { iban: 'DE00' } });
    await log.close();
    expect(mode(file)).toBe('600');
    expect(mode(join(root, 'new'))).toBe('700');
    expect(mode(join(root, 'new', 'logs'))).toBe('700');
    expect(readFileSync(file, 'utf8')).toContain('"tool":"pay"');
  });

  it('tightens an existing 0644 log to 0600 and appends to it, leaving the existing folder alone', async () => {
    const dir = join(root, 'shared');
    mkdirSync(dir);
    chmodSync(dir, 0o755);
    const file = join(dir, 'gateway.log');
    writeFileSync(file, '{"event":"old"}\n');
    chmodSync(file, 0o644);
    const log = new CallLog(file);
    log.write({ event: 'new' });
    await log.close();
    expect(mode(file)).toBe('600');
    expect(mode(dir)).toBe('755');
    expect(readFileSync(file, 'utf8').split('\n').filter(Boolean)).toHaveLength(2);
  });
});
