// Proof after a change (#13 item 5): each class a policy version changed, with its figures in the days before and
// after side by side, and "Tighten back?" with the evidence when released work started failing beyond the interval.
import { useEffect, useState } from 'react';
import { duration, pct } from '../../shared/insights/format.js';
import type { PolicyEffectsReport, WindowFigures } from '../../shared/insights/effects.js';
import type { Thresholds } from '../../shared/insights/schemas.js';
import { api, errorMessage } from '../api/index.js';
import { SafeText } from '../common/SafeText.js';

const versionsText = (v: WindowFigures['versions']) => (v.to === null ? `version ${v.from} and later` : v.to === v.from ? `version ${v.from}` : `versions ${v.from}–${v.to}`);

function Figures({ w }: { w: WindowFigures }) {
  if (w.volume === 0)
    return (
      <span className="muted">
        No requests under {versionsText(w.versions)} yet ({w.period.from} – {w.period.to})
      </span>
    );
  return (
    <>
      <div>
        {w.volume} requests ({w.byLane.map((l) => `${l.volume} ${l.control}`).join(', ')})
      </div>
      <div>
        Changed {pct(w.changeRate)}
        {w.changeCi ? ` (${pct(w.changeCi.low)}–${pct(w.changeCi.high)})` : ''} of {w.decided} decisions
      </div>
      <div>
        Failed or rolled back {pct(w.failureRate)}
        {w.failureCi ? ` (${pct(w.failureCi.low)}–${pct(w.failureCi.high)})` : ''}: {w.failedOrRolledBack} of {w.reported}
      </div>
      <div>
        Median wait {duration(w.waitMedianMs)}, {w.heldHours.toFixed(1)} h held
      </div>
      <div className="muted small">
        Classified under {versionsText(w.versions)}, {w.period.from} – {w.period.to}
      </div>
    </>
  );
}

export function PolicyEffects({ thresholds, windowDays = 30 }: { thresholds: Thresholds; windowDays?: number }) {
  const [report, setReport] = useState<PolicyEffectsReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const key = JSON.stringify(thresholds);
  useEffect(() => {
    let live = true;
    api
      .invoke('insights.policyEffects', { windowDays, thresholds })
      .then((r) => live && (setReport(r), setError(null)))
      .catch((e) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- key is the thresholds' JSON
  }, [key, windowDays]);
  if (error) return <p className="banner error">Policy changes: {error}</p>;
  if (!report) return null;
  return (
    <section className="insights-effects" aria-label="Policy changes and their effect">
      <h3>Policy changes and their effect (by the policy version each request was classified under, {windowDays} days either side)</h3>
      {report.unavailable.map((u) => (
        <p key={u.sourceId} className="muted">
          <SafeText text={u.name} />: its policy versions cannot be read now ({u.error}).
        </p>
      ))}
      {report.effects.length === 0 ? (
        <p className="muted">No policy change yet. Apply a recommendation to see the class before and after here.</p>
      ) : (
        <table className="insights-table compact" aria-label="Before and after each policy change">
          <thead>
            <tr>
              <th scope="col">Change</th>
              <th scope="col">Class</th>
              <th scope="col">Before</th>
              <th scope="col">After</th>
              <th scope="col">Flag</th>
            </tr>
          </thead>
          <tbody>
            {report.effects.map((e) => (
              <tr key={`${e.sourceId}/${e.version}/${e.actionClass}`} data-effect={`${e.version}/${e.actionClass}`}>
                <td>
                  Version {e.version}, {e.at.slice(0, 16).replace('T', ' ')} UTC by <SafeText text={e.author} />
                  {e.rationale ? (
                    <div className="muted">
                      <SafeText text={e.rationale} />
                    </div>
                  ) : null}
                </td>
                <td>
                  <SafeText text={e.actionClass} /> <span className="muted">({e.kind})</span>
                </td>
                <td>
                  <Figures w={e.before} />
                  {e.beforeVersioning ? (
                    <div className="muted small" data-testid="before-versioning">
                      {e.beforeVersioning} requests from before versioning (no policy version recorded) are on neither side
                    </div>
                  ) : null}
                </td>
                <td>
                  <Figures w={e.after} />
                </td>
                <td>
                  {e.tightenBack ? (
                    <details open>
                      <summary className="rec rec-tighten">Tighten back?</summary>
                      <ul>
                        {e.tightenBack.map((l) => (
                          <li key={l}>{l}</li>
                        ))}
                      </ul>
                    </details>
                  ) : e.relaxed ? (
                    <span className="muted">Released work holds up</span>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
