// Batch signatures over a transaction's log entries: every entry of every tree size verifies on its own, and any
// change to the entry, its place, its proof, the root signature or the key makes it fail.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MAX_LEAVES } from '../../src/node-shared/log-batch-signing.js';
import { entrySignatureValid, parsePublicKeyPem, signEntries, type LogSigningKey, type SignedEntryFields } from '../../src/node-shared/log-signing.js';

function makeKey(): LogSigningKey {
  const { privateKey } = generateKeyPairSync('ed25519');
  return { ...parsePublicKeyPem(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()), privateKey };
}
const entries = (n: number): SignedEntryFields[] => Array.from({ length: n }, (_, i) => ({ requestId: `r-${i % 7}`, seq: i + 1, hash: `${i}`.padStart(64, 'a') }));

describe('batch log signatures', () => {
  const key = makeKey();

  it('every entry of trees of every shape from 1 to 40 leaves verifies alone', () => {
    for (let n = 1; n <= 40; n++) {
      const es = entries(n);
      const sigs = signEntries(key, es);
      expect(sigs).toHaveLength(n);
      es.forEach((e, i) => expect(entrySignatureValid(key, e, sigs[i]), `size ${n} index ${i}`).toBe(true));
      // One signature per tree: every batched entry carries the same root signature.
      if (n > 1) expect(new Set(sigs.map((s) => s.split('.')[3])).size).toBe(1);
    }
  });

  it('a batch past MAX_LEAVES is split into trees that each verify', () => {
    const es = entries(MAX_LEAVES + 3);
    const sigs = signEntries(key, es);
    expect(new Set(sigs.map((s) => s.split('.')[3])).size).toBe(2);
    for (const i of [0, MAX_LEAVES - 1, MAX_LEAVES, MAX_LEAVES + 2]) expect(entrySignatureValid(key, es[i]!, sigs[i])).toBe(true);
  });

  it('fails for a changed entry, another entry, a moved index, an altered or truncated proof, and another key', () => {
    const es = entries(13);
    const sigs = signEntries(key, es);
    const sig = sigs[5]!;
    const e = es[5]!;
    expect(entrySignatureValid(key, { ...e, hash: 'b'.repeat(64) }, sig)).toBe(false);
    expect(entrySignatureValid(key, { ...e, seq: e.seq + 1 }, sig)).toBe(false);
    expect(entrySignatureValid(key, { ...e, requestId: 'r-other' }, sig)).toBe(false);
    expect(entrySignatureValid(key, es[6]!, sig)).toBe(false);
    const parts = sig.split('.');
    const withParts = (f: (p: string[]) => void) => {
      const p = [...parts];
      f(p);
      return p.join('.');
    };
    expect(
      entrySignatureValid(
        key,
        e,
        withParts((p) => (p[2] = '4')),
      ),
    ).toBe(false);
    expect(
      entrySignatureValid(
        key,
        e,
        withParts((p) => (p[1] = '12')),
      ),
    ).toBe(false);
    expect(
      entrySignatureValid(
        key,
        e,
        withParts((p) => p.pop()),
      ),
    ).toBe(false);
    expect(
      entrySignatureValid(
        key,
        e,
        withParts((p) => p.push(p[4]!)),
      ),
    ).toBe(false);
    expect(
      entrySignatureValid(
        key,
        e,
        withParts((p) => (p[4] = Buffer.alloc(32, 1).toString('base64url'))),
      ),
    ).toBe(false);
    expect(
      entrySignatureValid(
        key,
        e,
        withParts((p) => (p[3] = Buffer.alloc(64).toString('base64'))),
      ),
    ).toBe(false);
    expect(entrySignatureValid(makeKey(), e, sig)).toBe(false);
  });

  it('refuses malformed batch signatures without throwing', () => {
    const e = entries(1)[0]!;
    for (const bad of ['m1', 'm1.', 'm1.0.0.x', 'm1.2.2.x.y', 'm1.-1.0.x', 'm1.1e9.0.x', 'm1.2.0.@@@.!!', `m1.2.0.x.${'a.'.repeat(40)}a`, 'm1.2.0.x.short']) {
      expect(entrySignatureValid(key, e, bad), bad).toBe(false);
    }
  });
});
