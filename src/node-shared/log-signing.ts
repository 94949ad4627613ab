// Ed25519 signatures over the hub's decision log: one home for the key format, the signed byte strings and the
// checks, used by the hub (which signs), its verify-log command and the console (which checks what it is shown).
// Each message starts with its own type tag, so an entry signature can never pass for a checkpoint's or the reverse.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { canonicalJson } from '../shared/log-chain.js';
import { batchSignatureValid, isBatchSignature, MAX_LEAVES, signBatch } from './log-batch-signing.js';
import { privateFiles } from './private-files.js';

export interface LogPublicKey {
  key: KeyObject;
  /** The first 16 hex digits of sha256 over the key's SPKI DER: short, stable, printed beside every checkpoint. */
  keyId: string;
  pem: string;
}

export interface LogSigningKey extends LogPublicKey {
  privateKey: KeyObject;
}

/** What the hub signs per log entry: the entry's place and its chain hash (which already covers its content). */
export interface SignedEntryFields {
  requestId: string;
  seq: number;
  hash: string;
}

/** A signed checkpoint: the whole log up to log position `seq` folds to `head` (see foldLogHead). */
export interface Checkpoint {
  seq: number;
  head: string;
  at: string;
  keyId: string;
  signature: string;
}

function publicKeyOf(key: KeyObject): LogPublicKey {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  if (pub.asymmetricKeyType !== 'ed25519') throw new Error(`the log key must be Ed25519, not ${pub.asymmetricKeyType}`);
  const der = pub.export({ type: 'spki', format: 'der' });
  return { key: pub, keyId: createHash('sha256').update(der).digest('hex').slice(0, 16), pem: pub.export({ type: 'spki', format: 'pem' }).toString() };
}

/** Reads a PEM public key (or a private key, whose public half is taken). Throws a readable error on anything else. */
export function parsePublicKeyPem(pem: string): LogPublicKey {
  try {
    return publicKeyOf(createPublicKey(pem));
  } catch (e) {
    throw new Error(`not an Ed25519 public key in PEM form: ${(e as Error).message}`);
  }
}

/** Loads the private key file, tightening it to 0600; null when it does not exist. */
export function readSigningKeyFile(file: string): LogSigningKey | null {
  if (!existsSync(file)) return null;
  privateFiles([file]);
  const privateKey = createPrivateKey(readFileSync(file, 'utf8'));
  return { ...publicKeyOf(privateKey), privateKey };
}

/** Makes a new key pair and writes its private half 0600; refuses to overwrite an existing file. */
export function createSigningKeyFile(file: string): LogSigningKey {
  const { privateKey } = generateKeyPairSync('ed25519');
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { flag: 'wx', mode: 0o600 });
  return { ...publicKeyOf(privateKey), privateKey };
}

const entryMessage = (e: SignedEntryFields) => Buffer.from(canonicalJson({ t: 'countersign.log-entry.v1', requestId: e.requestId, seq: e.seq, hash: e.hash }), 'utf8');
const checkpointMessage = (c: Omit<Checkpoint, 'signature' | 'keyId'>) =>
  Buffer.from(canonicalJson({ t: 'countersign.log-checkpoint.v1', seq: c.seq, head: c.head, at: c.at }), 'utf8');

export function signEntry(key: LogSigningKey, e: SignedEntryFields): string {
  return sign(null, entryMessage(e), key.privateKey).toString('base64');
}

/** Signs a transaction's entries with one signature per MAX_LEAVES (log-batch-signing.ts); each `sig`, in order. */
export function signEntries(key: LogSigningKey, entries: SignedEntryFields[]): string[] {
  if (entries.length === 1) return [signEntry(key, entries[0]!)];
  const sigs: string[] = [];
  for (let i = 0; i < entries.length; i += MAX_LEAVES) sigs.push(...signBatch(key, entries.slice(i, i + MAX_LEAVES).map(entryMessage)));
  return sigs;
}

/** Either form: a signature of this one entry, or a batch signature with the entry's inclusion proof. */
export function entrySignatureValid(key: LogPublicKey, e: SignedEntryFields, signature: string | null | undefined): boolean {
  if (!signature) return false;
  if (isBatchSignature(signature)) return batchSignatureValid(key, entryMessage(e), signature);
  return verify(null, entryMessage(e), key.key, Buffer.from(signature, 'base64'));
}

/** What the hub signs per policy version: its number and chain hash (which covers its content and the chain before it). */
const policyVersionMessage = (v: { version: number; hash: string }) => Buffer.from(canonicalJson({ t: 'countersign.policy-version.v1', version: v.version, hash: v.hash }), 'utf8');

export function signPolicyVersion(key: LogSigningKey, v: { version: number; hash: string }): string {
  return sign(null, policyVersionMessage(v), key.privateKey).toString('base64');
}

export function policyVersionSignatureValid(key: LogPublicKey, v: { version: number; hash: string }, signature: string | null | undefined): boolean {
  return !!signature && verify(null, policyVersionMessage(v), key.key, Buffer.from(signature, 'base64'));
}

export function signCheckpoint(key: LogSigningKey, c: Omit<Checkpoint, 'signature' | 'keyId'>): Checkpoint {
  return { seq: c.seq, head: c.head, at: c.at, keyId: key.keyId, signature: sign(null, checkpointMessage(c), key.privateKey).toString('base64') };
}

export function checkpointSignatureValid(key: LogPublicKey, c: Checkpoint): boolean {
  return c.keyId === key.keyId && verify(null, checkpointMessage(c), key.key, Buffer.from(c.signature, 'base64'));
}

/**
 * The running digest of the whole log in log-position order: head_n = sha256(head_{n-1} + hash_n), from GENESIS_HASH.
 * Each entry's hash covers its content, so a checkpoint's head commits to every entry up to its seq, across requests.
 */
export function foldLogHead(prev: string, entryHash: string): string {
  return createHash('sha256')
    .update(prev + entryHash, 'utf8')
    .digest('hex');
}
