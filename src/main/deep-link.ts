// countersign://item/<id> opens that item.
export const PROTOCOL = 'countersign';

export function itemIdFromDeepLink(url: string): string | null {
  const m = /^countersign:\/\/item\/([^?#]+)/i.exec(url.trim());
  if (!m) return null;
  try {
    const id = decodeURIComponent(m[1]);
    return id.length > 0 && id.length <= 500 ? id : null;
  } catch {
    return null;
  }
}

export function deepLinkFromArgv(argv: string[]): string | null {
  for (const a of argv) {
    const id = itemIdFromDeepLink(a);
    if (id) return id;
  }
  return null;
}
