// Per item, for the person the console acts as at its source: may they decide it, is it waiting for them, and what the
// row shows of its rights (the groups that decide, the quorum so far). The rule itself is src/shared/decision-rights.ts.
import type { RowQuorum } from '../../shared/contract.js';
import { decidingGroups, mayDecide, type DeciderIdentity } from '../../shared/decision-rights.js';
import { quorumView } from '../../shared/quorum-view.js';
import type { ApprovalRequest } from '../../shared/domain.js';
import type { Lane } from '../../shared/contract.js';
import type { Db } from './db.js';
import type { ItemSnapshot } from './rows.js';

/** The row's rights display as stored in items.rights_json. */
export interface RowRights {
  needs: string[];
  quorum: RowQuorum | null;
}

export function rightsColumns(req: ApprovalRequest, lane: Lane | null, identity: DeciderIdentity | null) {
  // Without a known identity (a source without identities, a hub not asked yet) nothing is filtered, as before rights.
  const may = !identity || mayDecide(identity, req, 'reject').ok;
  const open = lane === 'approvals' || lane === 'escalations';
  const waiting = open && (!identity || mayDecide(identity, req, 'approve').ok);
  const quorum = quorumView(req, identity?.id ?? null);
  const needs = decidingGroups(req);
  const rights: RowRights | null = needs.length || quorum ? { needs, quorum } : null;
  return { may_decide: may ? 1 : 0, waiting_for_me: waiting ? 1 : 0, rights_json: rights ? JSON.stringify(rights) : null };
}

export function rowRightsOf(json: string | null): RowRights {
  return json ? (JSON.parse(json) as RowRights) : { needs: [], quorum: null };
}

/** Every open item of a source, re-derived for a new identity (another person, other groups). The caller holds the transaction. */
export function rederiveRights(db: Db, sourceId: string, identity: DeciderIdentity | null): void {
  const rows = db.prepare(`SELECT id, lane, snapshot_json FROM items WHERE source_id = ? AND lane IS NOT NULL AND lane <> 'decided'`).all(sourceId) as Array<{
    id: string;
    lane: Lane;
    snapshot_json: string;
  }>;
  const set = db.prepare(`UPDATE items SET may_decide = @may_decide, waiting_for_me = @waiting_for_me, rights_json = @rights_json WHERE id = @id`);
  for (const r of rows) set.run({ id: r.id, ...rightsColumns((JSON.parse(r.snapshot_json) as ItemSnapshot).request, r.lane, identity) });
}
