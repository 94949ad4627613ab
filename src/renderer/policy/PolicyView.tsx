// Policy: why each approval step exists, as each connected hub's policy says it now: the lane rule, the risk factors
// and their conditions in plain words, who may decide, the owner, and who changed the policy, when and why.
import { useCallback, useEffect, useState } from 'react';
import type { ActionClass } from '../../shared/domain.js';
import type { SourcePolicy } from '../../shared/policy-view/contract.js';
import { factorWords, laneWords, rightsWords } from '../../shared/policy-words.js';
import { api, errorMessage } from '../api/index.js';
import { SafeText } from '../common/SafeText.js';
import './policy.css';

function ClassCard({ cls }: { cls: ActionClass }) {
  const factors = factorWords(cls);
  return (
    <article className="policy-class" aria-label={`Class ${cls.name}`} data-class={cls.name}>
      <h4>
        <SafeText text={cls.name} />
      </h4>
      {cls.description ? (
        <p className="policy-description">
          <SafeText text={cls.description} />
        </p>
      ) : null}
      <p className="policy-lane">{laneWords(cls)}</p>
      {factors.length ? (
        <ul className="policy-factors" aria-label="Risk factors">
          {factors.map((f) => (
            <li key={f}>{f}</li>
          ))}
        </ul>
      ) : null}
      <ul className="policy-rights" aria-label="Decision rights">
        {rightsWords(cls).map((r) => (
          <li key={r}>{r}</li>
        ))}
      </ul>
      {cls.owner ? (
        <p className="muted">
          Owner: <SafeText text={cls.owner} />
        </p>
      ) : null}
    </article>
  );
}

function History({ policy }: { policy: SourcePolicy }) {
  return (
    <table className="policy-history" aria-label={`Policy versions of ${policy.name}`}>
      <thead>
        <tr>
          <th>Version</th>
          <th>When</th>
          <th>Who</th>
          <th>Why</th>
          <th>Classes</th>
        </tr>
      </thead>
      <tbody>
        {[...policy.versions].reverse().map((v) => (
          <tr key={v.version} data-version={v.version}>
            <td>{v.version}</td>
            <td>{new Date(v.at).toLocaleString()}</td>
            <td>
              <SafeText text={v.author} />
            </td>
            <td>{v.rationale ? <SafeText text={v.rationale} /> : <span className="muted">no reason given</span>}</td>
            <td>{v.classCount}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function SourceSection({ policy }: { policy: SourcePolicy }) {
  return (
    <section className="policy-source" aria-label={`Policy of ${policy.name}`}>
      <h3>
        <SafeText text={policy.name} />
        {policy.state === 'ok' ? (
          <span className="muted">
            {' '}
            · version {policy.version} · {policy.verified === false ? <strong className="bad">version history altered: its hash chain is broken</strong> : 'history verified'}
          </span>
        ) : null}
      </h3>
      {policy.state === 'unsupported' ? <p className="muted">This source has no policy to show: it decides for itself what needs a person.</p> : null}
      {policy.state === 'unreachable' ? (
        <p className="banner error" role="status">
          Cannot read this source&apos;s policy now ({policy.error ?? 'unreachable'}). It is shown when the source is back.
        </p>
      ) : null}
      {policy.state === 'ok' ? (
        <>
          <div className="policy-classes">
            {policy.classes.map((c) => (
              <ClassCard key={c.name} cls={c} />
            ))}
          </div>
          <h4>Changes</h4>
          <History policy={policy} />
        </>
      ) : null}
    </section>
  );
}

export function PolicyView() {
  const [sources, setSources] = useState<SourcePolicy[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    setError(null);
    api.invoke('policy.get', {}).then(
      (r) => setSources(r.sources),
      (e: unknown) => setError(errorMessage(e)),
    );
  }, []);
  useEffect(load, [load]);
  return (
    <section className="policy-view" aria-label="Policy">
      <h2>Policy</h2>
      <p className="muted">
        Why each kind of action waits for a person, or does not: the lane rule, the risk factors, who may decide, and every change to the policy with who made it and why.{' '}
        <button type="button" className="link-button" onClick={load}>
          Reload
        </button>
      </p>
      {error ? (
        <p className="banner error" role="alert">
          {error}
        </p>
      ) : null}
      {sources === null && !error ? <p className="muted">Loading the policy…</p> : null}
      {sources?.length === 0 ? <p className="muted">No sources yet: add a hub in Settings.</p> : null}
      {sources?.map((p) => (
        <SourceSection key={p.sourceId} policy={p} />
      ))}
    </section>
  );
}
