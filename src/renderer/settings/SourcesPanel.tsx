// Sources: what this console pulls from, their status, adding a hub or a LangGraph deployment, editing, testing,
// rotating a hub token (SourceActions.tsx), removing one.
// Tokens are write-only: the UI sends them once and only ever learns that one is stored, and where.
import { visibleText } from '../../shared/hidden-chars.js';
import { useEffect, useState } from 'react';
import type { SourceKind, SourceView } from '../../shared/contract.js';
import { SourceInput } from '../../shared/contract.js';
import { api, errorMessage } from '../api/index.js';
import { SafeText } from '../common/SafeText.js';
import { toast, useApp } from '../state/app.js';
import { formatTime } from '../state/clock.js';
import { EditSource, parseWatch, RotateToken, TestResult, useSourceTest, WatchField } from './SourceActions.js';

function secretWhere(storage: 'safeStorage' | 'file-0600' | undefined): string {
  if (storage === 'safeStorage') return 'encrypted by your OS keychain';
  if (storage === 'file-0600') return 'in a file only your user can read';
  return 'on this machine';
}

function AddSource({ onAdded }: { onAdded: (added: SourceView) => void }) {
  const [kind, setKind] = useState<SourceKind>('hub');
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [token, setToken] = useState('');
  const [watch, setWatch] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    const input = {
      kind,
      name: name.trim(),
      url: url.trim(),
      ...(token ? { token } : {}),
      watch: parseWatch(watch),
    };
    const checked = SourceInput.safeParse(input);
    if (!checked.success) return setError(checked.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; '));
    setBusy(true);
    try {
      const added = await api.invoke('sources.add', input);
      toast(`Added ${visibleText(added.name)}; testing the connection…`, 'info');
      setName('');
      setUrl('');
      setToken(''); // never kept in the page once sent
      setWatch('');
      setError(null);
      onAdded(added);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="add-source"
      aria-labelledby="add-source-title"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h4 id="add-source-title">Add a source</h4>
      <div className="field-row">
        <label htmlFor="src-kind">Kind</label>
        <select id="src-kind" value={kind} onChange={(e) => setKind(e.target.value as SourceKind)}>
          <option value="hub">Countersign hub</option>
          <option value="langgraph">LangGraph deployment</option>
        </select>
      </div>
      <div className="field-row">
        <label htmlFor="src-name">Name</label>
        <input id="src-name" value={name} maxLength={200} onChange={(e) => setName(e.target.value)} placeholder={kind === 'hub' ? 'Team hub' : 'Support graph'} />
      </div>
      <div className="field-row">
        <label htmlFor="src-url">URL</label>
        <input id="src-url" type="url" value={url} maxLength={2000} onChange={(e) => setUrl(e.target.value)} placeholder="https://…" />
      </div>
      <div className="field-row">
        <label htmlFor="src-token">{kind === 'hub' ? 'Approver token' : 'API key'}</label>
        <input id="src-token" type="password" autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} aria-describedby="src-token-help" />
      </div>
      <p id="src-token-help" className="muted small">
        Write-only: stored {secretWhere(useApp.getState().info?.secretStorage)}; it is never shown again.
      </p>
      {kind === 'langgraph' ? <WatchField id="src-watch" value={watch} onChange={setWatch} /> : null}
      {error ? (
        <p className="error-text" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Adding…' : 'Add source'}
      </button>
    </form>
  );
}

export function SourcesPanel() {
  const [sources, setSources] = useState<SourceView[] | null>(null);
  const storage = useApp((s) => s.info?.secretStorage);
  const sync = useApp((s) => s.sync);
  const [editing, setEditing] = useState<string | null>(null);
  const tests = useSourceTest();
  const load = () => api.invoke('sources.list', {}).then(setSources, (e) => toast(`Could not list sources: ${errorMessage(e)}`));
  useEffect(() => {
    void load();
  }, [sync]);

  const remove = async (s: SourceView) => {
    if (!window.confirm(`Remove the source “${s.name}”? Its undecided items leave this console.`)) return;
    try {
      await api.invoke('sources.remove', { id: s.id });
      toast(`Removed ${visibleText(s.name)}`, 'info');
      void load();
    } catch (e) {
      toast(`Could not remove: ${errorMessage(e)}`);
    }
  };

  return (
    <section className="panel" aria-labelledby="sources-title">
      <h3 id="sources-title">Sources</h3>
      {sources === null ? (
        <p className="muted">Loading…</p>
      ) : (
        <table className="sources">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Kind</th>
              <th scope="col">URL</th>
              <th scope="col">Status</th>
              <th scope="col">Token</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sources.map((s) => [
              <tr key={s.id}>
                <td>
                  <SafeText text={s.name} />
                  {s.embedded ? <span className="chip">embedded</span> : null}
                </td>
                <td>{s.kind === 'hub' ? 'Hub' : 'LangGraph'}</td>
                <td className="url">
                  <SafeText text={s.url} />
                </td>
                <td>
                  <span className={`source-state state-${s.status.state}`}>{s.status.state}</span>
                  {s.status.lastSyncAt ? <span className="muted small"> · last sync {formatTime(s.status.lastSyncAt)}</span> : null}
                  {s.status.error ? (
                    <div className="error-text small">
                      <SafeText text={s.status.error} />
                    </div>
                  ) : null}
                  <TestResult result={tests.results[s.id]} />
                </td>
                <td>{s.hasToken ? `stored, ${secretWhere(storage)}` : 'none'}</td>
                <td className="source-actions">
                  <button type="button" className="small" onClick={() => void tests.run(s)} aria-label={`Test connection to ${visibleText(s.name)}`}>
                    Test
                  </button>
                  {s.embedded ? null : (
                    <>
                      <button
                        type="button"
                        className="small"
                        onClick={() => setEditing(editing === s.id ? null : s.id)}
                        aria-label={`Edit source ${visibleText(s.name)}`}
                        aria-expanded={editing === s.id}
                      >
                        Edit
                      </button>
                      <RotateToken source={s} onDone={() => void load()} />
                      <button type="button" className="danger small" onClick={() => void remove(s)} aria-label={`Remove source ${visibleText(s.name)}`}>
                        Remove
                      </button>
                    </>
                  )}
                </td>
              </tr>,
              editing === s.id ? (
                <tr key={`${s.id}-edit`}>
                  <td colSpan={6}>
                    <EditSource
                      source={s}
                      onCancel={() => setEditing(null)}
                      onDone={() => {
                        setEditing(null);
                        void load().then(() => tests.run(s));
                      }}
                    />
                  </td>
                </tr>
              ) : null,
            ])}
          </tbody>
        </table>
      )}
      <AddSource
        onAdded={(added) => {
          void load();
          void tests.run(added);
        }}
      />
    </section>
  );
}
