// "What will happen", in words, above the exact JSON: the class's title and the fields that matter (or the action's
// top-level fields when the class has no display description), the class's description and owner. Every piece is
// text through SafeText, so a hostile template or value is shown, flagged where hidden characters hide, never run.
import type { ActionClass, ProposedAction } from '../../shared/domain.js';
import { SafeText } from '../common/SafeText.js';
import { cardModel, type CardValue } from './card-model.js';

function Value({ value }: { value: CardValue }) {
  if (value.kind === 'line') return <SafeText text={value.text} />;
  if (value.kind === 'list')
    return (
      <ul className="card-list">
        {value.items.map((t, i) => (
          <li key={i}>
            <SafeText text={t} />
          </li>
        ))}
      </ul>
    );
  return value.code ? (
    <pre className="card-code">
      <SafeText text={value.text} />
    </pre>
  ) : (
    <div className="card-block">
      <SafeText text={value.text} />
    </div>
  );
}

interface Props {
  action: ProposedAction;
  cls: ActionClass | null;
  className: string;
  heading: string;
  id: string;
  /** The source's policy has no such class (it failed closed to approval). */
  unknownClass?: boolean;
  /** Which policy version classified the request, beside the current one (absent: the source keeps no versions). */
  versions?: { classifiedBy: number | null; now: number };
}

/** The version that classified the request is what the approver decides under; the class words shown are the current ones. */
function versionLine({ classifiedBy, now }: { classifiedBy: number | null; now: number }): string {
  if (classifiedBy === null) return `Classified before versioning (no policy version recorded) · described from the current policy v${now}`;
  if (classifiedBy === now) return `Classified under policy v${classifiedBy}, the current policy`;
  return `Classified under policy v${classifiedBy} · the policy is now v${now}, and the description above is from v${now}`;
}

export function ActionCard({ action, cls, className, heading, id, unknownClass = false, versions }: Props) {
  const model = cardModel(action, cls?.display);
  return (
    <section className="panel card" aria-labelledby={id}>
      <h3 id={id}>{heading}</h3>
      {model.title ? (
        <p className="card-title">
          <SafeText text={model.title} />
        </p>
      ) : null}
      {model.fields.length ? (
        <dl className="card-fields">
          {model.fields.map((f, i) => (
            <div key={i} className="card-field">
              <dt>
                <SafeText text={f.label} />
              </dt>
              <dd>
                <Value value={f.value} />
              </dd>
            </div>
          ))}
        </dl>
      ) : (
        <p className="muted">The action has no top-level values to show: see the exact action below.</p>
      )}
      <p className="card-notes muted">
        Runs <code className="action-name">{<SafeText text={action.name} />}</code>
        {model.generic ? ' · no display description for this class: its top-level fields' : ''}
        {model.missing.length ? (
          <>
            {' · not given: '}
            <SafeText text={model.missing.join(', ')} />
          </>
        ) : null}
        {model.notShown.length ? (
          <>
            {' · also in the action, shown below: '}
            <SafeText text={model.notShown.slice(0, 20).join(', ') + (model.notShown.length > 20 ? ` and ${model.notShown.length - 20} more` : '')} />
          </>
        ) : null}
      </p>
      <p className="card-class">
        <code>
          <SafeText text={className} />
        </code>
        {cls?.description ? (
          <>
            {': '}
            <SafeText text={cls.description} />
          </>
        ) : cls ? null : (
          <span className="muted">{unknownClass ? ' · not in the policy: unknown classes need approval' : ' · no description of this class from its source (yet)'}</span>
        )}
        {cls?.owner ? (
          <span className="card-owner">
            {' · Owner: '}
            <SafeText text={cls.owner} />
          </span>
        ) : null}
      </p>
      {versions ? (
        <p className="card-policy-version muted" data-testid="card-policy-version">
          {versionLine(versions)}
        </p>
      ) : null}
    </section>
  );
}
