// Browser mode's credential. The printed URL carries a single-use, short-lived launch code (`?launch=`); the page
// strips it from the address bar at once, trades it (POST /session, which checks our Origin) for the session
// credential, and keeps that in sessionStorage: this tab's origin only, so a page on another port never sees it.
const KEY = 'countersign.session';

/** Takes the launch code out of the URL (replaceState, so history keeps no live code). */
export function takeLaunchCode(loc: Location = window.location, hist: History = window.history): string | null {
  const url = new URL(loc.href);
  const code = url.searchParams.get('launch');
  if (code === null) return null;
  url.searchParams.delete('launch');
  hist.replaceState(hist.state, '', url.pathname + url.search + url.hash);
  return code;
}

export function storedSession(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

/** The session credential for this tab: a launch code exchanged once, else the one kept from an earlier load. */
export async function sessionCredential(launch: string | null): Promise<string | null> {
  if (launch === null) return storedSession();
  try {
    const res = await fetch('/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ launch }), cache: 'no-store' });
    if (!res.ok) return storedSession(); // a spent code on reload of a tab that already has its session
    const { session } = (await res.json()) as { session?: unknown };
    if (typeof session !== 'string') return null;
    try {
      sessionStorage.setItem(KEY, session);
    } catch {
      // Storage may be disabled; the credential still works for this page's life.
    }
    return session;
  } catch {
    return storedSession();
  }
}

/**
 * After the socket closed: is this tab's session still the host's? `ended` once the host answers 401 (it restarted
 * with a new credential, so reconnecting can never work); `unreachable` while the host is down (keep trying).
 */
export async function sessionState(session: string): Promise<'alive' | 'ended' | 'unreachable'> {
  try {
    const res = await fetch('/session/check', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ session }), cache: 'no-store' });
    if (res.status === 204) return 'alive';
    return res.status === 401 ? 'ended' : 'unreachable';
  } catch {
    return 'unreachable';
  }
}
