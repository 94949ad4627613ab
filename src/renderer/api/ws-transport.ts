// Browser mode: the console contract over one WebSocket to the local host, with reconnect and backoff.
// Wire (src/shared/transport.ts): -> {t:'call',id,method,input}; <- {t:'result',id,ok,output|error}; <- {t:'event',event,payload}.
import { z } from 'zod';
import type { ConsoleApi, EventName, EventPayload, MethodInput, MethodName, MethodOutput, RpcError } from '../../shared/contract.js';
import { WsServerMessage, type WsCall } from '../../shared/transport.js';

/**
 * `refused`: there is no session credential (no or a spent launch code); `ended`: the host restarted and no longer
 * knows this tab's credential. Reconnecting cannot help either.
 */
export type LinkState = 'connecting' | 'open' | 'lost' | 'refused' | 'ended';

/** An error the Node side answered with (or the transport raised); `code` tells the UI what kind. */
class ConsoleError extends Error {
  constructor(
    readonly code: RpcError['code'] | 'disconnected' | 'timeout',
    message: string,
    readonly issues?: RpcError['issues'],
  ) {
    super(message);
    this.name = 'ConsoleError';
  }
}

// A result whose error did not match RpcError still needs to settle its call.
const LooseResult = z.object({ t: z.literal('result'), id: z.number(), ok: z.boolean() });

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

const CALL_TIMEOUT_MS = 30_000;
// Reconnect delays double from the first: 250, 500, 1000 ... up to 8000 ms.
const BACKOFF_FIRST_MS = 250;
const BACKOFF_MAX_MS = 8000;

export class WsTransport implements ConsoleApi {
  private ws: WebSocket | null = null;
  private nextId = 1;
  private pending = new Map<number, Pending>();
  private listeners = new Map<string, Set<(p: unknown) => void>>();
  private stateListeners = new Set<(s: LinkState) => void>();
  private attempt = 0;
  private closed = false;
  /** Calls made while (re)connecting wait here briefly instead of failing at once. */
  private queued: Array<() => void> = [];
  state: LinkState = 'connecting';

  constructor(
    private readonly url: string,
    /** The session credential, offered as a subprotocol next to ours (a browser WebSocket cannot set headers). */
    private readonly credential: () => Promise<string | null>,
    /** Asked after a close, before reconnecting: whether the host still knows this credential. */
    private readonly sessionState: (session: string) => Promise<'alive' | 'ended' | 'unreachable'> = async () => 'unreachable',
  ) {
    void this.connect();
  }

  onState(fn: (s: LinkState) => void): () => void {
    this.stateListeners.add(fn);
    return () => this.stateListeners.delete(fn);
  }

  private setState(s: LinkState) {
    if (this.state === s) return;
    this.state = s;
    for (const fn of this.stateListeners) fn(s);
  }

  private async connect() {
    if (this.closed) return;
    const session = await this.credential();
    if (this.closed) return;
    if (session === null) {
      this.setState('refused');
      const q = this.queued;
      this.queued = [];
      for (const send of q) send(); // each sees no open socket and rejects
      return;
    }
    const ws = new WebSocket(this.url, ['countersign', `countersign.session.${session}`]);
    this.ws = ws;
    ws.onopen = () => {
      this.attempt = 0;
      this.setState('open');
      const q = this.queued;
      this.queued = [];
      for (const send of q) send();
    };
    ws.onmessage = (ev) => this.receive(ev.data);
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      // Calls in flight can never be answered now: fail them so the UI can say so and undo optimistic moves.
      for (const [id, p] of this.pending) {
        clearTimeout(p.timer);
        p.reject(new ConsoleError('disconnected', 'Connection to Countersign lost'));
        this.pending.delete(id);
      }
      // Calls queued while connecting fail too (each send sees no open socket and rejects).
      const q = this.queued;
      this.queued = [];
      for (const send of q) send();
      if (this.closed) return;
      this.setState('lost');
      const base = Math.min(BACKOFF_FIRST_MS * 2 ** this.attempt, BACKOFF_MAX_MS);
      this.attempt++;
      setTimeout(() => void this.reconnect(session), base / 2 + Math.random() * base); // jitter so many tabs do not stampede
    };
  }

  private async reconnect(session: string) {
    if (this.closed) return;
    if ((await this.sessionState(session)) === 'ended') {
      this.setState('ended');
      return;
    }
    await this.connect();
  }

  private receive(data: unknown) {
    if (typeof data !== 'string') return;
    let raw: unknown;
    try {
      raw = JSON.parse(data);
    } catch {
      return;
    }
    const msg = WsServerMessage.safeParse(raw);
    if (!msg.success) {
      const loose = LooseResult.safeParse(raw);
      if (loose.success) this.settle(loose.data.id, (p) => p.reject(new ConsoleError('internal', 'Malformed answer from Countersign')));
      return;
    }
    const m = msg.data;
    if (m.t === 'event') {
      for (const fn of this.listeners.get(m.event) ?? []) {
        try {
          fn(m.payload);
        } catch (e) {
          console.error('listener for', m.event, 'failed', e);
        }
      }
    } else if (m.id === null) {
      // The answer to a call too malformed to name: never one of ours, nothing to settle.
    } else if (m.ok) {
      this.settle(m.id, (p) => p.resolve(m.output));
    } else {
      const err = m.error;
      this.settle(m.id, (p) => p.reject(new ConsoleError(err.code, err.message, err.issues)));
    }
  }

  private settle(id: number, fn: (p: Pending) => void) {
    const p = this.pending.get(id);
    if (!p) return;
    clearTimeout(p.timer);
    this.pending.delete(id);
    fn(p);
  }

  invoke<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
    return new Promise<MethodOutput<M>>((resolve, reject) => {
      const send = () => {
        const ws = this.ws;
        if (!ws || ws.readyState !== WebSocket.OPEN) return reject(new ConsoleError('disconnected', 'Connection to Countersign lost'));
        const id = this.nextId++;
        const timer = setTimeout(() => this.settle(id, (p) => p.reject(new ConsoleError('timeout', `${method} took too long`))), CALL_TIMEOUT_MS);
        this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
        const call: WsCall = { t: 'call', id, method, input: input ?? {} };
        ws.send(JSON.stringify(call));
      };
      if (this.state === 'open' && this.ws?.readyState === WebSocket.OPEN) send();
      else if (this.state === 'connecting') this.queued.push(send);
      else reject(new ConsoleError('disconnected', 'Connection to Countersign lost'));
    });
  }

  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    const set = this.listeners.get(event) ?? new Set();
    this.listeners.set(event, set);
    const fn = listener as (p: unknown) => void;
    set.add(fn);
    return () => set.delete(fn);
  }

  close() {
    this.closed = true;
    this.ws?.close();
  }
}
