// Wake-ups across replicas: a dedicated connection LISTENs for the change notices every replica sends with its
// commits (write.ts). A notice only wakes SSE clients and long-polls, which then read the database: the pull stays
// the truth, so a notice lost while the connection was down costs nothing but a wake-up, which the reconnect gives.
import pg from 'pg';
import { EVERY_REQUEST, type ChangeEvent } from '../store/request-rules.js';
import { CHANGES_CHANNEL } from './write.js';

export class ChangesListener {
  private client: pg.Client | null = null;
  private closed = false;
  private retryMs = 250;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly url: string,
    private readonly origin: string,
    private readonly emit: (events: ChangeEvent[]) => void,
    private readonly log: (m: string) => void,
  ) {}

  async start(): Promise<void> {
    await this.connect();
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url, application_name: 'countersign-hub-listen', connectionTimeoutMillis: 5000 });
    client.on('error', (e) => this.lost(client, e));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    client.on('notification', (n) => {
      if (n.channel !== CHANGES_CHANNEL || !n.payload) return;
      try {
        const p = JSON.parse(n.payload) as { origin: string; cursor: number; ids: string[] | null };
        // This replica announced its own changes in-process already.
        if (p.origin === this.origin) return;
        this.emit((p.ids ?? [EVERY_REQUEST]).map((requestId) => ({ requestId, cursor: p.cursor, status: 'changed' })));
      } catch {
        // Not ours: ignore.
      }
    });
    await client.connect();
    await client.query(`LISTEN ${CHANGES_CHANNEL}`);
    if (this.closed) return void (await client.end().catch(() => undefined));
    this.client = client;
    this.retryMs = 250;
  }

  private lost(client: pg.Client, e: Error): void {
    if (this.client !== client || this.closed) return;
    this.client = null;
    client.removeAllListeners('notification');
    void client.end().catch(() => undefined);
    this.log(`change listener lost its connection (${e.message}); reconnecting`);
    this.schedule();
  }

  private schedule(): void {
    if (this.closed || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.connect().then(
        // Whatever changed while we were away: every waiter reads again.
        () => this.emit([{ requestId: EVERY_REQUEST, cursor: 0, status: 'changed' }]),
        (e: Error) => {
          this.log(`change listener cannot reconnect yet (${e.message})`);
          this.retryMs = Math.min(this.retryMs * 2, 5000);
          this.schedule();
        },
      );
    }, this.retryMs);
    this.timer.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    const c = this.client;
    this.client = null;
    await c?.end().catch(() => undefined);
  }
}
