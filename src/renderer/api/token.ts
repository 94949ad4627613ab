// Browser mode's access token: arrives once as `?token=` in the URL, is stripped from the address bar
// (so it does not linger in history or screenshots) and kept in sessionStorage for reloads of this tab.
const KEY = 'countersign.token';

export function takeToken(loc: Location = window.location, hist: History = window.history): string | null {
  const url = new URL(loc.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    try {
      sessionStorage.setItem(KEY, fromUrl);
    } catch {
      // Storage may be disabled; the token still works for this page's life.
    }
    url.searchParams.delete('token');
    hist.replaceState(hist.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}
