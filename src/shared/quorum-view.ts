// A request's quorum as the console shows it, on the row and on the item: the approvals that count (newest last),
// whose they are, and how many an edit superseded. Computed from the request by the one rule's quorumOf.
import type { RowQuorum } from './contract.js';
import { quorumOf } from './decision-rights.js';
import type { ApprovalRequest } from './domain.js';

const MAX_VOTES = 10;

/** Null when one approval decides and none is in: nothing to show. `myId`: the signed-in person's hub id. */
export function quorumView(req: Pick<ApprovalRequest, 'votes' | 'actionHash' | 'rights'>, myId: string | null): RowQuorum | null {
  const q = quorumOf(req);
  if (q.required <= 1 && req.votes.length === 0) return null;
  return {
    approvals: q.approvals,
    required: q.required,
    votes: q.counted.slice(-MAX_VOTES).map((v) => ({ handle: v.handle, at: v.at, edited: v.editedAction !== null, mine: myId !== null && myId === v.userId })),
    superseded: q.superseded.length,
  };
}
