// The gateway's downstream sessions (one stdio client, or one per Streamable HTTP session) and which of them has a
// request in flight on which upstream: an upstream's request to "the client" (sampling, elicitation, roots) arrives on
// the connection every session shares, so the gateway sends it to the session whose call is running there.
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { LoggingLevel, RequestId } from '@modelcontextprotocol/sdk/types.js';

export interface DownstreamSession {
  server: Server;
  transport: 'stdio' | 'http';
  /** The level the client asked for with logging/setLevel; undefined: every message. */
  level: LoggingLevel | undefined;
  /** Resource subscriptions: `<upstream>\n<uri>` (the upstream's own URI) -> the URI this client subscribed with. */
  subscriptions: Map<string, string>;
  /** Per upstream: the ids of this session's requests running there (undefined for a task that outlived its request). */
  busy: Map<string, Array<RequestId | undefined>>;
}

export type Owner = { session: DownstreamSession; relatedRequestId: RequestId | undefined } | { error: string };

export class Sessions {
  readonly all = new Set<DownstreamSession>();

  add(server: Server, transport: 'stdio' | 'http'): DownstreamSession {
    const s: DownstreamSession = { server, transport, level: undefined, subscriptions: new Map(), busy: new Map() };
    this.all.add(s);
    return s;
  }

  remove(s: DownstreamSession): void {
    this.all.delete(s);
  }

  /** Runs `fn` with the session marked busy on `upstream`, so the upstream's requests during it reach this session. */
  async track<T>(s: DownstreamSession, upstream: string, requestId: RequestId | undefined, fn: () => Promise<T>): Promise<T> {
    const list = s.busy.get(upstream) ?? [];
    s.busy.set(upstream, list);
    list.push(requestId);
    try {
      return await fn();
    } finally {
      list.splice(list.indexOf(requestId), 1);
      if (list.length === 0) s.busy.delete(upstream);
    }
  }

  /**
   * The session an upstream's request belongs to: the one session with a request running on that upstream; with
   * none running, the only session there is. Two sessions busy on one upstream cannot be told apart on a shared
   * connection, so the request is refused rather than sent to the wrong client.
   */
  ownerOf(upstream: string, what: string): Owner {
    const busy = [...this.all].filter((s) => s.busy.has(upstream));
    if (busy.length === 1) {
      const ids = busy[0]!.busy.get(upstream)!;
      return { session: busy[0]!, relatedRequestId: ids.length === 1 ? ids[0] : undefined };
    }
    if (busy.length > 1) return { error: `${busy.length} clients of the Countersign gateway have calls running on "${upstream}", so it cannot tell which one ${what} is for` };
    if (this.all.size === 1) return { session: [...this.all][0]!, relatedRequestId: undefined };
    return {
      error: this.all.size === 0 ? `no client is connected to the Countersign gateway to answer ${what}` : `${what} arrived while no client had a call running on "${upstream}"`,
    };
  }
}
