import { safeHref } from './links.js';
import { SafeText } from './SafeText.js';

/** An outside link: opened in a new window without opener or referrer; a non-http(s) URL is shown as text only. */
export function ExternalLink({ url, children }: { url: string | null | undefined; children?: React.ReactNode }) {
  const href = safeHref(url);
  if (!href)
    return (
      <span className="unsafe-link" title="Not opened: only http and https links open">
        {children ?? <SafeText text={url ?? ''} />} <span className="muted">(link not opened)</span>
      </span>
    );
  return (
    <a href={href} target="_blank" rel="noopener noreferrer">
      {children ?? <SafeText text={url!} />}
    </a>
  );
}
