// An item's decision log as the console judges it: fetched from its source, the hash chain checked here (and the
// source's signatures, by the hub source), the verdict remembered so a decision made while the source is out of
// reach still meets the last verdict the console saw. item.get shows it; item.decide refuses approval on it, so a
// caller that skips the UI (IPC, the browser-mode WebSocket) meets the same refusal as the buttons.
import type { LogEntry, Verdict } from '../shared/domain.js';
import { isApproving } from '../shared/can-decide.js';
import type { QueueItem } from '../shared/contract.js';
import type { CoreContext } from './context.js';
import { ConsoleError } from './errors.js';

const LOG_TIMEOUT_MS = 3_000;
/** The last verdicts seen, per item; bounded so a long session does not grow it without end. */
const REMEMBERED = 5_000;

export interface ItemLog {
  log: LogEntry[];
  /** true: intact; false: altered or unsigned where the source signs; null: the source keeps no log or is unreachable. */
  logVerified: boolean | null;
}

export function createLogCheck(ctx: Pick<CoreContext, 'engine' | 'verifyLog'>) {
  const last = new Map<string, boolean | null>();
  const remember = (id: string, v: boolean | null) => {
    last.delete(id);
    last.set(id, v);
    if (last.size > REMEMBERED) last.delete(last.keys().next().value!);
  };

  async function fetchLog(item: QueueItem): Promise<ItemLog> {
    const source = ctx.engine.runner(item.sourceId)?.source;
    if (!source?.log) return { log: [], logVerified: null };
    try {
      const r = await source.log(item.externalId, AbortSignal.timeout(LOG_TIMEOUT_MS));
      const logVerified = ctx.verifyLog ? ctx.verifyLog(r.entries, r.verified) : r.verified;
      remember(item.id, logVerified);
      return { log: r.entries, logVerified };
    } catch {
      // Offline: the item still opens; the log is simply not available now.
      return { log: [], logVerified: last.get(item.id) ?? null };
    }
  }

  /** Throws `forbidden` for an approving verdict on an item whose log is (or was last seen) altered. */
  async function refuseApprovalOnAlteredLog(item: QueueItem, verdict: Verdict): Promise<void> {
    if (!isApproving(verdict)) return;
    if ((await fetchLog(item)).logVerified === false)
      throw new ConsoleError('forbidden', 'The decision log of this item was altered at its source: approval is refused (reject or escalate instead)');
  }

  /** Bulk triage asks no source (hundreds of fetches): it refuses on the verdict last seen for any of the items. */
  function refuseApprovalOnKnownAlteredLogs(ids: readonly string[], verdict: Verdict): void {
    if (!isApproving(verdict)) return;
    if (ids.some((id) => last.get(id) === false))
      throw new ConsoleError('forbidden', 'The decision log of one of these items was altered at its source: nothing was marked (flag it on its own instead)');
  }

  return { fetchLog, refuseApprovalOnAlteredLog, refuseApprovalOnKnownAlteredLogs };
}
