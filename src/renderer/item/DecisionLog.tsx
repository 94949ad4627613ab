// The source's decision log for this item with each entry's details, and whether its hash chain checked out.
import type { LogEntry } from '../../shared/domain.js';
import { JsonView } from '../common/JsonView.js';
import { SafeText } from '../common/SafeText.js';
import { formatTime } from '../state/clock.js';

/** Past this, a log entry's details are cut with the whole entry one click away. */
const DETAILS_MAX = 160;

function compact(v: unknown): string {
  try {
    return JSON.stringify(v) ?? '';
  } catch {
    return '[value too deep to show]';
  }
}

/** An entry's data (verdict, feedback, outcome, classification…) as one line of JSON text, the whole of it on demand. */
function LogDetails({ data }: { data: unknown }) {
  if (data === null || data === undefined) return <span className="muted">—</span>;
  const text = compact(data);
  if (text.length <= DETAILS_MAX) return <SafeText text={text} />;
  return (
    <details>
      <summary>
        <SafeText text={text.slice(0, DETAILS_MAX) + '…'} />
      </summary>
      <JsonView value={data} label="Log entry details" />
    </details>
  );
}

export function DecisionLog({ log, verified }: { log: LogEntry[]; verified: boolean | null }) {
  return (
    <div className="decision-log">
      <p className={`log-verified ${verified === true ? 'ok' : verified === false ? 'bad' : 'na'}`}>
        {verified === true ? '✓ Chain verified: no entry was changed or removed' : verified === false ? '✕ Broken chain: the log was altered' : 'Chain check: n/a for this source'}
      </p>
      {log.length === 0 ? (
        <p className="muted">No log entries.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Event</th>
              <th scope="col">By</th>
              <th scope="col">When</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {log.map((e) => (
              <tr key={e.seq}>
                <td>{e.seq}</td>
                <td>{e.event}</td>
                <td>
                  <SafeText text={e.actor} />
                </td>
                <td>{formatTime(e.at)}</td>
                <td className="log-details">
                  <LogDetails data={e.data} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
