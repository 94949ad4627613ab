// The policy proposal outbox (console migration 5): a proposal is written before policy.propose resolves and sent by
// the source's runner after its decisions, like a decision: local -> syncing -> applied (the version it made) or
// refused (the source's answer: moved on, forbidden, invalid). Also the last policy each source showed, for offline use.
import type { ActionClass } from '../../shared/domain.js';
import type { PolicyProposalView, SourcePolicy } from '../../shared/policy-view/contract.js';
import type { Db } from './db.js';

export interface OutboxProposal {
  id: string;
  baseVersion: number;
  actionClass: ActionClass;
  rationale: string;
  evidence: unknown;
}

/** What the source answered for one proposal. */
export type ProposalPushResult =
  { status: 'applied' | 'duplicate'; version: number } | { status: 'refused'; code: 'policy_moved_on' | 'forbidden' | 'invalid' | 'no_change' | 'unsupported'; reason: string };

interface Row {
  id: string;
  source_id: string;
  class_name: string;
  base_version: number;
  body_json: string;
  author: string | null;
  state: PolicyProposalView['state'];
  error: string | null;
  error_code: string | null;
  result_version: number | null;
  created_at_ms: number;
  settled_at_ms: number | null;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function view(r: Row): PolicyProposalView {
  const body = JSON.parse(r.body_json) as { rationale: string };
  return {
    id: r.id,
    sourceId: r.source_id,
    className: r.class_name,
    baseVersion: r.base_version,
    rationale: body.rationale,
    author: r.author,
    state: r.state,
    error: r.error,
    errorCode: r.error_code,
    resultVersion: r.result_version,
    createdAt: iso(r.created_at_ms)!,
    settledAt: iso(r.settled_at_ms),
  };
}

type SourcePolicyCopy = Pick<SourcePolicy, 'version' | 'verified' | 'classes' | 'versions'>;

export class ProposalStore {
  constructor(private readonly db: Db) {
    // After a restart nothing is in flight: the id keeps a re-send idempotent at the hub.
    db.prepare(`UPDATE policy_proposals SET state = 'local' WHERE state = 'syncing'`).run();
  }

  /** Written with synchronous=FULL like a decision: once policy.propose resolves it survives a crash. */
  add(sourceId: string, p: OutboxProposal, author: string | null): PolicyProposalView {
    const body = JSON.stringify({ actionClass: p.actionClass, rationale: p.rationale, evidence: p.evidence ?? null });
    this.db.pragma('synchronous = FULL');
    try {
      this.db
        .prepare(`INSERT INTO policy_proposals (id, source_id, class_name, base_version, body_json, author, state, created_at_ms) VALUES (?, ?, ?, ?, ?, ?, 'local', ?)`)
        .run(p.id, sourceId, p.actionClass.name, p.baseVersion, body, author, Date.now());
    } finally {
      this.db.pragma('synchronous = NORMAL');
    }
    return this.get(p.id)!;
  }

  get(id: string): PolicyProposalView | null {
    const r = this.db.prepare(`SELECT * FROM policy_proposals WHERE id = ?`).get(id) as Row | undefined;
    return r ? view(r) : null;
  }

  /** Newest first. */
  list(limit = 200): PolicyProposalView[] {
    return (this.db.prepare(`SELECT * FROM policy_proposals ORDER BY created_at_ms DESC, rowid DESC LIMIT ?`).all(limit) as Row[]).map(view);
  }

  outbox(sourceId: string): OutboxProposal[] {
    const rows = this.db.prepare(`SELECT * FROM policy_proposals WHERE source_id = ? AND state IN ('local', 'syncing') ORDER BY created_at_ms, rowid`).all(sourceId) as Row[];
    return rows.map((r) => {
      const body = JSON.parse(r.body_json) as { actionClass: ActionClass; rationale: string; evidence: unknown };
      return { id: r.id, baseVersion: r.base_version, ...body };
    });
  }

  pending(sourceId?: string): number {
    const sql = `SELECT COUNT(*) FROM policy_proposals WHERE state IN ('local', 'syncing')` + (sourceId ? ' AND source_id = ?' : '');
    return this.db
      .prepare(sql)
      .pluck()
      .get(...(sourceId ? [sourceId] : [])) as number;
  }

  markSyncing(id: string): void {
    this.db.prepare(`UPDATE policy_proposals SET state = 'syncing', attempts = attempts + 1 WHERE id = ? AND state IN ('local', 'syncing')`).run(id);
  }

  /** Not sent (unreachable): back in the outbox with the error shown. */
  markFailed(id: string, error: string): void {
    this.db.prepare(`UPDATE policy_proposals SET state = 'local', error = ? WHERE id = ? AND state = 'syncing'`).run(error.slice(0, 2000), id);
  }

  settle(id: string, r: ProposalPushResult): void {
    if (r.status === 'refused')
      this.db
        .prepare(`UPDATE policy_proposals SET state = 'refused', error = ?, error_code = ?, settled_at_ms = ? WHERE id = ?`)
        .run(r.reason.slice(0, 2000), r.code, Date.now(), id);
    else
      this.db
        .prepare(`UPDATE policy_proposals SET state = 'applied', error = NULL, error_code = NULL, result_version = ?, settled_at_ms = ? WHERE id = ?`)
        .run(r.version, Date.now(), id);
  }

  savePolicy(sourceId: string, p: SourcePolicyCopy): void {
    this.db
      .prepare(
        `INSERT INTO source_policies (source_id, json, read_at_ms) VALUES (?, ?, ?) ON CONFLICT(source_id) DO UPDATE SET json = excluded.json, read_at_ms = excluded.read_at_ms`,
      )
      .run(sourceId, JSON.stringify({ version: p.version, verified: p.verified, classes: p.classes, versions: p.versions }), Date.now());
  }

  /** The last policy the source showed, and when it was read. */
  savedPolicy(sourceId: string): (SourcePolicyCopy & { readAt: string }) | null {
    const r = this.db.prepare(`SELECT json, read_at_ms FROM source_policies WHERE source_id = ?`).get(sourceId) as { json: string; read_at_ms: number } | undefined;
    return r ? { ...(JSON.parse(r.json) as SourcePolicyCopy), readAt: iso(r.read_at_ms)! } : null;
  }
}
