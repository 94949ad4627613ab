// The window: a top bar with views, the lanes, the queue, and the item.
import { visibleText } from '../shared/hidden-chars.js';
import { InsightsView } from './insights/InsightsView.js';
import { ItemView } from './item/ItemView.js';
import { OpenLinkDialog } from './item/OpenLinkDialog.js';
import { PolicyView } from './policy/PolicyView.js';
import { ShortcutSheet } from './keyboard/ShortcutSheet.js';
import { LaneSidebar } from './queue/LaneSidebar.js';
import { QueueList } from './queue/QueueList.js';
import { QueueToolbar } from './queue/QueueToolbar.js';
import { SettingsView } from './settings/SettingsView.js';
import { StatusBanners } from './common/StatusBanners.js';
import { Toasts } from './common/Toasts.js';
import { UndoToasts } from './decide/UndoToasts.js';
import { setView, useApp, type View } from './state/app.js';
import { openDialog } from './state/ui.js';

const VIEWS: Array<[View, string]> = [
  ['queue', 'Queue'],
  ['insights', 'Insights'],
  ['policy', 'Policy'],
  ['settings', 'Settings'],
];

function SyncSummary() {
  const sync = useApp((s) => s.sync);
  const link = useApp((s) => s.link);
  if (link !== 'open') return <span className="sync-summary bad">● not connected</span>;
  if (!sync) return null;
  // A 429 is not offline: the source is there and said when to come back (the source's line says how long).
  const limited = sync.sources.find((s) => s.state === 'rate_limited');
  if (sync.online && limited)
    return (
      <span className="sync-summary warn" title={`${visibleText(limited.name)}: ${limited.error ?? 'rate limited'}`}>
        ● {limited.error ?? 'rate limited'}
        {sync.outbox ? ` · ${sync.outbox} waiting` : ''}
      </span>
    );
  return sync.online ? (
    <span className="sync-summary ok" title={sync.sources.map((s) => `${visibleText(s.name)}: ${s.state}`).join('\n')}>
      ● online{outboxWords(sync)}
    </span>
  ) : (
    <span className="sync-summary warn">● offline · {sync.outbox} waiting</span>
  );
}

/** " · 1 held for undo · 2 syncing": a decision in its undo window is not being sent, so it is not called syncing. */
function outboxWords(sync: { outbox: number; held: number }): string {
  const sending = sync.outbox - sync.held;
  return `${sync.held ? ` · ${sync.held} held for undo` : ''}${sending > 0 ? ` · ${sending} syncing` : ''}`;
}

export function App() {
  const view = useApp((s) => s.view);
  return (
    <div className="app">
      <header className="topbar">
        <h1 className="brand">Countersign</h1>
        <nav aria-label="Views" className="views">
          {VIEWS.map(([v, label]) => (
            <button key={v} type="button" className={`view-tab${v === view ? ' active' : ''}`} aria-current={v === view ? 'page' : undefined} onClick={() => setView(v)}>
              {label}
            </button>
          ))}
        </nav>
        <div className="topbar-right">
          <SyncSummary />
          <button type="button" className="link-button" onClick={() => openDialog('shortcuts')} aria-label="Keyboard shortcuts (?)">
            ?
          </button>
        </div>
      </header>
      <StatusBanners />
      {view === 'queue' ? (
        <main className="workspace">
          <LaneSidebar />
          <section className="queue-pane" aria-label="Queue">
            <QueueToolbar />
            <QueueList />
          </section>
          <section className="detail-pane" aria-label="Item">
            <ItemView />
          </section>
        </main>
      ) : view === 'insights' ? (
        <main className="page">
          <InsightsView />
        </main>
      ) : view === 'policy' ? (
        <main className="page">
          <PolicyView />
        </main>
      ) : (
        <main className="page">
          <SettingsView />
        </main>
      )}
      <ShortcutSheet />
      <OpenLinkDialog />
      <UndoToasts />
      <Toasts />
    </div>
  );
}
