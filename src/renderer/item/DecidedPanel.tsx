// A decided item shows what was decided, not only what was proposed: the verdict, who decided (the source's identity),
// when, the feedback, each vote of a quorum, the action as approved with its diff from the proposal, and what happened
// after release (took effect, failed, rolled back, or not reported yet). Auditors ask "what exactly was approved, and
// what happened?": this panel answers from the request the source reports and the decision kept here.
import type { QueueItem } from '../../shared/contract.js';
import type { ActionClass, Decision, Outcome } from '../../shared/domain.js';
import { holdsItem } from '../../shared/local-decision.js';
import { SafeText } from '../common/SafeText.js';
import { ActionDiff } from '../decide/ActionDiff.js';
import { isReview, OUTCOME_LABELS, verdictLabel } from '../decide/verdicts.js';
import { SyncBadge } from '../queue/SyncBadge.js';
import { formatTime } from '../state/clock.js';
import { ActionCard } from './ActionCard.js';
import { decidedTone } from './item-words.js';

const OUTCOME_MARKS: Record<Outcome['status'], string> = { executed: '✓', failed: '✕', rolled_back: '↩' };

const FINAL_WITHOUT_DECISION: Record<string, string> = {
  expired: 'Expired: nobody decided in time, so it did not run',
  withdrawn: 'Withdrawn by the agent before anyone decided',
};

/** What the source reported after release; for an action that already ran (a review), regardless of the review's verdict. */
function OutcomeLine({ decision, outcome, confirmed, released }: { decision: Decision | null; outcome: Outcome | null; confirmed: boolean; released: boolean }) {
  if (!released && decision?.verdict === 'reject') return <p className="outcome outcome-none">Did not run: rejected.</p>;
  if (!released && decision?.verdict === 'escalate') return <p className="outcome outcome-none">Handed to a person; the agent stopped.</p>;
  if (!released && !confirmed) return <p className="outcome outcome-unknown">Not in effect yet: the decision has not reached the source.</p>;
  if (!outcome) return <p className="outcome outcome-unknown">? Outcome unknown: the agent has not reported whether the action ran.</p>;
  const label = OUTCOME_LABELS[outcome.status];
  const head = `${OUTCOME_MARKS[outcome.status]} ${label.charAt(0).toUpperCase()}${label.slice(1)}`;
  return (
    <p className={`outcome outcome-${outcome.status}`}>
      <strong>{head}</strong> <span className="muted">(reported {formatTime(outcome.reportedAt)})</span>
      {outcome.detail ? (
        <>
          {': '}
          <SafeText text={outcome.detail} />
        </>
      ) : null}
    </p>
  );
}

export function DecidedPanel({ item, cls }: { item: QueueItem; cls: ActionClass | null }) {
  const req = item.request;
  const local = item.localDecision;
  const mineHolds = local && holdsItem(local.syncState) && local.syncState !== 'conflict' ? local.decision : null;
  // The source's decision is the one that took effect; ours stands in while it is on its way.
  const decision = req.decision ?? mineHolds;
  if (!decision) {
    const word = FINAL_WITHOUT_DECISION[req.status];
    if (!word) return null;
    return (
      <section className="panel decided" aria-labelledby="decided-title">
        <h3 id="decided-title">Outcome</h3>
        <p>{word}.</p>
      </section>
    );
  }
  const confirmed = req.decision !== null && req.decision.id === decision.id;
  const approving = decision.verdict === 'approve' || decision.verdict === 'approve_with_edits';
  const approved = approving ? (decision.editedAction ?? req.action) : null;
  const edited = approved !== null && decision.editedAction !== null;
  const votes = req.votes;
  return (
    <section className={`panel decided decided-${decidedTone(decision, req.outcome)}`} aria-labelledby="decided-title">
      <h3 id="decided-title">Decided: {verdictLabel(item, decision.verdict)}</h3>
      <dl className="facts">
        <dt>Decided by</dt>
        <dd>
          <SafeText text={decision.decidedBy} />
          {confirmed ? (
            decision.decidedById ? (
              <span className="muted"> (hub identity)</span>
            ) : null
          ) : (
            <span className="muted"> (on this console; not confirmed by the source yet)</span>
          )}
        </dd>
        <dt>When</dt>
        <dd>{formatTime(decision.decidedAt)}</dd>
        {local ? (
          <>
            <dt>Sync</dt>
            <dd>
              <SyncBadge state={local.syncState} />
            </dd>
          </>
        ) : null}
        <dt>Feedback</dt>
        <dd>{decision.feedback ? <SafeText className="feedback" text={decision.feedback} /> : <span className="muted">none</span>}</dd>
        {votes.length > 0 ? (
          <>
            <dt>Votes</dt>
            <dd>
              <ul className="votes" aria-label="Votes">
                {votes.map((v) => (
                  <li key={v.decisionId} className={v.actionHash === req.actionHash ? 'vote' : 'vote superseded'}>
                    <SafeText text={v.handle} /> {v.editedAction ? 'edited and approved' : 'approved'} at {formatTime(v.at)}
                    {v.actionHash === req.actionHash ? '' : ' · on an earlier action (did not count)'}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
        <dt>After release</dt>
        <dd>
          <OutcomeLine decision={decision} outcome={req.outcome} confirmed={confirmed} released={isReview(item)} />
        </dd>
      </dl>
      {approved && edited ? (
        <>
          <ActionCard action={approved} cls={cls} className={req.actionClass} heading="What was approved (edited)" id="approved-title" />
          <h4>Proposed → approved</h4>
          <ActionDiff before={req.action} after={approved} emptyText="The edit changes nothing: approved as proposed." />
        </>
      ) : approved ? (
        <p className="muted">Approved exactly as proposed (below).</p>
      ) : null}
    </section>
  );
}

/** A released action waiting for its review: what happened when it ran is what the reviewer judges, so it shows first. */
export function ReleasedOutcomePanel({ item }: { item: QueueItem }) {
  if (item.lane === 'decided' || !isReview(item)) return null;
  return (
    <section className="panel decided" aria-labelledby="released-title">
      <h3 id="released-title">After release</h3>
      <OutcomeLine decision={null} outcome={item.request.outcome} confirmed released />
    </section>
  );
}
