// Prompts of every upstream under one server, named by the same rule as tools (`prefix`): a prompt keeps its name
// unless two upstreams list it (then each is `<upstream>__<prompt>`), or every one is prefixed with `always`.
// The prefixed form is accepted for any prompt, so a client that uses it keeps working when names collide later.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ErrorCode, type Prompt } from '@modelcontextprotocol/sdk/types.js';
import type { Upstream } from '../upstream.js';
import { allPages, clientWith, fanOut, type UpstreamSet } from './fan-out.js';
import { RpcError } from '../rpc-error.js';

const SEPARATOR = '__';

export interface ResolvedPrompt {
  upstream: Upstream;
  client: Client;
  /** The upstream's own prompt name. */
  name: string;
}

export class PromptRouter {
  private byExposed = new Map<string, { upstream: string; name: string }>();

  constructor(
    private readonly set: UpstreamSet,
    private readonly prefix: 'collisions' | 'always',
    private readonly timeoutMs: number,
  ) {}

  async list(): Promise<Prompt[]> {
    const lists = await fanOut(this.set, 'prompts', 'prompts/list', (_u, c) =>
      allPages(async (cursor) => {
        const p = await c.listPrompts(cursor ? { cursor } : undefined, { timeout: this.timeoutMs });
        return { items: p.prompts, nextCursor: p.nextCursor };
      }),
    );
    const count = new Map<string, number>();
    for (const { value } of lists) for (const p of value) count.set(p.name, (count.get(p.name) ?? 0) + 1);
    const byExposed = new Map<string, { upstream: string; name: string }>();
    const out: Prompt[] = [];
    for (const { upstream, value } of lists) {
      for (const p of value) {
        const name = this.prefix === 'always' || count.get(p.name)! > 1 ? `${upstream.name}${SEPARATOR}${p.name}` : p.name;
        if (byExposed.has(name)) continue; // a literal `a__b` of one upstream never shadows upstream a's prompt b: first listed keeps it
        byExposed.set(name, { upstream: upstream.name, name: p.name });
        out.push({ ...p, name });
      }
    }
    this.byExposed = byExposed;
    return out;
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
    const listed = this.byExposed.get(exposed);
    if (listed) return listed;
    const i = exposed.indexOf(SEPARATOR);
    if (i <= 0) return undefined;
    const upstream = exposed.slice(0, i);
    return this.set.upstreams.some((u) => u.name === upstream) ? { upstream, name: exposed.slice(i + SEPARATOR.length) } : undefined;
  }
}
