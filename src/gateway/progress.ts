// Progress notifications for one downstream call. While a call waits for a human, these keep an MCP client's
// request timeout from firing — when the client asked for progress (a progressToken) and resets its timeout on it
// (TypeScript SDK: `resetTimeoutOnProgress: true`).
import type { ServerNotification } from '@modelcontextprotocol/sdk/types.js';

type Send = (n: ServerNotification) => Promise<void>;

export class ProgressReporter {
  /** The spec wants progress to increase with every notification: a counter per call. */
  private step = 0;

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

  /** Calls `report(message())` every `ms` until the returned stop function is called. */
  every(ms: number, message: () => string): () => void {
    if (this.token === undefined) return () => {};
    const t = setInterval(() => void this.report(message()), ms);
    return () => clearInterval(t);
  }
}
