// The tools of every upstream under one server: exposed names that are stable and never shadow each other, each
// with the upstream it belongs to, its policy and what the hidden-character scan found in its text.
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { GatewayConfig } from './config.js';
import { assignNames, type RefusedName } from './exposed-names.js';
import { flaggedText, toolTextFlags } from './tool-flags.js';
import { toolPolicy, type ToolPolicy } from './tool-policy.js';

export interface CatalogEntry {
  /** The name the gateway's clients see and call. */
  exposedName: string;
  /** The upstream's tool, as listed (schema, annotations...). */
  tool: Tool;
  policy: ToolPolicy;
  /** Hidden characters and look-alikes in the tool's name, title or description, one readable line each. */
  flags: string[];
}

export interface Catalog {
  entries: CatalogEntry[];
  byName: Map<string, CatalogEntry>;
  refused: RefusedName[];
}

export interface CatalogOptions {
  /**
   * Bare exposed name -> the `<upstream>/<tool>` that holds it. Read and updated: once a tool is exposed under its own
   * name it keeps it, so a later upstream listing the same name cannot rename a tool clients already call.
   */
  bindings?: Map<string, string>;
  /** The policy of a tool (the gateway passes the integrity-checked one); default: from annotations and overrides. */
  policyFor?: (upstream: string, tool: Tool) => ToolPolicy;
}

/** Builds the catalog from each upstream's tool list, in config order, named by assignNames (src/gateway/exposed-names.ts). */
export function buildCatalog(cfg: Pick<GatewayConfig, 'prefix' | 'tools'>, toolsByUpstream: Array<{ upstream: string; tools: Tool[] }>, opts: CatalogOptions = {}): Catalog {
  const bindings = opts.bindings ?? new Map<string, string>();
  const policyFor = opts.policyFor ?? ((u: string, t: Tool) => toolPolicy(u, t, cfg.tools));
  const flags = new Map<Tool, string[]>();
  const flagsOf = (t: Tool) => flags.get(t) ?? flags.set(t, toolTextFlags(t)).get(t)!;
  const { named, refused } = assignNames(
    cfg.prefix,
    toolsByUpstream.map((x) => ({ upstream: x.upstream, items: x.tools })),
    bindings,
    (t) => flagsOf(t).some((f) => f.startsWith('name:')),
  );
  const entries: CatalogEntry[] = named.map((n) => ({ exposedName: n.exposedName, tool: n.item, policy: policyFor(n.upstream, n.item), flags: flagsOf(n.item) }));
  return { entries, byName: new Map(entries.map((e) => [e.exposedName, e])), refused };
}

/**
 * The tool as the gateway lists it: the upstream's definition under the exposed name, with a note when it waits for
 * approval; a flagged description or title reaches the model with its hidden characters shown as badges.
 */
export function exposedTool(e: CatalogEntry): Tool {
  const note = e.policy.route === 'hub' ? ' [Countersign: may wait for human approval]' : '';
  const flagged = e.flags.length > 0;
  const description = e.tool.description !== undefined && flagged ? flaggedText(e.tool.description) : e.tool.description;
  return {
    ...e.tool,
    name: e.exposedName,
    ...(flagged && e.tool.title !== undefined ? { title: flaggedText(e.tool.title) } : {}),
    ...(description !== undefined || note ? { description: (description ?? '') + note } : {}),
  };
}
