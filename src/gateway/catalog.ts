// The tools of every upstream under one server: exposed names (prefixed where they collide, or always),
// each with the upstream it belongs to and its policy.
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { GatewayConfig } from './config.js';
import { toolPolicy, type ToolPolicy } from './tool-policy.js';

const PREFIX_SEPARATOR = '__';

export interface CatalogEntry {
  /** The name the gateway's clients see and call. */
  exposedName: string;
  /** The upstream's tool, as listed (schema, annotations...). */
  tool: Tool;
  policy: ToolPolicy;
}

export interface Catalog {
  entries: CatalogEntry[];
  byName: Map<string, CatalogEntry>;
  /** Names dropped because they still clashed after prefixing (reported in the log). */
  dropped: string[];
}

/**
 * Builds the catalog from each upstream's tool list, in config order.
 * `collisions`: a tool keeps its own name unless another upstream lists the same name; then all of them are prefixed.
 * `always`: every tool is `<upstream>__<tool>`.
 */
export function buildCatalog(cfg: Pick<GatewayConfig, 'prefix' | 'tools'>, toolsByUpstream: Array<{ upstream: string; tools: Tool[] }>): Catalog {
  const count = new Map<string, number>();
  for (const { tools } of toolsByUpstream) for (const t of tools) count.set(t.name, (count.get(t.name) ?? 0) + 1);

  const entries: CatalogEntry[] = [];
  const byName = new Map<string, CatalogEntry>();
  const dropped: string[] = [];
  for (const { upstream, tools } of toolsByUpstream) {
    for (const tool of tools) {
      const prefixed = cfg.prefix === 'always' || (count.get(tool.name) ?? 0) > 1;
      const exposedName = prefixed ? `${upstream}${PREFIX_SEPARATOR}${tool.name}` : tool.name;
      if (byName.has(exposedName)) {
        dropped.push(`${upstream}/${tool.name}`);
        continue;
      }
      const entry: CatalogEntry = { exposedName, tool, policy: toolPolicy(upstream, tool, cfg.tools) };
      entries.push(entry);
      byName.set(exposedName, entry);
    }
  }
  return { entries, byName, dropped };
}

/** The tool as the gateway lists it: the upstream's definition under the exposed name, with a note when it waits for approval. */
export function exposedTool(e: CatalogEntry): Tool {
  const note = e.policy.route === 'hub' ? ' [Countersign: may wait for human approval]' : '';
  return { ...e.tool, name: e.exposedName, ...(e.tool.description !== undefined || note ? { description: (e.tool.description ?? '') + note } : {}) };
}
