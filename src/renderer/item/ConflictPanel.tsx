// Someone else decided first: who, what and when, and how their action differs from the one you approved.
import type { QueueItem } from '../../shared/contract.js';
import { ActionDiff } from '../decide/ActionDiff.js';
import { VERDICT_LABELS } from '../decide/verdicts.js';
import { SafeText } from '../common/SafeText.js';
import { formatTime } from '../state/clock.js';

export function ConflictPanel({ item }: { item: QueueItem }) {
  const local = item.localDecision;
  const winner = local?.conflict?.winner;
  if (!local || local.syncState !== 'conflict' || !winner) return null;
  const theirs = winner.verdict.startsWith('approve') ? (winner.editedAction ?? item.request.action) : null;
  const mine = local.decision.verdict.startsWith('approve') ? (local.decision.editedAction ?? item.request.action) : null;
  return (
    <section className="panel conflict" aria-labelledby="conflict-title">
      <h3 id="conflict-title">⚡ Conflict: someone else decided first</h3>
      <dl className="facts">
        <dt>Decided first by</dt>
        <dd>
          <SafeText text={winner.decidedBy} />
        </dd>
        <dt>Their decision</dt>
        <dd>{VERDICT_LABELS[winner.verdict]}</dd>
        <dt>When</dt>
        <dd>{formatTime(winner.decidedAt)}</dd>
        {winner.feedback ? (
          <>
            <dt>Their feedback</dt>
            <dd>
              <SafeText text={winner.feedback} />
            </dd>
          </>
        ) : null}
        <dt>Your decision</dt>
        <dd>
          {VERDICT_LABELS[local.decision.verdict]} at {formatTime(local.decision.decidedAt)} (not applied)
        </dd>
      </dl>
      <h4>Their action compared with yours</h4>
      {theirs && mine ? (
        <ActionDiff before={theirs} after={mine} emptyText="Both decisions approve the same action." />
      ) : (
        <p className="muted">{theirs ? 'They approved an action; you did not.' : mine ? 'You approved an action; they did not.' : 'Neither decision approves an action.'}</p>
      )}
    </section>
  );
}
