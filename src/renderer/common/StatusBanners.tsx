// Two different troubles, said differently: the window lost Countersign itself (nothing works),
// or Countersign is offline from the hub (decisions still save here and sync later).
import { useApp } from '../state/app.js';

export function StatusBanners() {
  const link = useApp((s) => s.link);
  const missingToken = useApp((s) => s.missingToken);
  const sync = useApp((s) => s.sync);
  const outbox = useApp((s) => s.counts?.outbox ?? s.sync?.outbox ?? 0);
  return (
    <div className="status-banners">
      {missingToken || link === 'refused' ? (
        <div className="banner error" role="alert">
          No session: open the address that <code>npm run web</code> printed (it ends in <code>?launch=…</code> and works once, within 5 minutes).
        </div>
      ) : null}
      {link === 'ended' ? (
        <div className="banner error" role="alert">
          <strong>Countersign restarted, so this tab&apos;s session ended.</strong> Open the new address it printed: <code>npm run web</code> prints one when it starts, and
          pressing Enter in the terminal where it runs prints a fresh one. Decisions you made are kept by Countersign, not by this tab.
        </div>
      ) : null}
      {link === 'lost' ? (
        <div className="banner error connection-lost" role="alert">
          <strong>Connection to Countersign lost.</strong> Reconnecting… Decisions cannot be made until it is back.
        </div>
      ) : null}
      {link === 'open' && sync && !sync.online ? (
        <div className="banner offline" role="status">
          <strong>Offline from the hub.</strong> Decisions are saved on this computer and sync when it is back:{' '}
          <span className="outbox-count">
            {outbox} {outbox === 1 ? 'decision' : 'decisions'} waiting to sync
          </span>
          .
        </div>
      ) : null}
    </div>
  );
}
