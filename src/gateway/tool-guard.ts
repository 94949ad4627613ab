// What the gateway remembers about upstream tools and reports about them: builds the catalog with stable names and
// integrity-checked policies, persists both in the state file, and logs (and tells the hub about) changed, refused and
// flagged tools, each once.
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ActionClass } from '../shared/domain.js';
import type { CallLog } from './call-log.js';
import type { HubClientLike } from './call-handler.js';
import { buildCatalog, type Catalog, type CatalogEntry } from './catalog.js';
import type { GatewayConfig, UpstreamTrust } from './config.js';
import { StateFile } from './gateway-state.js';
import { ToolIntegrity, type ToolChange } from './tool-integrity.js';

export const TOOL_CHANGED_CLASS = ActionClass.parse({
  name: 'gateway.tool_changed',
  description: 'An MCP tool behind the Countersign gateway changed its definition (annotations, description or input schema) after it was classified.',
  factors: [],
  defaultLane: 'review',
  override: 'review',
});

/** The file `countersign-gateway accept` appends to (JSON lines `{tool, hash, at}`); the running gateway reads it. */
export function acceptFileOf(stateFile: string): string {
  return `${stateFile}.accepted`;
}

function readAcceptFile(stateFile: string | null | undefined): Array<{ tool: string; hash: string }> {
  if (!stateFile) return [];
  let text = '';
  try {
    text = readFileSync(acceptFileOf(stateFile), 'utf8');
  } catch {
    return [];
  }
  const out: Array<{ tool: string; hash: string }> = [];
  for (const line of text.split('\n')) {
    try {
      const e = JSON.parse(line) as { tool?: unknown; hash?: unknown };
      if (typeof e.tool === 'string' && typeof e.hash === 'string' && /^[0-9a-f]{12,64}$/.test(e.hash)) out.push({ tool: e.tool, hash: e.hash });
    } catch {
      // a blank or torn line: skip it
    }
  }
  return out;
}

export class ToolGuard {
  readonly stateFile: StateFile;
  private readonly bindings: Map<string, string>;
  private readonly integrity: ToolIntegrity;
  private accepted = new Map<string, string[]>();
  private readonly logged = new Set<string>();

  constructor(
    private readonly config: GatewayConfig,
    private readonly log: CallLog,
    private readonly hub: HubClientLike,
  ) {
    this.stateFile = new StateFile(config.stateFile ?? null);
    this.bindings = new Map(Object.entries(this.stateFile.state.names));
    this.integrity = new ToolIntegrity(
      this.stateFile.state.tools,
      config.tools,
      () => this.accepted,
      (c) => this.changed(c),
    );
  }

  private trustOf(upstream: string): UpstreamTrust {
    return this.config.upstreams.find((u) => u.name === upstream)?.trust ?? 'annotations';
  }

  private loadAccepted(): void {
    const m = new Map<string, string[]>();
    for (const a of [...this.config.accept, ...readAcceptFile(this.config.stateFile)]) m.set(a.tool, [...(m.get(a.tool) ?? []), a.hash]);
    this.accepted = m;
  }

  /**
   * `settled`: every upstream has answered (or timed out) once since start. Before that, names are given by config
   * order among the upstreams listed so far but not kept, so which upstream answers first never decides a name.
   */
  build(lists: Array<{ upstream: string; tools: Tool[] }>, settled = true): Catalog {
    this.loadAccepted();
    const bindings = settled ? this.bindings : new Map(this.bindings);
    const catalog = buildCatalog(this.config, lists, { bindings, policyFor: (u, t) => this.integrity.policyFor(u, t, this.trustOf(u)) });
    this.stateFile.state.names = Object.fromEntries(this.bindings);
    try {
      this.stateFile.save();
    } catch (e) {
      this.once(`save:${(e as Error).message}`, { event: 'state_save_failed', error: (e as Error).message });
    }
    for (const r of catalog.refused) this.once(`refused:${r.tool}:${r.why}`, { event: 'tool_refused', ...r });
    for (const e of catalog.entries)
      if (e.flags.length) this.once(`flag:${e.policy.upstream}/${e.tool.name}:${e.flags.join()}`, { event: 'tool_flagged', tool: e.exposedName, flags: e.flags });
    return catalog;
  }

  /** A change an admin accepted while the gateway runs (CLI accept) shows on the next call to that tool. */
  hasNewAcceptance(entry: CatalogEntry): boolean {
    const rec = this.stateFile.state.tools[`${entry.policy.upstream}/${entry.tool.name}`];
    if (!rec?.pending) return false;
    const hash = rec.pending.hash;
    return readAcceptFile(this.config.stateFile).some((a) => a.tool === `${entry.policy.upstream}/${entry.tool.name}` && hash.startsWith(a.hash));
  }

  /** Changed tools waiting for an accept, for --check. */
  pendingChanges(): Array<{ tool: string; hash: string; since: string }> {
    return Object.entries(this.stateFile.state.tools)
      .filter(([, r]) => r.pending)
      .map(([tool, r]) => ({ tool, hash: r.pending!.hash, since: r.pending!.since }));
  }

  private once(key: string, event: { event: string; [k: string]: unknown }): void {
    if (this.logged.has(key)) return;
    this.logged.add(key);
    this.log.write(event);
  }

  private changed(c: ToolChange): void {
    this.log.write({ event: 'tool_changed', ...c });
    void this.report(c);
  }

  /** The change as a review item on the hub, so it shows in the console with its diff (same key on a restart: one item). */
  private async report(c: ToolChange): Promise<void> {
    const verb = {
      tightened: 'tightened (applied at once)',
      pending: 'changed; the stricter classification holds until an admin accepts it',
      accepted: 'changed; an admin accepted the new definition',
    }[c.kind];
    try {
      await this.hub.requestApproval({
        actionClass: TOOL_CHANGED_CLASS.name,
        action: { name: 'tool_changed', args: { tool: c.tool, kind: c.kind, oldHash: c.oldHash, newHash: c.newHash } },
        summary: `MCP tool ${c.tool} ${verb}: ${c.diff.length} difference(s)`.slice(0, 1_000),
        evidence: [
          { title: 'What changed', text: c.diff.join('\n') || '(no visible difference)' },
          { title: 'Classification now', text: c.why },
          {
            title: 'How to accept',
            text:
              c.kind === 'pending'
                ? `Deciding this item does not accept the change. An admin accepts it with \`countersign-gateway accept ${c.tool} --config <gateway.json>\` or a config entry {"tool": "${c.tool}", "hash": "${c.newHash.slice(0, 12)}"} in "accept".`
                : 'Nothing to accept: this is on record for review.',
          },
        ],
        agent: { id: this.config.agentId, name: 'Countersign gateway' },
        // One item per tool and change, also when a restarted gateway reports it again.
        idempotencyKey: `tool-changed-${createHash('sha256')
          .update(JSON.stringify([c.tool, c.kind, c.oldHash, c.newHash]))
          .digest('hex')}`,
      });
    } catch (e) {
      this.log.write({ event: 'tool_change_not_reported', tool: c.tool, error: (e as Error).message });
    }
  }
}
