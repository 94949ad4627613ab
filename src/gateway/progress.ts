// Progress notifications for one downstream call. While a call waits for a human, these keep an MCP client's
// request timeout from firing — when the client asked for progress (a progressToken) and resets its timeout on it
// (TypeScript SDK: `resetTimeoutOnProgress: true`).
import type { Progress, ServerNotification } from '@modelcontextprotocol/sdk/types.js';

type Send = (n: ServerNotification) => Promise<void>;

export class ProgressReporter {
  /** The spec wants progress to increase with every notification: the last value sent on this call. */
  private step = 0;
  /** Added to an upstream's values when our own waiting steps already went past where the upstream starts. */
  private offset: number | null = null;
  /** Forwarded notifications still being sent: the answer waits for them, so the last progress is not dropped after it. */
  private sending: Promise<void> = Promise.resolve();

  constructor(
    private readonly token: string | number | undefined,
    private readonly send: Send,
  ) {}

  get enabled(): boolean {
    return this.token !== undefined;
  }

  async report(message: string): Promise<void> {
    if (this.token === undefined) return;
    this.step++;
    await this.send({ method: 'notifications/progress', params: { progressToken: this.token, progress: this.step, message } }).catch(() => {
      // The client may have gone; the call itself notices through its abort signal.
    });
  }

  /**
   * The upstream's own progress, passed on with its values (progress, total, message) as they came. Only when the
   * gateway's waiting notifications already counted past the upstream's first value are both shifted by that count,
   * so the client still sees progress increase and the upstream's remaining share of `total`.
   */
  async forward(p: Progress): Promise<void> {
    if (this.token === undefined) return;
    if (this.offset === null) this.offset = p.progress > this.step ? 0 : this.step;
    const progress = p.progress + this.offset;
    if (progress <= this.step) return; // out of order: the spec forbids going back
    this.step = progress;
    const params = { ...p, progressToken: this.token, progress, ...(p.total !== undefined ? { total: p.total + this.offset } : {}) };
    const sent = this.send({ method: 'notifications/progress', params }).catch(() => {});
    this.sending = this.sending.then(() => sent);
    await sent;
  }

  /** Resolves once every forwarded notification has been handed to the transport. */
  flush(): Promise<void> {
    return this.sending;
  }

  /** Calls `report(message())` every `ms` until the returned stop function is called. */
  every(ms: number, message: () => string): () => void {
    if (this.token === undefined) return () => {};
    const t = setInterval(() => void this.report(message()), ms);
    return () => clearInterval(t);
  }
}
