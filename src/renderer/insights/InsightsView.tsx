// The Insights view: period and thresholds, the class/lane table with recommendations, charts, what-if and export.
// Everything is computed on the console's local SQLite copy (works offline).
import { memo, useCallback, useMemo, useState } from 'react';
import { api, errorMessage } from '../api/index.js';
import { Control } from '../../shared/domain.js';
import { visibleText } from '../../shared/hidden-chars.js';
import { hours } from '../../shared/insights/format.js';
import { DEFAULT_THRESHOLDS, type DecisionFilter, type InsightsReport, type LaneFigures, type Thresholds } from '../../shared/insights/schemas.js';
import { CHARTED_CLASSES, Charts } from './Charts.js';
import { DecisionsPanel } from './DecisionsPanel.js';
import { FiguresTable } from './FiguresTable.js';
import { PolicyEffects } from './PolicyEffects.js';
import { ProposalPanel } from './ProposalPanel.js';
import { QuorumTable } from './QuorumTable.js';
import type { DiscoveredSplit, SplitsQueryInput } from '../../shared/insights/splits.js';
import { daysAgo, isoDay, useInsights, useSplits } from './useInsights.js';
import { WhatIfPanel } from './WhatIfPanel.js';
import './insights.css';

// Memoised so a click on the form (a new period, a threshold) redraws only the form until the new report arrives:
// redrawing 200 rows and three charts with the old figures first cost more than the compute (#13 item 9).
const MemoCharts = memo(Charts);
const MemoPolicyEffects = memo(PolicyEffects);
const MemoQuorumTable = memo(QuorumTable);
const MemoWhatIfPanel = memo(WhatIfPanel);
const NO_QUORUM: [] = [];
/** Decisions up to which threshold splits are looked for without asking (a few hundred ms on a small machine). */
const SPLITS_AUTO_MAX = 100_000;

/** The report's own query as a splits query (the figures' filters and thresholds). */
function splitsQueryOf(q: InsightsReport['query']): SplitsQueryInput {
  return {
    period: q.period,
    thresholds: q.thresholds,
    ...(q.actionClass ? { actionClass: q.actionClass } : {}),
    ...(q.control ? { control: q.control } : {}),
    ...(q.source ? { source: q.source } : {}),
  };
}

export function InsightsView() {
  const [from, setFrom] = useState(daysAgo(29));
  const [to, setTo] = useState(isoDay(new Date()));
  const [actionClass, setActionClass] = useState('');
  const [control, setControl] = useState('');
  const [thresholds, setThresholds] = useState<Thresholds>(DEFAULT_THRESHOLDS);
  const [decisions, setDecisions] = useState<DecisionFilter | null>(null);
  const [exported, setExported] = useState<string | null>(null);
  const [proposing, setProposing] = useState<{ row: LaneFigures; split?: DiscoveredSplit } | null>(null);
  const period = useMemo(() => ({ from, to }), [from, to]);
  const onPropose = useCallback((row: LaneFigures, split?: DiscoveredSplit) => setProposing({ row, split }), []);
  const query = {
    period,
    thresholds,
    ...(actionClass ? { actionClass } : {}),
    ...(control ? { control: control as Control } : {}),
  };
  const { report, error, loading, reload } = useInsights({ ...query, seriesClasses: CHARTED_CLASSES });
  // Splits read every decision's action: asked for at once up to SPLITS_AUTO_MAX decisions, beyond on request.
  const [splitsAsked, setSplitsAsked] = useState('');
  const splitQuery = report ? splitsQueryOf(report.query) : null;
  const splitKey = JSON.stringify(splitQuery);
  const auto = !!report && report.totals.decided <= SPLITS_AUTO_MAX;
  const splits = useSplits(auto || splitsAsked === splitKey ? splitQuery : null);
  const exportAs = async (format: 'csv' | 'jsonl') => {
    setExported(null);
    try {
      const r = await api.invoke('insights.export', {
        format,
        filter: { period, only: 'all', ...(actionClass ? { actionClass } : {}), ...(control ? { control: control as Control } : {}) },
      });
      setExported(`Exported ${r.rows} decisions (${(r.bytes / 1024).toFixed(0)} KB) to ${r.path}`);
    } catch (e) {
      setExported(`Export failed: ${errorMessage(e)}`);
    }
  };
  const setT = (k: keyof Thresholds, v: string) => {
    const n = Number(v);
    if (Number.isFinite(n)) setThresholds({ ...thresholds, [k]: k === 'minDecisions' ? Math.max(1, Math.round(n)) : Math.min(1, Math.max(0, n / 100)) });
  };
  return (
    <section className="insights" aria-label="Insights">
      <h2>Insights</h2>
      <p className="insights-intro" data-testid="insights-intro">
        Insights answers, per action class and lane, whether asking a person still changes what agents do: how often approvers edit or reject, how long agents wait, and what fails
        after release. Where approval only adds delay it recommends relaxing the lane, where released work is often corrected it recommends tightening, and either opens as a policy
        change you can check against the history and apply.
      </p>
      <form className="insights-controls" onSubmit={(e) => (e.preventDefault(), reload())} aria-label="Insights period and filters">
        <label>
          From <input type="date" aria-label="Period start" value={from} max={to} onChange={(e) => e.target.value && setFrom(e.target.value)} />
        </label>
        <label>
          To <input type="date" aria-label="Period end" value={to} min={from} onChange={(e) => e.target.value && setTo(e.target.value)} />
        </label>
        {[7, 30, 90, 365].map((d) => (
          <button key={d} type="button" aria-label={`Last ${d} days`} onClick={() => (setFrom(daysAgo(d - 1)), setTo(isoDay(new Date())))}>
            {d} d
          </button>
        ))}
        <label>
          Class{' '}
          <select aria-label="Action class filter" value={actionClass} onChange={(e) => setActionClass(e.target.value)}>
            <option value="">All classes</option>
            {(report?.facets.actionClasses ?? []).map((c) => (
              <option key={c} value={c}>
                {visibleText(c)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Lane{' '}
          <select aria-label="Lane filter" value={control} onChange={(e) => setControl(e.target.value)}>
            <option value="">All lanes</option>
            {Control.options.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
        <fieldset className="thresholds">
          <legend>Recommendation thresholds</legend>
          <label>
            Min decisions <input type="number" min={1} aria-label="Minimum decisions" value={thresholds.minDecisions} onChange={(e) => setT('minDecisions', e.target.value)} />
          </label>
          <label>
            Max change-rate upper bound %{' '}
            <input
              type="number"
              min={0}
              max={100}
              step={0.5}
              aria-label="Maximum change rate upper bound (percent)"
              value={+(thresholds.maxChangeRateUpper * 100).toFixed(2)}
              onChange={(e) => setT('maxChangeRateUpper', e.target.value)}
            />
          </label>
          <label>
            Max failure rate %{' '}
            <input
              type="number"
              min={0}
              max={100}
              step={0.5}
              aria-label="Maximum post-release failure rate (percent)"
              value={+(thresholds.maxFailureRate * 100).toFixed(2)}
              onChange={(e) => setT('maxFailureRate', e.target.value)}
            />
          </label>
        </fieldset>
        <button type="submit" aria-label="Recompute insights">
          Recompute
        </button>
        <button type="button" aria-label="Export the decision log as CSV" onClick={() => exportAs('csv')}>
          Export CSV
        </button>
        <button type="button" aria-label="Export the decision log as JSON Lines" onClick={() => exportAs('jsonl')}>
          Export JSONL
        </button>
      </form>
      {exported ? (
        <p role="status" className="insights-exported">
          {exported}
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="banner error">
          {error}
        </p>
      ) : null}
      {loading && !report ? <p className="muted">Computing…</p> : null}
      {report ? (
        <>
          <p className="insights-summary" data-testid="insights-summary">
            {report.totals.volume} requests, {report.totals.decided} human decisions, change rate{' '}
            {report.totals.changeRate === null ? '–' : `${(report.totals.changeRate * 100).toFixed(1)}%`}, {hours(report.totals.heldHours * 3_600_000)} of agent work held.
            Change-rate intervals are 95% Wilson score intervals.{' '}
            <span className="muted">
              Computed in {report.computeMs.toFixed(0)} ms{report.cacheAsOf ? ` from the summary cache (as of ${report.cacheAsOf.slice(11, 19)} UTC)` : ''}.
            </span>
          </p>
          {report.totals.volume === 0 ? (
            <div className="banner" role="status" data-testid="insights-empty">
              <p>
                No requests were created in this period, so there is nothing to measure yet. Figures appear as decisions are made here or at your hubs and sync in: widen the period
                (try 90 d), or connect a hub in Settings. Each lane needs about {thresholds.minDecisions} human decisions before Insights recommends anything.
              </p>
            </div>
          ) : null}
          <MemoCharts series={report.series} />
          {!auto && splitsAsked !== splitKey ? (
            <p className="muted">
              Threshold splits (an argument value under which humans never change the action) are looked for on request over {report.totals.decided} decisions, as it reads each
              one.{' '}
              <button type="button" className="link" onClick={() => setSplitsAsked(splitKey)}>
                Look for threshold splits
              </button>
            </p>
          ) : null}
          <FiguresTable rows={report.rows} splits={splits} onSeeDecisions={setDecisions} onPropose={onPropose} />
          {proposing ? (
            <ProposalPanel
              key={`${proposing.row.actionClass}/${proposing.row.control}/${proposing.split?.threshold ?? ''}`}
              row={proposing.row}
              split={proposing.split}
              period={period}
              onClose={() => setProposing(null)}
            />
          ) : null}
          <MemoPolicyEffects key={proposing ? 'proposing' : 'idle'} thresholds={thresholds} />
          <MemoQuorumTable rows={report.quorum ?? NO_QUORUM} />
          {decisions ? <DecisionsPanel filter={decisions} onClose={() => setDecisions(null)} /> : null}
          <MemoWhatIfPanel key={report.facets.actionClasses.join(',')} period={period} classes={report.facets.actionClasses} />
        </>
      ) : null}
    </section>
  );
}
