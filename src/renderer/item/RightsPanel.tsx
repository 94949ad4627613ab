// Decision rights on the item: who may decide it (read-only when not the signed-in person, with the groups that do),
// the quorum so far (who approved what, when), an earlier approver's edit as a diff, and what the hub answered to
// our own decision when it did not take it as final: a vote counted, not a decider, or a stale action.
import type { QueueItem, SourceIdentity } from '../../shared/contract.js';
import { decidingGroups, mayDecide } from '../../shared/decision-rights.js';
import type { Vote } from '../../shared/domain.js';
import { quorumView } from '../../shared/quorum-view.js';
import { SafeText } from '../common/SafeText.js';
import { ActionDiff } from '../decide/ActionDiff.js';
import { isOpen } from '../decide/actions.js';
import { NeedsText, QuorumText } from '../queue/RightsText.js';
import { ago, formatTime, useClock } from '../state/clock.js';

function VoteLine({ vote, identity, superseded }: { vote: Vote; identity: SourceIdentity | null; superseded: boolean }) {
  const now = useClock((s) => s.now);
  const mine = identity?.id === vote.userId;
  return (
    <li className={superseded ? 'vote superseded' : 'vote'}>
      {mine ? 'You' : <SafeText text={vote.handle} />} {vote.editedAction ? 'edited and approved' : 'approved'} {ago(vote.at, now)}{' '}
      <span className="muted">({formatTime(vote.at)})</span>
      {superseded ? ' · an earlier version of the action: reset by an edit, does not count' : vote.editedAction ? ' · the edit below' : ' · the same action'}
    </li>
  );
}

export function RightsPanel({ item, identity }: { item: QueueItem; identity: SourceIdentity | null }) {
  const req = item.request;
  const quorum = quorumView(req, identity?.id ?? null);
  const rights = identity ? mayDecide(identity, req, 'reject') : { ok: true as const };
  const open = isOpen(item);
  const editor = [...req.votes].reverse().find((v) => v.editedAction !== null && v.actionHash === req.actionHash);
  if (!quorum && rights.ok && !req.pendingAction) return null;
  return (
    <section className="panel rights" aria-labelledby="rights-title">
      <h3 id="rights-title">Who decides</h3>
      {!rights.ok && open ? (
        <p className="banner read-only" role="note">
          <strong>Read-only for you</strong> (<NeedsText needs={decidingGroups(req)} />
          ): <SafeText text={rights.message} />
        </p>
      ) : null}
      {quorum ? (
        <>
          <p className="quorum-state">
            <QuorumText quorum={quorum} />
          </p>
          {req.votes.length ? (
            <ul className="votes" aria-label="Approvals so far">
              {req.votes.map((v) => (
                <VoteLine key={v.decisionId} vote={v} identity={identity} superseded={v.actionHash !== req.actionHash} />
              ))}
            </ul>
          ) : null}
        </>
      ) : null}
      {req.pendingAction ? (
        <>
          <h4>{editor ? <SafeText text={editor.handle} /> : 'An earlier approver'} edited the proposed action: approving now approves the edited action</h4>
          <ActionDiff before={req.action} after={req.pendingAction} emptyText="The edit changes nothing." />
        </>
      ) : null}
    </section>
  );
}

/** The hub's answer to our decision when it did not take it as final. */
export function AnswerPanel({ item }: { item: QueueItem }) {
  const local = item.localDecision;
  const a = local?.answer;
  if (!local || !a) return null;
  if (local.syncState === 'voted' && a.kind === 'vote')
    return (
      <section className="panel vote-recorded" role="status" aria-labelledby="answer-title">
        <h3 id="answer-title">
          ✓ {a.approvals} of {a.required} approvals: you approved
        </h3>
        <p className="muted">
          Your approval is counted at the hub. The request waits for {Math.max(0, a.required - a.approvals)} more {a.required - a.approvals === 1 ? 'approver' : 'approvers'} and
          stays in the queue for them.
        </p>
      </section>
    );
  if (local.syncState === 'forbidden' && a.kind === 'forbidden')
    return (
      <section className="panel delivery-failed" role="alert" aria-labelledby="answer-title">
        <h3 id="answer-title">⛔ Not applied: this is not yours to decide</h3>
        <p>
          The hub refused your decision: <SafeText text={a.reason} />
          {a.deciders.length ? (
            <>
              {' '}
              (<NeedsText needs={a.deciders} />)
            </>
          ) : null}
        </p>
      </section>
    );
  if (local.syncState === 'stale' && a.kind === 'stale') {
    const current = item.request.pendingAction ?? item.request.action;
    const yours = local.decision.editedAction ?? local.seen?.action ?? null;
    return (
      <section className="panel conflict" role="alert" aria-labelledby="answer-title">
        <h3 id="answer-title">⚡ Not applied: the action changed before your decision arrived</h3>
        <p>
          Your decision was for an earlier version of this request, so the hub did not apply it to the newer action
          {item.request.status === 'pending' ? ': look at the change and decide again.' : '.'}
        </p>
        {yours ? (
          <>
            <h4>The action you decided on compared with the one now under decision</h4>
            <ActionDiff before={yours} after={current} emptyText="The actions are the same." />
          </>
        ) : null}
      </section>
    );
  }
  return null;
}
