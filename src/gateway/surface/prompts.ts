// Prompts of every upstream under one server, named like tools (src/gateway/exposed-names.ts, `prefix`): a prompt
// keeps its own name unless another prompt holds it, then it is `<upstream>__<prompt>`; who holds a name is decided
// once every upstream answered at start (config order), then kept (state file) as long as the holder lists it, so a
// prompt a client uses is never renamed by another upstream coming up, a restart or a reordered config. The prefixed
// form is accepted for any prompt. Each upstream's last list is kept while it is down or failing, so a passing outage
// never frees its names for another upstream's same-named prompt.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ErrorCode, type Prompt } from '@modelcontextprotocol/sdk/types.js';
import { assignNames, parsePrefixed, type HeldNames, type RefusedName } from '../exposed-names.js';
import { toolTextFlags } from '../tool-flags.js';
import type { Upstream } from '../upstream.js';
import { allPages, clientWith, fanOut, type UpstreamSet } from './fan-out.js';
import { RpcError } from '../rpc-error.js';

export interface ResolvedPrompt {
  upstream: Upstream;
  client: Client;
  /** The upstream's own prompt name. */
  name: string;
}

export class PromptRouter {
  private byExposed = new Map<string, { upstream: string; name: string }>();
  /** Each upstream's last successful prompt list. */
  private readonly last = new Map<string, Prompt[]>();
  private readonly logged = new Set<string>();
  /** What the last list refused, and why (--check prints it). */
  refused: RefusedName[] = [];

  constructor(
    private readonly set: UpstreamSet,
    private readonly prefix: 'collisions' | 'always',
    private readonly timeoutMs: number,
    private readonly names: HeldNames,
  ) {}

  async list(): Promise<Prompt[]> {
    await this.names.ready();
    const lists = await fanOut(this.set, 'prompts', 'prompts/list', (_u, c) =>
      allPages(async (cursor) => {
        const p = await c.listPrompts(cursor ? { cursor } : undefined, { timeout: this.timeoutMs });
        return { items: p.prompts, nextCursor: p.nextCursor };
      }),
    );
    for (const { upstream, value } of lists) this.last.set(upstream.name, value);
    // Connected and no longer offering prompts: its names are free. Down or failing: its last list stands.
    for (const u of this.set.upstreams) {
      const caps = u.current()?.getServerCapabilities();
      if (caps && !caps.prompts) this.last.delete(u.name);
    }
    const before = JSON.stringify([...this.names.bindings]);
    const { named, refused } = assignNames(
      this.prefix,
      this.set.upstreams.map((u) => ({ upstream: u.name, items: this.last.get(u.name) ?? [] })),
      this.names.bindings,
      (p) => toolTextFlags({ name: p.name }).length > 0,
      'prompt',
    );
    if (JSON.stringify([...this.names.bindings]) !== before) this.names.save();
    for (const r of refused) {
      const key = `${r.tool}:${r.why}`;
      if (!this.logged.has(key)) this.set.log.write({ event: 'prompt_refused', ...r });
      this.logged.add(key);
    }
    this.refused = refused;
    this.byExposed = new Map(named.map((n) => [n.exposedName, { upstream: n.upstream, name: n.item.name }]));
    return named.map((n) => ({ ...n.item, name: n.exposedName }));
  }

  async resolve(exposed: string): Promise<ResolvedPrompt> {
    let hit = this.lookup(exposed);
    if (!hit) {
      await this.list();
      hit = this.lookup(exposed);
    }
    if (!hit) throw new RpcError(ErrorCode.InvalidParams, `Unknown prompt: ${exposed}`);
    const upstream = this.set.upstreams.find((u) => u.name === hit.upstream)!;
    const client = await clientWith(upstream, 'prompts');
    if (!client) throw new RpcError(ErrorCode.InvalidParams, `The upstream "${upstream.name}" offers no prompts`);
    return { upstream, client, name: hit.name };
  }

  private lookup(exposed: string): { upstream: string; name: string } | undefined {
    return (
      this.byExposed.get(exposed) ??
      parsePrefixed(
        exposed,
        this.set.upstreams.map((u) => u.name),
      )
    );
  }
}
