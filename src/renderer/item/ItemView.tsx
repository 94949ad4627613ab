// The item: what it is, what would run, why it needs a human, the evidence, and the decision.
import { LANE_LABELS } from '../../shared/contract.js';
import { ExternalLink } from '../common/ExternalLink.js';
import { JsonView } from '../common/JsonView.js';
import { Markdown } from '../common/Markdown.js';
import { SafeText } from '../common/SafeText.js';
import { isOpen } from '../decide/actions.js';
import { DecisionBar } from '../decide/DecisionBar.js';
import { SyncBadge } from '../queue/SyncBadge.js';
import { formatTime, timeLeft, useClock } from '../state/clock.js';
import { useItem } from '../state/item.js';
import { ConflictPanel } from './ConflictPanel.js';
import { DeliveryFailedPanel } from './DeliveryFailedPanel.js';
import { OutboxPanel } from './OutboxPanel.js';
import { DecisionLog } from './DecisionLog.js';
import { EvidenceList } from './EvidenceList.js';
import { HiddenCharsBanner } from './HiddenCharsBanner.js';
import { Reasons, reasonsHeading } from './Reasons.js';
import { ActionCard } from './ActionCard.js';
import { DecidedPanel, ReleasedOutcomePanel } from './DecidedPanel.js';
import { RiskChip } from './RiskChip.js';
import { AnswerPanel, RightsPanel } from './RightsPanel.js';
import { OwnerLine } from './OwnerLine.js';
import { cardHeading } from './item-words.js';

function TimeLeft({ expiresAt }: { expiresAt: string | null }) {
  const now = useClock((s) => s.now);
  const t = timeLeft(expiresAt, now);
  return (
    <span className={`time-left${t.expired ? ' expired' : ''}${t.urgent ? ' urgent' : ''}`}>
      {t.text}
      {expiresAt ? <span className="muted"> (expires {formatTime(expiresAt)})</span> : null}
    </span>
  );
}

export function ItemView() {
  const id = useItem((s) => s.id);
  const detail = useItem((s) => s.detail);
  const error = useItem((s) => s.error);
  if (!id) return <div className="item-empty">Nothing selected. Pick an item from the queue (j / k to move).</div>;
  if (error && !detail)
    return (
      <div className="item-empty error-text" role="alert">
        Could not open this item: {error}
      </div>
    );
  if (!detail)
    return (
      <div className="item-empty" aria-busy="true">
        Loading…
      </div>
    );
  const { item, log, logVerified, identity, policyClass, policyVersionNow } = detail;
  const r = item.request;
  const unknownClass = r.reasons.some((x) => x.kind === 'unknown_class');
  return (
    <article className="item" aria-labelledby="item-summary" data-item-id={item.id}>
      <header className="item-header">
        <div className="item-meta-line">
          <span className="chip">{LANE_LABELS[item.lane]}</span>
          <span className="chip class">
            <SafeText text={r.actionClass} />
          </span>
          <RiskChip request={r} />
          <span className="chip status">{r.status}</span>
          <SyncBadge state={item.localDecision?.syncState} />
        </div>
        <h2 id="item-summary" className="item-summary">
          <SafeText text={r.summary} />
        </h2>
        <dl className="facts">
          <dt>Time left</dt>
          <dd>{r.status === 'pending' ? <TimeLeft expiresAt={r.expiresAt} /> : '—'}</dd>
          <dt>Agent</dt>
          <dd>
            <SafeText text={r.agent.name || r.agent.id} />
            {r.agent.runUrl ? (
              <>
                {' · '}
                <ExternalLink url={r.agent.runUrl}>run / trace</ExternalLink>
              </>
            ) : null}
          </dd>
          <dt>Source</dt>
          <dd>
            <SafeText text={item.sourceName} />
            {item.sourceUrl ? (
              <>
                {' · '}
                <ExternalLink url={item.sourceUrl}>open at source</ExternalLink>
              </>
            ) : null}
          </dd>
          <dt>Created</dt>
          <dd>{formatTime(r.createdAt)}</dd>
        </dl>
      </header>

      <HiddenCharsBanner action={r.action} />
      {item.lane === 'decided' ? <DecidedPanel item={item} cls={policyClass} /> : <ReleasedOutcomePanel item={item} />}
      <ConflictPanel item={item} />
      <DeliveryFailedPanel item={item} canRetry={isOpen(item)} />
      <AnswerPanel item={item} />
      <OutboxPanel item={item} />
      <OwnerLine item={item} identity={identity} />
      <RightsPanel item={item} identity={identity} />
      <DecisionBar item={item} identity={identity} chainBroken={logVerified === false} />

      <ActionCard
        action={r.action}
        cls={policyClass}
        className={r.actionClass}
        heading={cardHeading(item)}
        id="card-title"
        unknownClass={unknownClass}
        versions={policyVersionNow ? { classifiedBy: r.policyVersion ?? null, now: policyVersionNow } : undefined}
      />

      <section className="panel" aria-labelledby="why-title">
        <h3 id="why-title">{reasonsHeading(r)}</h3>
        <Reasons request={r} cls={policyClass} />
      </section>

      <section className="panel" aria-labelledby="action-title">
        <h3 id="action-title">
          Exact action:{' '}
          <code className="action-name">
            <SafeText text={r.action.name} />
          </code>
        </h3>
        <JsonView value={r.action.args} label="Proposed action arguments" />
      </section>

      {item.descriptionMarkdown ? (
        <section className="panel" aria-labelledby="desc-title">
          <h3 id="desc-title">Description</h3>
          <Markdown source={item.descriptionMarkdown} />
        </section>
      ) : null}

      <section className="panel" aria-labelledby="evidence-title">
        <h3 id="evidence-title">Evidence</h3>
        <EvidenceList evidence={r.evidence} />
      </section>

      {item.rawValue !== undefined ? (
        <section className="panel" aria-labelledby="raw-title">
          <h3 id="raw-title">Raw value from the source</h3>
          <JsonView value={item.rawValue} label="Raw value" />
        </section>
      ) : null}

      <section className="panel" aria-labelledby="log-title">
        <h3 id="log-title">Decision log</h3>
        <DecisionLog log={log} verified={logVerified} />
      </section>
    </article>
  );
}
