// From a recommendation to a policy change (#13 item 3): the class's REAL current definition (read from its hub, or
// the copy last read when offline) with the recommended edit already made, the policy diff, the what-if replay over
// the chosen period, and Apply with a rationale for those the hub lets change the policy. Applying writes a proposal
// that syncs like a decision; the hub's answer (applied, or refused: moved on, forbidden, invalid) is shown here.
import { useEffect, useMemo, useRef, useState } from 'react';
import { findClass } from '../../shared/class-match.js';
import { ActionClass } from '../../shared/domain.js';
import { visibleText } from '../../shared/hidden-chars.js';
import { pct } from '../../shared/insights/format.js';
import { numericPaths, proposedEdit } from '../../shared/insights/proposed-edit.js';
import type { LaneFigures, Period, WhatIfReport } from '../../shared/insights/schemas.js';
import type { DiscoveredSplit } from '../../shared/insights/splits.js';
import { policyDiff } from '../../shared/policy-diff.js';
import type { PolicyProposalView, SourcePolicy } from '../../shared/policy-view/contract.js';
import { issuesSummary, zodIssues } from '../../shared/zod-issues.js';
import { api, errorMessage } from '../api/index.js';
import { SafeText } from '../common/SafeText.js';
import { WhatIfResult } from './WhatIfPanel.js';

type Kind = 'relax' | 'tighten';

function useSourcePolicies(): { sources: SourcePolicy[] | null; error: string | null } {
  const [sources, setSources] = useState<SourcePolicy[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api
      .invoke('policy.get', {})
      .then((r) => live && setSources(r.sources))
      .catch((e) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, []);
  return { sources, error };
}

/** Follows one proposal until the hub has answered for it. */
function useProposal(id: string | null): PolicyProposalView | null {
  const [view, setView] = useState<PolicyProposalView | null>(null);
  useEffect(() => {
    if (!id) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = () =>
      void api
        .invoke('policy.proposals', {})
        .then((r) => {
          if (!live) return;
          const p = r.proposals.find((x) => x.id === id) ?? null;
          setView(p);
          if (!p || p.state === 'local' || p.state === 'syncing') timer = setTimeout(poll, 700);
        })
        .catch(() => live && (timer = setTimeout(poll, 2000)));
    poll();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [id]);
  return view;
}

function evidenceOf(row: LaneFigures, period: Period, whatIf: WhatIfReport | null, split: DiscoveredSplit | undefined) {
  const { recommendation: r } = row;
  return {
    recommendation: { kind: r.kind, headline: r.headline, evidence: r.evidence },
    ...(split ? { split: { path: split.path, threshold: split.threshold, kind: split.kind, under: split.under, over: split.over, evidence: split.evidence } } : {}),
    period,
    figures: {
      control: row.control,
      decided: row.decided,
      changed: row.changed,
      changeRate: row.changeRate,
      changeCi: row.changeCi,
      heldHours: row.heldHours,
      outcomes: row.outcomes,
    },
    whatIf: whatIf && {
      replayed: whatIf.replayed,
      removedApprovals: whatIf.removedApprovals,
      removedWaitHours: whatIf.removedWaitHours,
      addedApprovals: whatIf.addedApprovals,
      letThroughChanged: whatIf.letThroughChanged,
      letThroughFailed: whatIf.letThroughFailed,
    },
  };
}

export function ProposalPanel({ row, split: found, period, onClose }: { row: LaneFigures; split?: DiscoveredSplit; period: Period; onClose: () => void }) {
  const kind: Kind = found ? found.kind : row.recommendation.kind === 'tighten' ? 'tighten' : 'relax';
  // The panel opens below a long table: bring it into view and put the keyboard on its heading.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.scrollIntoView?.({ block: 'start' });
    heading.current?.focus({ preventScroll: true });
  }, []);
  const { sources, error: loadError } = useSourcePolicies();
  const holders = useMemo(() => (sources ?? []).filter((s) => findClass(s.classes, row.actionClass)), [sources, row.actionClass]);
  const [sourceId, setSourceId] = useState<string | null>(null);
  const source = holders.find((s) => s.sourceId === sourceId) ?? holders[0] ?? null;
  const current = source ? findClass(source.classes, row.actionClass) : null;
  const [split, setSplit] = useState(!!found);
  const [path, setPath] = useState(found?.path ?? '');
  const [threshold, setThreshold] = useState(found ? String(found.threshold) : '');
  const [text, setText] = useState<string | null>(null);
  const [rationale, setRationale] = useState(found?.headline ?? row.recommendation.headline);
  const [whatIf, setWhatIf] = useState<WhatIfReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [proposalId, setProposalId] = useState<string | null>(null);
  const proposal = useProposal(proposalId);

  const edit = current ? proposedEdit(current, kind, split ? { path, threshold: threshold.trim() === '' ? NaN : Number(threshold) } : undefined) : null;
  useEffect(() => {
    if (current && !path) setPath(numericPaths(current)[0] ?? 'args.amount');
  }, [current, path]);
  // The edit's JSON, regenerated when the edit's inputs change; the person may still change it by hand.
  const generated = edit?.ok ? JSON.stringify(edit.cls, null, 2) : null;
  useEffect(() => setText(generated), [generated]);
  const parsed = useMemo(() => {
    if (text === null) return null;
    try {
      const r = ActionClass.safeParse(JSON.parse(text));
      return r.success ? { cls: r.data, error: null } : { cls: null, error: `The proposed class is not valid: ${issuesSummary(zodIssues(r.error))}` };
    } catch (e) {
      return { cls: null, error: `The proposed class is not valid JSON: ${(e as Error).message}` };
    }
  }, [text]);
  const proposed = parsed?.cls ?? null;
  const diff = current && proposed ? policyDiff([current], [proposed]) : [];
  const proposedKey = proposed ? JSON.stringify(proposed) : null;

  // Replay the period under the proposal whenever it changes.
  useEffect(() => {
    if (!proposed || !proposedKey) return;
    let live = true;
    setWhatIf(null);
    api
      .invoke('insights.whatIf', { period, proposed: { ...proposed, name: row.actionClass } })
      .then((r) => live && setWhatIf(r))
      .catch((e) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- proposedKey is the proposal's JSON: the object is new on every render
  }, [proposedKey, period.from, period.to, row.actionClass]);

  const apply = async () => {
    if (!source || !proposed) return;
    setError(null);
    try {
      const p = await api.invoke('policy.propose', {
        sourceId: source.sourceId,
        baseVersion: source.version,
        actionClass: proposed,
        rationale,
        evidence: evidenceOf(row, period, whatIf, found),
      });
      setProposalId(p.id);
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const cannot = source?.mayChange === false ? 'The hub does not let you change the policy: an admin or a member of policy-editors must apply it.' : null;
  const label = `${kind === 'relax' ? 'Relax' : 'Tighten'} ${visibleText(row.actionClass)}`;

  return (
    <section className="insights-proposal" aria-label={`Proposed change: ${label}`}>
      <header className="proposal-head">
        <h3 ref={heading} tabIndex={-1}>
          Proposed change: {kind} <SafeText text={row.actionClass} /> ({row.control} lane)
        </h3>
        <button type="button" onClick={onClose} aria-label="Close the proposed change">
          Close
        </button>
      </header>
      <p className="muted">
        {found ? `${found.headline}.` : `${row.recommendation.headline}.`} {pct(row.changeRate)} changed of {row.decided} decisions
        {row.changeCi ? ` (95% interval ${pct(row.changeCi.low)}–${pct(row.changeCi.high)})` : ''}.
      </p>
      {loadError ? (
        <p role="alert" className="banner error">
          {loadError}
        </p>
      ) : null}
      {sources && !current ? (
        <p role="alert" className="banner error">
          No connected hub has a policy with the class <SafeText text={row.actionClass} />, so there is nothing to change here.
        </p>
      ) : null}
      {!sources && !loadError ? <p className="muted">Reading the policy…</p> : null}
      {source && current ? (
        <>
          <p data-testid="proposal-base">
            From policy version {source.version} of <SafeText text={source.name} />
            {source.cachedAt ? ` (offline: the copy read at ${source.cachedAt.slice(0, 16).replace('T', ' ')} UTC; the hub will refuse it if the policy moved on)` : ''}.
          </p>
          {holders.length > 1 ? (
            <label>
              Hub{' '}
              <select aria-label="Hub whose policy to change" value={source.sourceId} onChange={(e) => setSourceId(e.target.value)}>
                {holders.map((h) => (
                  <option key={h.sourceId} value={h.sourceId}>
                    {visibleText(h.name)}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          <fieldset className="proposal-mode">
            <legend>What to change</legend>
            <label>
              <input type="radio" name="proposal-mode" checked={!split} onChange={() => setSplit(false)} /> The whole class
            </label>
            <label>
              <input type="radio" name="proposal-mode" checked={split} onChange={() => setSplit(true)} /> Split by an argument threshold
            </label>
            {split ? (
              <>
                <label>
                  Argument <input aria-label="Split argument path" value={path} onChange={(e) => setPath(e.target.value)} />
                </label>
                <label>
                  {kind === 'relax' ? 'At or under' : 'Over'}{' '}
                  <input aria-label="Split threshold" inputMode="decimal" value={threshold} onChange={(e) => setThreshold(e.target.value)} />
                </label>
              </>
            ) : null}
          </fieldset>
          {edit && !edit.ok ? (
            <p role="alert" className="banner error">
              {edit.reason}
            </p>
          ) : edit ? (
            <p>{edit.summary}</p>
          ) : null}
          <label className="block">
            Proposed definition (JSON, as in the policy)
            <textarea aria-label="Proposed class definition" rows={8} spellCheck={false} value={text ?? ''} onChange={(e) => setText(e.target.value)} />
          </label>
          {parsed?.error ? (
            <p role="alert" className="banner error">
              {parsed.error}
            </p>
          ) : null}
          <h4>Policy diff</h4>
          <ul className="proposal-diff" aria-label="Policy diff">
            {diff
              .flatMap((c) => c.patch)
              .map((op, i) => (
                <li key={i}>
                  <code>
                    {op.op} {op.path}
                  </code>{' '}
                  {'value' in op ? <SafeText text={JSON.stringify(op.value)} /> : null}
                </li>
              ))}
            {proposed && diff.length === 0 ? <li className="muted">No change from the current definition.</li> : null}
          </ul>
          <h4>
            Projected effect over {period.from} – {period.to}
          </h4>
          {whatIf ? <WhatIfResult result={whatIf} /> : proposed ? <p className="muted">Replaying…</p> : null}
          <label className="block">
            Rationale (kept with the new policy version)
            <textarea aria-label="Rationale for the change" rows={3} value={rationale} onChange={(e) => setRationale(e.target.value)} />
          </label>
          {cannot ? <p className="banner warn">{cannot}</p> : null}
          <button
            type="button"
            className="primary"
            disabled={!!cannot || !proposed || diff.length === 0 || !rationale.trim() || (!!proposal && proposal.state !== 'refused')}
            onClick={apply}
            aria-label="Apply the change to the policy"
          >
            Apply the change
          </button>
          <ProposalState proposal={proposal} sourceName={source.name} />
        </>
      ) : null}
      {error ? (
        <p role="alert" className="banner error">
          {error}
        </p>
      ) : null}
    </section>
  );
}

function ProposalState({ proposal, sourceName }: { proposal: PolicyProposalView | null; sourceName: string }) {
  if (!proposal) return null;
  if (proposal.state === 'applied')
    return (
      <p role="status" className="banner" data-testid="proposal-state">
        Applied: the policy is now at version {proposal.resultVersion}. New requests of this class follow it.
      </p>
    );
  if (proposal.state === 'refused')
    return (
      <p role="alert" className="banner error" data-testid="proposal-state">
        Refused by the hub: <SafeText text={proposal.error ?? 'no reason given'} />
      </p>
    );
  return (
    <p role="status" className="banner" data-testid="proposal-state">
      Saved on this computer; sending to <SafeText text={sourceName} /> when it is reachable
      {proposal.error ? (
        <>
          {' '}
          (last try: <SafeText text={proposal.error} />)
        </>
      ) : null}
      .
    </p>
  );
}
