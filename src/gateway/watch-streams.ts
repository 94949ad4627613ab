// The MCP SDK's Streamable HTTP client waits forever when a server dies after opening the SSE answer to a request
// (the stream just ends, no answer, nothing resumable). This fetch wrapper watches each POSTed request's answer
// stream and calls onLost when it ends or breaks before the answer with that request's id came through.
import { createParser } from 'eventsource-parser';

type Fetch = (url: string | URL, init?: RequestInit) => Promise<Response>;

function requestIdOf(init?: RequestInit): string | number | undefined {
  if (init?.method !== 'POST' || typeof init.body !== 'string') return undefined;
  try {
    const msg = JSON.parse(init.body) as { id?: unknown; method?: unknown };
    return typeof msg.method === 'string' && (typeof msg.id === 'string' || typeof msg.id === 'number') ? msg.id : undefined;
  } catch {
    return undefined;
  }
}

export function watchResponseStreams(onLost: () => void, base: Fetch = fetch): Fetch {
  return async (url, init) => {
    const res = await base(url, init);
    const id = requestIdOf(init);
    if (id === undefined || !res.body || !(res.headers.get('content-type') ?? '').includes('text/event-stream')) return res;

    let answered = false;
    const parser = createParser({
      onEvent: (ev) => {
        try {
          const m = JSON.parse(ev.data) as { id?: unknown; result?: unknown; error?: unknown };
          if (m.id === id && ('result' in m || 'error' in m)) answered = true;
        } catch {
          // not JSON: the SDK reports it
        }
      },
    });
    const decoder = new TextDecoder();
    // A fetch body is a byte stream (the Fetch standard); Node's Response types leave it ReadableStream<any>.
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    // Let the SDK handle the end first, then tell the owner (who closes the client and fails pending calls).
    const lost = () => {
      if (!answered) setTimeout(onLost, 0);
    };
    const body = new ReadableStream<Uint8Array>({
      async pull(ctl) {
        try {
          const { value, done } = await reader.read();
          if (done) {
            lost();
            ctl.close();
            return;
          }
          parser.feed(decoder.decode(value, { stream: true }));
          ctl.enqueue(value);
        } catch (e) {
          lost();
          ctl.error(e);
        }
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    });
    return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
}
