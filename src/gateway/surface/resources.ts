// Resources of every upstream under one server. URIs pass unchanged (so a resource_link a tool returns, or a URI
// built from a template, reads through the gateway as it would directly). A URI two upstreams list is named like a
// tool (src/gateway/exposed-names.ts): the upstream first in config at start holds the plain URI and keeps it (state
// file `resourceUris`) while it lists it; any other upstream listing it, then or later, exposes it as
// countersign-gateway://<upstream>/<encoded URI>, so a URI a client reads is never moved to another upstream. A URI
// in that namespace from an upstream, or a look-alike of another listed URI, is refused (resource_refused).
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { UriTemplate } from '@modelcontextprotocol/sdk/shared/uriTemplate.js';
import { type ContentBlock, type Resource, type ResourceTemplate } from '@modelcontextprotocol/sdk/types.js';
import { assignNames, type HeldNames, type NameForm, type RefusedName } from '../exposed-names.js';
import { toolTextFlags } from '../tool-flags.js';
import type { Upstream } from '../upstream.js';
import { allPages, clientWith, fanOut, type UpstreamSet } from './fan-out.js';
import { RpcError } from '../rpc-error.js';

/** The MCP spec's "resource not found" code. */
const RESOURCE_NOT_FOUND = -32002;
const PREFIX = 'countersign-gateway://';
/** Bound on remembered resource links, so a chatty tool cannot grow the gateway's memory without end. */
const MAX_LINKS = 10_000;

function prefixedUri(upstream: string, uri: string): string {
  return `${PREFIX}${upstream}/${encodeURIComponent(uri)}`;
}

const URI_FORM: NameForm = {
  prefixed: prefixedUri,
  shadows: (uri) => (uri.toLowerCase().startsWith(PREFIX) ? `its URI is in the gateway's own ${PREFIX} namespace` : undefined),
};

function parsePrefixed(uri: string): { upstream: string; uri: string } | null {
  if (!uri.startsWith(PREFIX)) return null;
  const rest = uri.slice(PREFIX.length);
  const slash = rest.indexOf('/');
  if (slash <= 0) return null;
  try {
    return { upstream: rest.slice(0, slash), uri: decodeURIComponent(rest.slice(slash + 1)) };
  } catch {
    return null;
  }
}

export interface Resolved {
  upstream: Upstream;
  client: Client;
  /** The upstream's own URI. */
  uri: string;
}

export class ResourceRouter {
  /** Exposed URI -> the upstream and its own URI. */
  private byExposed = new Map<string, { upstream: string; uri: string }>();
  /** Each upstream's last successful resource list (kept while it is down, so its URIs are not freed). */
  private readonly last = new Map<string, Resource[]>();
  private linkedBy = new Map<string, string>();
  private templates: Array<{ upstream: string; uriTemplate: string; matcher: UriTemplate }> = [];
  private listed = false;
  private readonly logged = new Set<string>();
  /** What the last list refused, and why (--check prints it). */
  refused: RefusedName[] = [];

  constructor(
    private readonly set: UpstreamSet,
    private readonly timeoutMs: number,
    private readonly names: HeldNames,
  ) {}

  async list(): Promise<Resource[]> {
    await this.names.ready();
    const lists = await fanOut(this.set, 'resources', 'resources/list', (_u, c) =>
      allPages(async (cursor) => {
        const p = await c.listResources(cursor ? { cursor } : undefined, { timeout: this.timeoutMs });
        return { items: p.resources, nextCursor: p.nextCursor };
      }),
    );
    for (const { upstream, value } of lists) this.last.set(upstream.name, value);
    for (const u of this.set.upstreams) {
      const caps = u.current()?.getServerCapabilities();
      if (caps && !caps.resources) this.last.delete(u.name);
    }
    const before = JSON.stringify([...this.names.bindings]);
    const { named, refused } = assignNames(
      'collisions',
      this.set.upstreams.map((u) => ({ upstream: u.name, items: (this.last.get(u.name) ?? []).map((r) => ({ name: r.uri, resource: r })) })),
      this.names.bindings,
      (r) => toolTextFlags({ name: r.name }).length > 0,
      'resource',
      URI_FORM,
    );
    if (JSON.stringify([...this.names.bindings]) !== before) this.names.save();
    for (const r of refused) {
      const key = `${r.tool}:${r.why}`;
      if (!this.logged.has(key)) this.set.log.write({ event: 'resource_refused', ...r });
      this.logged.add(key);
    }
    this.refused = refused;
    this.byExposed = new Map(named.map((n) => [n.exposedName, { upstream: n.upstream, uri: n.item.name }]));
    this.listed = true;
    return named.map((n) => ({ ...n.item.resource, uri: n.exposedName }));
  }

  async listTemplates(): Promise<ResourceTemplate[]> {
    const lists = await fanOut(this.set, 'resources', 'resources/templates/list', (_u, c) =>
      allPages(async (cursor) => {
        const p = await c.listResourceTemplates(cursor ? { cursor } : undefined, { timeout: this.timeoutMs });
        return { items: p.resourceTemplates, nextCursor: p.nextCursor };
      }),
    );
    const templates: typeof this.templates = [];
    for (const { upstream, value } of lists) {
      for (const t of value) {
        try {
          templates.push({ upstream: upstream.name, uriTemplate: t.uriTemplate, matcher: new UriTemplate(t.uriTemplate) });
        } catch {
          // A template the SDK cannot parse still lists; it just cannot route a read.
        }
      }
    }
    this.templates = templates;
    return lists.flatMap(({ value }) => value);
  }

  /** Remembers the resources a tool result or a prompt named, so reading one goes to the upstream that named it. */
  note(upstream: string, content: ContentBlock[] | undefined): void {
    for (const c of content ?? []) {
      const uri = c.type === 'resource_link' ? c.uri : c.type === 'resource' ? c.resource.uri : undefined;
      if (uri === undefined) continue;
      if (this.linkedBy.size >= MAX_LINKS) this.linkedBy.delete(this.linkedBy.keys().next().value!);
      this.linkedBy.set(uri, upstream);
    }
  }

  /** The upstream that owns a URI the client sent; one list refresh before "not found". */
  async resolve(uri: string): Promise<Resolved> {
    const hit = this.lookup(uri) ?? (await this.refresh().then(() => this.lookup(uri)));
    if (!hit) throw new RpcError(RESOURCE_NOT_FOUND, `Resource not found: no upstream of the Countersign gateway lists or links ${uri}`);
    if ('ambiguous' in hit) {
      throw new RpcError(
        RESOURCE_NOT_FOUND,
        `${uri} belongs to several upstreams (${hit.ambiguous.join(', ')}); read it as ${hit.ambiguous.map((u) => prefixedUri(u, uri)).join(' or ')}`,
      );
    }
    const upstream = this.set.upstreams.find((u) => u.name === hit.upstream);
    if (!upstream) throw new RpcError(RESOURCE_NOT_FOUND, `Resource not found: the gateway has no upstream "${hit.upstream}"`);
    const client = await clientWith(upstream, 'resources');
    if (!client) throw new RpcError(RESOURCE_NOT_FOUND, `The upstream "${upstream.name}" offers no resources`);
    return { upstream, client, uri: hit.uri };
  }

  private async refresh(): Promise<void> {
    await Promise.all([this.list(), this.listTemplates()]);
  }

  private lookup(uri: string): { upstream: string; uri: string } | { ambiguous: string[] } | null {
    const p = parsePrefixed(uri);
    if (p) return p;
    const listed = this.byExposed.get(uri);
    if (listed) return listed;
    const linked = this.linkedBy.get(uri);
    if (linked) return { upstream: linked, uri };
    const byTemplate = new Set(this.templates.filter((t) => t.matcher.match(uri)).map((t) => t.upstream));
    if (byTemplate.size > 1) return { ambiguous: [...byTemplate] };
    if (byTemplate.size === 1) return { upstream: [...byTemplate][0]!, uri };
    if (!this.listed) return null;
    // Last resort: one upstream offers resources at all.
    const offering = this.set.upstreams.filter((u) => u.current()?.getServerCapabilities()?.resources);
    return offering.length === 1 ? { upstream: offering[0]!.name, uri } : null;
  }

  /** The template's upstream, for completion/complete of a `ref/resource`. */
  async templateOwner(uriTemplate: string): Promise<string | undefined> {
    let t = this.templates.find((x) => x.uriTemplate === uriTemplate);
    if (!t) {
      await this.listTemplates();
      t = this.templates.find((x) => x.uriTemplate === uriTemplate);
    }
    return t?.upstream;
  }
}
