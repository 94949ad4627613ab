// The default action-class name of an upstream tool: `mcp.<upstream>.<escaped tool>`, an injective mapping, so two
// different tools never share a class (and a harmless tool's lane never applies to a destructive one).
// Escape, don't replace: `:` is the escape character (rare in tool names, so the common `write_file` keeps its old
// class name), written `::`; a character outside the class-name alphabet becomes `:uHHHH` (or `:UHHHHHH` above the
// BMP); a name too long for the hub's 200 characters is cut at an escape boundary and ends `:h<32 hex of sha256>`.
// Upstream names hold no `.` (config refuses it), so the first `.` after `mcp.` always ends the upstream.
import { createHash } from 'node:crypto';

const KEPT = /^[A-Za-z0-9_.-]$/;
const MAX = 200;

function escapeChar(ch: string): string {
  if (ch === ':') return '::';
  if (KEPT.test(ch)) return ch;
  const cp = ch.codePointAt(0)!;
  return cp > 0xffff ? `:U${cp.toString(16).toUpperCase().padStart(6, '0')}` : `:u${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

export function defaultClassName(upstream: string, tool: string): string {
  return escapedName(`mcp.${upstream}.`, tool);
}

/**
 * The class of resources/read or prompts/get on an upstream: `mcp-resource.<upstream>` / `mcp-prompt.<upstream>` when
 * no rule applies (the upstream's trust decides), else `...<upstream>.<escaped rule match>`: each rule its own class,
 * so two rules with different factors never share one (the hub keeps the first registered, whose lane would then
 * apply to the other rule's reads too).
 */
export function surfaceClassName(method: 'resources/read' | 'prompts/get', upstream: string, ruleMatch?: string): string {
  const head = `${method === 'resources/read' ? 'mcp-resource' : 'mcp-prompt'}.${upstream}`;
  return ruleMatch === undefined ? head : escapedName(`${head}.`, ruleMatch);
}

function escapedName(head: string, name: string): string {
  // Array.from walks code points; a lone surrogate comes through as itself and is escaped as :uD800.
  const parts = Array.from(name, escapeChar);
  const full = head + parts.join('');
  if (full.length <= MAX) return full;
  const hash = `:h${createHash('sha256').update(name, 'utf8').digest('hex').slice(0, 32)}`;
  let out = head;
  for (const p of parts) {
    if (out.length + p.length + hash.length > MAX) break;
    out += p;
  }
  return out + hash;
}

/** The tool name back from a class name made by defaultClassName (null for a hashed long name or a foreign one). */
export function decodeClassName(name: string): { upstream: string; tool: string } | null {
  const m = /^mcp\.([A-Za-z0-9_-]+)\.(.*)$/s.exec(name);
  if (!m) return null;
  const enc = m[2]!;
  let tool = '';
  for (let i = 0; i < enc.length; i++) {
    const c = enc[i]!;
    if (c !== ':') {
      if (!KEPT.test(c)) return null;
      tool += c;
      continue;
    }
    const kind = enc[i + 1];
    if (kind === ':') {
      tool += ':';
      i += 1;
    } else if (kind === 'u' || kind === 'U') {
      const width = kind === 'u' ? 4 : 6;
      const hex = enc.slice(i + 2, i + 2 + width);
      if (!/^[0-9A-F]+$/.test(hex) || hex.length !== width) return null;
      tool += String.fromCodePoint(parseInt(hex, 16));
      i += 1 + width;
    } else return null; // :h (a hashed long name) or garbage
  }
  return { upstream: m[1]!, tool };
}
