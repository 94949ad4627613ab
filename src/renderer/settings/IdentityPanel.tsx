// Who you are: the identity each hub says this console acts as (GET /v1/me): handle, display name, groups and when the
// token expires. It is the name on every decision sent there; nothing typed here can change it.
import { useEffect, useState } from 'react';
import type { SourceView } from '../../shared/contract.js';
import { api, errorMessage } from '../api/index.js';
import { SafeText } from '../common/SafeText.js';
import { useApp } from '../state/app.js';
import { formatTime } from '../state/clock.js';

export function IdentityPanel() {
  const [sources, setSources] = useState<SourceView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const sync = useApp((s) => s.sync);
  useEffect(() => {
    api.invoke('sources.list', {}).then(
      (s) => {
        setSources(s);
        setError(null);
      },
      (e) => setError(errorMessage(e)),
    );
  }, [sync]);
  const hubs = (sources ?? []).filter((s) => s.kind === 'hub');
  return (
    <section className="panel identity" aria-labelledby="identity-title">
      <h3 id="identity-title">Who you are</h3>
      <p className="muted small">
        As each hub knows you (asked when it connects and every 5 minutes). Decisions you send there are recorded under this identity, and its groups decide what you may approve.
      </p>
      {error ? <p className="error-text">{error}</p> : null}
      <button type="button" className="small" onClick={() => void api.invoke('sync.now', {}).catch((e: unknown) => setError(errorMessage(e)))}>
        Ask the hubs again
      </button>
      {sources === null ? (
        <p className="muted">Loading…</p>
      ) : hubs.length === 0 ? (
        <p className="muted">No hub configured.</p>
      ) : (
        <table className="identities">
          <thead>
            <tr>
              <th scope="col">Hub</th>
              <th scope="col">Handle</th>
              <th scope="col">Display name</th>
              <th scope="col">Groups</th>
              <th scope="col">Token expires</th>
            </tr>
          </thead>
          <tbody>
            {hubs.map((s) => {
              const me = s.identity;
              return (
                <tr key={s.id} data-source-id={s.id}>
                  <td>
                    <SafeText text={s.name} />
                  </td>
                  {me ? (
                    <>
                      <td className="identity-handle">
                        <SafeText text={me.handle} />
                      </td>
                      <td>
                        <SafeText text={me.displayName || '—'} />
                      </td>
                      <td className="identity-groups">
                        {me.groups.length
                          ? me.groups.map((g) => (
                              <span key={g} className="chip">
                                <SafeText text={g} />
                              </span>
                            ))
                          : 'none (any class without deciders)'}
                      </td>
                      <td>{me.expiresAt ? formatTime(me.expiresAt) : 'never'}</td>
                    </>
                  ) : (
                    <td colSpan={4} className="muted">
                      Not known yet: {s.status.state === 'online' ? 'this hub does not say who a token is (an older hub)' : 'the hub has not been reached'}.
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
