// One Ed25519 signature for a whole transaction's log entries instead of one per entry: the entries are the leaves
// of a Merkle tree (RFC 6962 hashing: 0x00 before a leaf, 0x01 before a node, so a leaf can never pass for a node),
// the hub signs the root once, and each entry's `sig` carries that signature with the entry's inclusion proof. An
// entry still verifies on its own, like a per-entry signature: the console and verify-log need nothing else.
// Format: `m1.<size>.<index>.<root signature, base64>.<sibling hashes, base64url, leaf to root>` (dot-separated).
import { createHash, sign, verify } from 'node:crypto';
import { canonicalJson } from '../shared/log-chain.js';
import type { LogPublicKey, LogSigningKey } from './log-signing.js';

const PREFIX = 'm1';
/** Leaves per signed tree: a 10,000-entry batch signs three roots, and a proof stays under 13 hashes (< 700 chars). */
export const MAX_LEAVES = 4096;
const MAX_DEPTH = 12;

const sha = (...parts: Buffer[]) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};
const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);

/** The leaf is the same message a per-entry signature covers (its own type tag included). */
function leafHash(entryMessage: Buffer): Buffer {
  return sha(LEAF, entryMessage);
}

const rootMessage = (root: Buffer, size: number) => Buffer.from(canonicalJson({ t: 'countersign.log-batch.v1', root: root.toString('hex'), size }), 'utf8');

export function isBatchSignature(sig: string): boolean {
  return sig.startsWith(`${PREFIX}.`);
}

/** Signs up to MAX_LEAVES entries with one signature; returns each entry's `sig`, in order. */
export function signBatch(key: LogSigningKey, messages: Buffer[]): string[] {
  if (messages.length === 0 || messages.length > MAX_LEAVES) throw new Error(`a signed batch holds 1 to ${MAX_LEAVES} entries, not ${messages.length}`);
  // Level by level; an odd last node moves up unpaired, which builds exactly RFC 6962's tree for any size.
  const levels: Buffer[][] = [messages.map(leafHash)];
  while (levels[levels.length - 1]!.length > 1) {
    const below = levels[levels.length - 1]!;
    const up: Buffer[] = [];
    for (let i = 0; i < below.length; i += 2) up.push(i + 1 < below.length ? sha(NODE, below[i]!, below[i + 1]!) : below[i]!);
    levels.push(up);
  }
  const size = messages.length;
  const signature = sign(null, rootMessage(levels[levels.length - 1]![0]!, size), key.privateKey).toString('base64');
  // Each node is a sibling in many proofs: encode it once.
  const encoded = levels.map((l) => new Array<string | undefined>(l.length));
  const text = (l: number, i: number) => (encoded[l]![i] ??= levels[l]![i]!.toString('base64url'));
  return messages.map((_, index) => {
    let sig = `${PREFIX}.${size}.${index}.${signature}`;
    let i = index;
    for (let l = 0; l < levels.length - 1; l++) {
      if ((i ^ 1) < levels[l]!.length) sig += '.' + text(l, i ^ 1);
      i >>= 1;
    }
    return sig;
  });
}

/** Checks one entry's batch signature: its proof leads to a root the key signed. Malformed input is simply invalid. */
export function batchSignatureValid(key: LogPublicKey, entryMessage: Buffer, sig: string): boolean {
  const [prefix, sizeText, indexText, signature, ...proof] = sig.split('.');
  if (prefix !== PREFIX || !signature || proof.length > MAX_DEPTH) return false;
  const size = Number(sizeText);
  const index = Number(indexText);
  if (!Number.isInteger(size) || !Number.isInteger(index) || size < 1 || size > MAX_LEAVES || index < 0 || index >= size) return false;
  let node = leafHash(entryMessage);
  let i = index;
  let n = size;
  let used = 0;
  while (n > 1) {
    // The last node of an odd level moves up unpaired: no sibling is consumed.
    if (!(i === n - 1 && i % 2 === 0)) {
      const text = proof[used++];
      if (text === undefined) return false;
      const sibling = Buffer.from(text, 'base64url');
      if (sibling.length !== 32) return false;
      node = i % 2 === 1 ? sha(NODE, sibling, node) : sha(NODE, node, sibling);
    }
    i >>= 1;
    n = Math.ceil(n / 2);
  }
  if (used !== proof.length) return false;
  try {
    return verify(null, rootMessage(node, size), key.key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
