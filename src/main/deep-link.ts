// countersign://item/<id> opens that item.
export const PROTOCOL = 'countersign';

export function itemIdFromDeepLink(url: string): string | null {
  const raw = /^countersign:\/\/item\/([^?#]+)/i.exec(url.trim())?.[1];
  if (!raw) return null;
  try {
    const id = decodeURIComponent(raw);
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
