// The shared chain function the console also uses: canonical JSON and verification against edits, deletions, reordering.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../../src/shared/domain.js';
import { canonicalJson, GENESIS_HASH, hashLogEntry, verifyChain, verifyChainAsync } from '../../src/shared/log-chain.js';

const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

function chain(n: number): LogEntry[] {
  const out: LogEntry[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const f = { seq: i, requestId: 'r1', event: 'decided' as const, actor: 'ann', at: `2026-11-25T00:00:0${i}Z`, data: { i, text: '\u202Ex<b>' } };
    const hash = hashLogEntry(prev, f, sha);
    out.push({ ...f, prevHash: prev, hash });
    prev = hash;
  }
  return out;
}

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: undefined, x: null }], c: 'é' } })).toBe('{"a":{"c":"é","d":[1,{"x":null,"z":1}]},"b":1}');
    expect(canonicalJson({ b: 1, a: 2 })).toBe(canonicalJson({ a: 2, b: 1 }));
    expect(canonicalJson([undefined, NaN])).toBe('[null,null]');
  });
});

describe('verifyChain', () => {
  it('accepts an intact chain, sync and async', async () => {
    const c = chain(4);
    expect(verifyChain(c, sha, c.at(-1)!.hash)).toEqual({ ok: true, checked: 4 });
    expect((await verifyChainAsync(c, async (s) => sha(s), c.at(-1)!.hash)).ok).toBe(true);
  });
  it('catches an edited entry, a removed middle entry, a removed tail and a swapped order', () => {
    const edited = chain(4);
    edited[1] = { ...edited[1]!, data: { i: 2, text: 'changed' } };
    expect(verifyChain(edited, sha)).toMatchObject({ ok: false, brokenAt: 2 });
    const missing = chain(4).filter((e) => e.seq !== 2);
    expect(verifyChain(missing, sha).ok).toBe(false);
    const full = chain(4);
    expect(verifyChain(full.slice(0, 3), sha, full[3]!.hash)).toMatchObject({ ok: false, reason: expect.stringContaining('last entry removed') });
    const swapped = chain(3);
    [swapped[0], swapped[1]] = [swapped[1]!, swapped[0]!];
    expect(verifyChain(swapped, sha).ok).toBe(false);
  });
});
