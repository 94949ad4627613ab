// Settings: who you are, where items come from, and when to be interrupted.
import { useEffect, useState } from 'react';
import type { Settings } from '../../shared/contract.js';
import { api, errorMessage } from '../api/index.js';
import { askPermission, canNotify } from '../notifications/notify.js';
import { toast, useApp } from '../state/app.js';
import { IdentityPanel } from './IdentityPanel.js';
import { SourcesPanel } from './SourcesPanel.js';

export function SettingsView() {
  const saved = useApp((s) => s.settings);
  const info = useApp((s) => s.info);
  const [draft, setDraft] = useState<Settings | null>(saved);
  const [perm, setPerm] = useState<string>(canNotify() ? Notification.permission : 'unsupported');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setDraft(saved), [saved]);

  if (!draft) return <div className="settings muted">Loading settings…</div>;
  const n = draft.notifications;
  const setN = (patch: Partial<Settings['notifications']>) => setDraft({ ...draft, notifications: { ...n, ...patch } });

  const save = async () => {
    try {
      const settings = await api.invoke('settings.set', draft);
      useApp.setState({ settings });
      setError(null);
      toast('Settings saved', 'info');
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <div className="settings">
      <h2>Settings</h2>
      <IdentityPanel />
      <form
        className="panel"
        aria-labelledby="you-title"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <h3 id="you-title">Notifications and sources without identities</h3>
        <div className="field-row">
          <label htmlFor="approver-name">Name on LangGraph decisions</label>
          <input
            id="approver-name"
            value={draft.approverName}
            maxLength={200}
            aria-describedby="approver-name-help"
            onChange={(e) => setDraft({ ...draft, approverName: e.target.value })}
          />
        </div>
        <p id="approver-name-help" className="muted small">
          Only for sources that do not know who you are (LangGraph). A hub names you itself: see Who you are above.
        </p>
        <div className="field-row check">
          <input id="notif-enabled" type="checkbox" checked={n.enabled} onChange={(e) => setN({ enabled: e.target.checked })} />
          <label htmlFor="notif-enabled">Notify me of new approval items</label>
        </div>
        {info?.mode === 'browser' ? (
          <div className="field-row">
            <span>Browser permission: {perm}</span>
            <button type="button" disabled={perm === 'granted' || perm === 'unsupported'} onClick={() => void askPermission().then(setPerm)}>
              Allow desktop notifications
            </button>
          </div>
        ) : null}
        <div className="field-row check">
          <input id="quiet-enabled" type="checkbox" checked={n.quietHours.enabled} onChange={(e) => setN({ quietHours: { ...n.quietHours, enabled: e.target.checked } })} />
          <label htmlFor="quiet-enabled">Quiet hours</label>
          <label htmlFor="quiet-start" className="sr-only">
            Quiet hours start
          </label>
          <input
            id="quiet-start"
            type="time"
            value={n.quietHours.start}
            disabled={!n.quietHours.enabled}
            onChange={(e) => setN({ quietHours: { ...n.quietHours, start: e.target.value } })}
          />
          <span aria-hidden="true">to</span>
          <label htmlFor="quiet-end" className="sr-only">
            Quiet hours end
          </label>
          <input
            id="quiet-end"
            type="time"
            value={n.quietHours.end}
            disabled={!n.quietHours.enabled}
            onChange={(e) => setN({ quietHours: { ...n.quietHours, end: e.target.value } })}
          />
        </div>
        <div className="field-row">
          <label htmlFor="digest">One digest instead of separate notifications when more than</label>
          <input id="digest" type="number" min={1} max={1000} value={n.digestThreshold} onChange={(e) => setN({ digestThreshold: Number(e.target.value) || 1 })} />
          <span>arrive at once</span>
        </div>
        {error ? (
          <p className="error-text" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" className="primary">
          Save settings
        </button>
      </form>
      <SourcesPanel />
      {info ? (
        <p className="muted small">
          Countersign {info.version} · {info.mode === 'electron' ? 'desktop app' : 'browser mode'} · data in {info.dataDir}
        </p>
      ) : null}
    </div>
  );
}
