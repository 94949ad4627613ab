// The source's decision log for this item, and whether its hash chain checked out.
import type { LogEntry } from '../../shared/domain.js';
import { SafeText } from '../common/SafeText.js';
import { formatTime } from '../state/clock.js';

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
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
