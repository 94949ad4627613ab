// Decision rights in words, on the row and on the item: "1 of 2 approvals: ada approved 3 min ago (the same action)",
// "read-only · needs finance-leads". Every handle and group is shown through SafeText (look-alikes become visible).
import type { RowQuorum } from '../../shared/contract.js';
import { groupList } from '../../shared/decision-rights.js';
import { SafeText } from '../common/SafeText.js';
import { ago, useClock } from '../state/clock.js';

/** "1 of 2 approvals: ada approved 3 min ago (the same action)"; `you` for the signed-in person's own vote. */
export function QuorumText({ quorum }: { quorum: RowQuorum }) {
  const now = useClock((s) => s.now);
  const last = quorum.votes[quorum.votes.length - 1];
  return (
    <span className="quorum-text">
      {quorum.approvals} of {quorum.required} approvals
      {last ? (
        <>
          : {last.mine ? 'you' : <SafeText text={last.handle} />} {last.edited ? 'edited and approved' : 'approved'} {ago(last.at, now)}{' '}
          {last.edited ? '(an edited action)' : '(the same action)'}
        </>
      ) : null}
      {quorum.superseded > 0 ? ` · ${quorum.superseded} earlier ${quorum.superseded === 1 ? 'approval' : 'approvals'} reset by an edit` : null}
    </span>
  );
}

/** "needs finance-leads" (or "someone else must decide" when no group would help: the requester, the person acted for). */
export function NeedsText({ needs }: { needs: string[] }) {
  return needs.length ? (
    <>
      needs <SafeText text={groupList(needs)} />
    </>
  ) : (
    <>someone else must decide</>
  );
}
