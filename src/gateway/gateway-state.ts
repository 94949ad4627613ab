// The gateway's own memory across restarts, one JSON file (0600, written atomically): each tool's definition as first
// classified (so a tool cannot change its story after a restart either), the bare names tools and prompts hold and the
// plain URIs resources hold (so a restart or a late upstream never renames one clients use), and the calls waiting on
// the hub (so none is orphaned by a crash).
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { privateFiles } from '../node-shared/private-files.js';
import { StateLock } from './state-lock.js';

const ToolDefinition = z.object({
  name: z.string(),
  description: z.string().optional(),
  inputSchema: z.unknown(),
  annotations: z.unknown().optional(),
});
export type ToolDefinition = z.infer<typeof ToolDefinition>;

const ToolRecord = z.object({
  hash: z.string(),
  definition: ToolDefinition,
  since: z.string(),
  /**
   * The definition hash the tool's class is named after (`<class>:d<first 12 hex>`), once its definition changed and the
   * change was applied (tightened or accepted): the hub holds the first definition's factors under the plain name.
   */
  classHash: z.string().nullable().default(null),
  /** A changed definition waiting for an admin's accept (the stricter of both classifications applies meanwhile). */
  pending: z.object({ hash: z.string(), definition: ToolDefinition, since: z.string() }).nullable().default(null),
});
export type ToolRecord = z.infer<typeof ToolRecord>;

const PendingCall = z.object({
  /**
   * null: the intent, written before the submit, so a gateway killed after the hub stored the request but before it
   * heard the id still leaves a record; the request is found again by its idempotency key.
   */
  requestId: z.string().nullable(),
  idempotencyKey: z.string(),
  tool: z.string(),
  since: z.string(),
  /**
   * The gateway that recorded it no longer waits on it (the submit failed, though the hub may have stored the
   * request): it is closed like a dead gateway's record once no retry claimed it.
   */
  givenUp: z.boolean().default(false),
  /** The approved call was handed to its upstream: if the gateway dies now, whether it took effect is unknown. */
  running: z.boolean().default(false),
  /** The gateway process that waits on it: another live gateway on the same state file leaves it alone. */
  pid: z.number().int(),
  instance: z.string(),
});
type PendingCall = z.infer<typeof PendingCall>;

const State = z.object({
  version: z.literal(1),
  names: z.record(z.string(), z.string()).default({}),
  /** The bare prompt names prompts hold (bare name -> `<upstream>/<prompt>`), kept like tools' `names`. */
  promptNames: z.record(z.string(), z.string()).default({}),
  /** The plain resource URIs upstreams hold (URI -> `<upstream>/<URI>`), kept like tools' `names`. */
  resourceUris: z.record(z.string(), z.string()).default({}),
  tools: z.record(z.string(), ToolRecord).default({}),
  pending: z.record(z.string(), PendingCall).default({}),
});
export type GatewayState = z.infer<typeof State>;

const empty = (): GatewayState => ({ version: 1, names: {}, promptNames: {}, resourceUris: {}, tools: {}, pending: {} });

/** The sections keyed by name that every holder updates in place; `pending` has its own merge (by instance). */
const KEYED = ['names', 'promptNames', 'resourceUris', 'tools'] as const;
type Keyed = (typeof KEYED)[number];
type Snapshot = Record<Keyed, Map<string, string>>;

const snapshot = (s: GatewayState): Snapshot => Object.fromEntries(KEYED.map((k) => [k, new Map(Object.entries(s[k]).map(([key, v]) => [key, JSON.stringify(v)]))])) as Snapshot;

/** The disk's section with only what we changed since `base` applied: our sets and our deletes; the rest is theirs. */
function applyOurs<V>(disk: Record<string, V>, base: Map<string, string>, ours: Record<string, V>): Record<string, V> {
  const out = { ...disk };
  for (const [k, v] of Object.entries(ours)) if (base.get(k) !== JSON.stringify(v)) out[k] = v;
  for (const k of base.keys()) if (!(k in ours)) delete out[k];
  return out;
}

export class StateFile {
  readonly state: GatewayState;
  /** Pending records we removed (answered, or an orphan closed): not merged back from the disk copy at the next save. */
  private readonly dropped = new Map<string, string>();
  /** The keyed sections as we last read or wrote them: what differs now is our change (a freed name is a delete). */
  private base: Snapshot;
  /** Held from a save's read to its rename, so another gateway's save in between is not lost. */
  private readonly lock: StateLock | null;

  /** A missing file starts empty; a damaged one is refused (starting empty would forget every recorded definition). */
  constructor(readonly path: string | null) {
    this.state = path ? StateFile.read(path) : empty();
    this.base = snapshot(this.state);
    this.lock = path ? new StateLock(path) : null;
  }

  /** Removes a pending record, also from the file at the next save (another instance's record we closed included). */
  dropPending(key: string): void {
    const e = this.state.pending[key];
    if (!e) return;
    this.dropped.set(key, `${e.instance}:${e.requestId}`);
    delete this.state.pending[key];
  }

  static read(path: string): GatewayState {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return empty();
      throw new Error(`Cannot read the gateway state file ${path}: ${(e as Error).message}`);
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (e) {
      throw new Error(`The gateway state file ${path} is not valid JSON (${(e as Error).message}); move it aside to start afresh`);
    }
    const r = State.safeParse(raw);
    if (!r.success) throw new Error(`The gateway state file ${path} is damaged (${r.error.issues[0]?.message}); move it aside to start afresh`);
    return r.data;
  }

  /**
   * Writes the state: temp file 0600 + rename, so a crash leaves the old or the new file, never half of one. Two
   * gateways may share one file (two MCP clients starting the same config): per key, what we changed since our last
   * read or write (set or deleted) is applied to what the other wrote, and the rest of its entries are kept as they
   * are on disk, so a name either of us freed stays freed (a whole-section `{...disk, ...ours}` brought it back).
   * Its pending calls (another instance) are kept. Our sections in memory are updated in place, never replaced:
   * their holders (bindings, tool records) keep writing into the objects this file saves.
   */
  save(instance?: string): void {
    const path = this.path;
    if (!path || !this.lock) return;
    this.lock.hold(() => this.merge(path, instance));
  }

  private merge(path: string, instance: string | undefined): void {
    let disk: GatewayState | null = null;
    try {
      disk = StateFile.read(path);
    } catch {
      // damaged: ours replaces it
    }
    const out: GatewayState = { ...this.state };
    if (disk) {
      for (const k of KEYED) (out as Record<Keyed, unknown>)[k] = applyOurs<unknown>(disk[k], this.base[k], this.state[k]);
      for (const [k, e] of Object.entries(disk.pending))
        if (e.instance !== instance && !this.state.pending[k] && this.dropped.get(k) !== `${e.instance}:${e.requestId}`) this.state.pending[k] = e;
    }
    mkdirSync(dirname(path), { recursive: true });
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(out, null, 1), { mode: 0o600 });
    renameSync(tmp, path);
    privateFiles([path]);
    this.base = snapshot(this.state);
  }
}
