// Every transport the gateway opens to an upstream, whatever state it is in (still spawning, stuck in initialize,
// connected), so shutdown can end them all. A stdio upstream that ignores its stdin closing (a mute server) would
// otherwise outlive the gateway as an orphan: ending stdin is asked politely, then SIGTERM, then SIGKILL.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';

/** Links whose transport has not closed yet; their children are killed if the process exits first (process.exit, a crash). */
const live = new Set<UpstreamLink>();
let exitHookInstalled = false;

function killPid(pid: number | null, signal: NodeJS.Signals): void {
  if (pid === null) return;
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // 'exit' handlers run synchronously: process.kill is the one thing still possible there, and enough.
  process.on('exit', () => {
    for (const l of live) killPid(l.pid(), 'SIGKILL');
  });
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

/** One connection attempt or connection to an upstream: its client, its transport, and whether the other side is gone. */
export class UpstreamLink {
  private readonly ended: Promise<void>;
  private markEnded!: () => void;
  /**
   * The stdio child's pid, kept from its spawn on: the SDK forgets its child as soon as it starts closing (which it
   * does by itself when initialize times out), long before the child is gone.
   */
  private childPid: number | null = null;

  constructor(
    readonly client: Client,
    /** A stdio transport has `pid` once spawned (null before); an HTTP one has none. */
    transport: Transport & { readonly pid?: number | null },
  ) {
    this.ended = new Promise((r) => (this.markEnded = r));
    live.add(this);
    installExitHook();
    const start = transport.start.bind(transport);
    transport.start = async () => {
      try {
        await start();
      } finally {
        this.childPid = transport.pid ?? null;
      }
    };
  }

  /** The stdio child's pid while it may run, else null. */
  pid(): number | null {
    return this.childPid;
  }

  /** The transport closed (a stdio child exited, an HTTP connection ended): call from the client's onclose. */
  onEnded(): void {
    live.delete(this);
    this.markEnded();
  }

  /**
   * Closes the link and, for a stdio child, makes sure it is gone: the SDK ends its stdin (and escalates only after
   * 2 s steps of its own); we send SIGTERM after `graceMs` and SIGKILL after twice that, so shutdown stays short even
   * when the client that started the gateway gives it only a few seconds before killing it.
   */
  async close(graceMs = 500): Promise<void> {
    const closing = this.client.close().catch(() => {});
    const pid = this.childPid;
    if (pid === null) {
      await closing;
      this.onEnded();
      return;
    }
    const gone = (ms: number) => Promise.race([this.ended.then(() => true), sleep(ms).then(() => false)]);
    if (await gone(graceMs)) return;
    killPid(pid, 'SIGTERM');
    if (await gone(graceMs * 2)) return;
    killPid(pid, 'SIGKILL');
    await gone(graceMs);
  }
}
