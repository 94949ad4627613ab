// One source's actions in Settings: test the connection, edit it, rotate a hub token (after a confirmation in the
// page). Each says what happened; a new token is sent once and never shown.
import { useState } from 'react';
import type { SourceTest, SourceView } from '../../shared/contract.js';
import { visibleText } from '../../shared/hidden-chars.js';
import { api, errorMessage } from '../api/index.js';
import { SafeText } from '../common/SafeText.js';
import { toast } from '../state/app.js';

export function useSourceTest() {
  const [results, setResults] = useState<Record<string, SourceTest | 'testing'>>({});
  const run = async (s: SourceView) => {
    setResults((r) => ({ ...r, [s.id]: 'testing' }));
    try {
      const t = await api.invoke('sources.test', { id: s.id });
      setResults((r) => ({ ...r, [s.id]: t }));
      toast(t.ok ? `${visibleText(s.name)}: connected` : `${visibleText(s.name)}: connection failed`, t.ok ? 'info' : 'error');
    } catch (e) {
      setResults((r) => ({ ...r, [s.id]: { ok: false, detail: errorMessage(e), identity: null, checkedAt: new Date().toISOString() } }));
    }
  };
  return { results, run };
}

export function TestResult({ result }: { result: SourceTest | 'testing' | undefined }) {
  if (!result) return null;
  return (
    <div role="status" className={`small ${result === 'testing' ? 'muted' : result.ok ? 'ok-text' : 'error-text'}`}>
      {result === 'testing' ? 'Testing the connection…' : <SafeText text={result.detail} />}
    </div>
  );
}

export function RotateToken({ source, onDone }: { source: SourceView; onDone: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const label = visibleText(source.name);
  if (source.kind !== 'hub' || source.embedded || !source.hasToken) return null;
  const rotate = async () => {
    setBusy(true);
    try {
      await api.invoke('sources.rotateToken', { id: source.id });
      toast(`${label}: token rotated; the old one is revoked at the hub`, 'info');
      setConfirming(false);
      onDone();
    } catch (e) {
      toast(`${label}: ${errorMessage(e)}`);
    } finally {
      setBusy(false);
    }
  };
  if (!confirming)
    return (
      <button type="button" className="small" onClick={() => setConfirming(true)} aria-label={`Rotate token of ${label}`}>
        Rotate token
      </button>
    );
  return (
    <span className="confirm-inline" role="group" aria-label={`Confirm token rotation for ${label}`}>
      <span className="small">The hub issues a new token and revokes this one.</span>{' '}
      <button type="button" className="primary small" disabled={busy} onClick={() => void rotate()}>
        {busy ? 'Rotating…' : 'Rotate now'}
      </button>{' '}
      <button type="button" className="small" disabled={busy} onClick={() => setConfirming(false)}>
        Cancel
      </button>
    </span>
  );
}

/** The watch list as typed: comma-separated graph or assistant ids. */
export function parseWatch(text: string): string[] {
  return text
    .split(',')
    .map((w) => w.trim())
    .filter(Boolean);
}

export function WatchField({ id, value, onChange }: { id: string; value: string; onChange: (v: string) => void }) {
  return (
    <div className="field-row">
      <label htmlFor={id}>Graphs / assistants to watch</label>
      <input id={id} value={value} onChange={(e) => onChange(e.target.value)} placeholder="comma-separated; empty watches all" />
    </div>
  );
}

export function EditSource({ source, onDone, onCancel }: { source: SourceView; onDone: () => void; onCancel: () => void }) {
  const [name, setName] = useState(source.name);
  const [url, setUrl] = useState(source.url);
  const [token, setToken] = useState('');
  const [watch, setWatch] = useState(source.watch.join(', '));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = `edit-${source.id}`;
  const save = async () => {
    setBusy(true);
    try {
      await api.invoke('sources.update', {
        id: source.id,
        name: name.trim(),
        url: url.trim(),
        ...(token ? { token } : {}),
        ...(source.kind === 'langgraph' ? { watch: parseWatch(watch) } : {}),
      });
      setToken(''); // never kept in the page once sent
      toast(`${visibleText(name.trim())}: saved`, 'info');
      onDone();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="edit-source"
      aria-label={`Edit source ${visibleText(source.name)}`}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <div className="field-row">
        <label htmlFor={`${id}-name`}>Name</label>
        <input id={`${id}-name`} value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />
      </div>
      <div className="field-row">
        <label htmlFor={`${id}-url`}>URL</label>
        <input id={`${id}-url`} type="url" value={url} maxLength={2000} onChange={(e) => setUrl(e.target.value)} />
      </div>
      <div className="field-row">
        <label htmlFor={`${id}-token`}>{source.kind === 'hub' ? 'New approver token' : 'New API key'}</label>
        <input id={`${id}-token`} type="password" autoComplete="off" value={token} placeholder="leave empty to keep the stored one" onChange={(e) => setToken(e.target.value)} />
      </div>
      {source.kind === 'langgraph' ? <WatchField id={`${id}-watch`} value={watch} onChange={setWatch} /> : null}
      {error ? (
        <p className="error-text" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" className="primary small" disabled={busy}>
        {busy ? 'Saving…' : 'Save source'}
      </button>{' '}
      <button type="button" className="small" onClick={onCancel} disabled={busy}>
        Cancel
      </button>
    </form>
  );
}
