// Every policy change is a version: who (the hub identity), when, why (rationale), on what evidence, and the whole
// class list as it became. Versions are hash-chained like the decision log, so a rewritten past version is caught.
import type Database from 'better-sqlite3';
import { ActionClass } from '../../shared/domain.js';
import { canonicalJson, GENESIS_HASH } from '../../shared/log-chain.js';
import type { PolicyVersionInfo } from '../../shared/protocol.js';
import { sha256Hex } from '../../node-shared/sha256.js';
import { policyVersionSignatureValid, signPolicyVersion, type LogPublicKey, type LogSigningKey } from '../../node-shared/log-signing.js';
import { stmt } from './statements.js';

/** Who changed the policy and why. `authorId` is null for changes the hub made itself (first start, a policy file). */
export interface PolicyChangeMeta {
  author: string;
  authorId: string | null;
  rationale: string;
  evidence: unknown;
  /** The console proposal this change came from (its idempotency key), when it came from one. */
  proposalId?: string;
}

export interface VersionRow {
  version: number;
  author: string;
  author_id: string | null;
  at: string;
  rationale: string;
  evidence_json: string | null;
  classes_json: string;
  prev_hash: string;
  hash: string;
  sig: string | null;
}

export type PolicyChainVerdict = { ok: true } | { ok: false; brokenAt: number; reason: string };

export function versionHash(prevHash: string, r: Omit<VersionRow, 'prev_hash' | 'hash' | 'sig'>): string {
  const fields = {
    version: r.version,
    author: r.author,
    authorId: r.author_id,
    at: r.at,
    rationale: r.rationale,
    evidence: r.evidence_json === null ? null : (JSON.parse(r.evidence_json) as unknown),
    classes: JSON.parse(r.classes_json) as unknown,
  };
  return sha256Hex(prevHash + canonicalJson(fields));
}

export const versionInfo = (r: VersionRow): PolicyVersionInfo => ({
  version: r.version,
  author: r.author,
  authorId: r.author_id,
  at: r.at,
  rationale: r.rationale,
  evidence: r.evidence_json === null ? null : (JSON.parse(r.evidence_json) as unknown),
  classCount: (JSON.parse(r.classes_json) as unknown[]).length,
  hash: r.hash,
});

export class PolicyVersions {
  private key: LogSigningKey | null = null;
  constructor(private readonly db: Database.Database) {}

  /**
   * Signs versions from now on with the hub's log key, like the decision log's entries. On the first start with
   * signing the versions already there are signed (trust on first use); once any is signed, an unsigned one is
   * reported by verify(), never signed afresh (someone who can write the database could otherwise launder a rewrite).
   */
  useKey(key: LogSigningKey): void {
    this.key = key;
    const anySigned = stmt(this.db, 'SELECT 1 FROM policy_versions WHERE sig IS NOT NULL LIMIT 1').get() !== undefined;
    if (anySigned) return;
    this.db.transaction(() => {
      for (const r of stmt(this.db, 'SELECT version, hash FROM policy_versions ORDER BY version').all() as Array<{ version: number; hash: string }>)
        stmt(this.db, 'UPDATE policy_versions SET sig = ? WHERE version = ?').run(signPolicyVersion(key, r), r.version);
    })();
  }

  /** The newest version number; 0 before the first policy was stored. */
  current(): number {
    return (stmt(this.db, 'SELECT COALESCE(MAX(version), 0) FROM policy_versions').pluck().get() as number) ?? 0;
  }

  /** The version a proposal already made, if it did (a retry of the same proposal). */
  byProposal(proposalId: string): PolicyVersionInfo | null {
    const r = stmt(this.db, 'SELECT * FROM policy_versions WHERE proposal_id = ?').get(proposalId) as VersionRow | undefined;
    return r ? versionInfo(r) : null;
  }

  /** Appends a version inside the caller's transaction. */
  append(classes: ActionClass[], meta: PolicyChangeMeta, nowMs: number): number {
    const prev = stmt(this.db, 'SELECT version, hash FROM policy_versions ORDER BY version DESC LIMIT 1').get() as { version: number; hash: string } | undefined;
    const row = {
      version: (prev?.version ?? 0) + 1,
      author: meta.author,
      author_id: meta.authorId,
      at: new Date(nowMs).toISOString(),
      rationale: meta.rationale,
      evidence_json: meta.evidence === undefined || meta.evidence === null ? null : JSON.stringify(meta.evidence),
      classes_json: JSON.stringify(classes),
    };
    const prevHash = prev?.hash ?? GENESIS_HASH;
    const hash = versionHash(prevHash, row);
    stmt(
      this.db,
      'INSERT INTO policy_versions (version, author, author_id, at, rationale, evidence_json, classes_json, prev_hash, hash, proposal_id, sig) VALUES (?,?,?,?,?,?,?,?,?,?,?)',
    ).run(
      row.version,
      row.author,
      row.author_id,
      row.at,
      row.rationale,
      row.evidence_json,
      row.classes_json,
      prevHash,
      hash,
      meta.proposalId ?? null,
      this.key ? signPolicyVersion(this.key, { version: row.version, hash }) : null,
    );
    return row.version;
  }

  list(): PolicyVersionInfo[] {
    return (stmt(this.db, 'SELECT * FROM policy_versions ORDER BY version').all() as VersionRow[]).map(versionInfo);
  }

  get(version: number): { info: PolicyVersionInfo; classes: ActionClass[] } | null {
    const r = stmt(this.db, 'SELECT * FROM policy_versions WHERE version = ?').get(version) as VersionRow | undefined;
    if (!r) return null;
    return { info: versionInfo(r), classes: (JSON.parse(r.classes_json) as unknown[]).map((c) => ActionClass.parse(c)) };
  }

  /** Recomputes the chain, and with the hub's key each version's signature: a version whose fields, order or link changed, or that the hub did not sign, is named. */
  verify(key: LogPublicKey | null = this.key): PolicyChainVerdict {
    return verifyVersionRows(stmt(this.db, 'SELECT * FROM policy_versions ORDER BY version').all() as VersionRow[], key);
  }
}

/** The chain check over every version row, oldest first (any backend's). */
export function verifyVersionRows(rows: VersionRow[], key: LogPublicKey | null): PolicyChainVerdict {
  let prev = GENESIS_HASH;
  let expected = 1;
  for (const r of rows) {
    if (r.version !== expected) return { ok: false, brokenAt: expected, reason: `version ${expected} is missing` };
    if (r.prev_hash !== prev) return { ok: false, brokenAt: r.version, reason: 'its link to the previous version does not match' };
    if (versionHash(prev, r) !== r.hash) return { ok: false, brokenAt: r.version, reason: 'its content does not match its hash' };
    if (key && !policyVersionSignatureValid(key, r, r.sig)) return { ok: false, brokenAt: r.version, reason: 'it is not signed by this hub' };
    prev = r.hash;
    expected++;
  }
  return { ok: true };
}
