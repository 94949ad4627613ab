// Watches the hub's SSE stream (GET /v1/stream) over fetch and wakes the engine on each `changes` event.
// The stream only says "something moved"; the engine then pulls by cursor. Reconnects with backoff.
import { createParser } from 'eventsource-parser';
import { openChangeStream, type HubConnection } from '../../../hub-client/index.js';
import { backoffDelay } from '../../sync/backoff.js';

export interface StreamOptions {
  conn: HubConnection;
  onWake: () => void;
  onState: (online: boolean, error?: string) => void;
}

export function watchHubStream(opts: StreamOptions): () => void {
  const ctl = new AbortController();
  let attempt = 0;

  const connect = async (): Promise<void> => {
    while (!ctl.signal.aborted) {
      try {
        const events = await openChangeStream(opts.conn, { signal: ctl.signal });
        attempt = 0;
        opts.onState(true);
        // A (re)connect may have missed events: pull once.
        opts.onWake();
        const parser = createParser({
          onEvent: (ev) => {
            if (ev.event === 'changes') opts.onWake();
          },
        });
        const decoder = new TextDecoder();
        for await (const chunk of events as unknown as AsyncIterable<Uint8Array>) {
          parser.feed(decoder.decode(chunk, { stream: true }));
        }
        throw new Error('stream closed by the hub');
      } catch (err) {
        if (ctl.signal.aborted) return;
        opts.onState(false, (err as Error).message);
        await sleep(backoffDelay(attempt++, 500, 15_000), ctl.signal);
      }
    }
  };
  void connect();
  return () => ctl.abort();
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });
}
