// Upstream text the model and the approver read: hidden characters (bidi, invisible, control) and look-alikes in a
// tool's name, title and description, found by the same detector the console uses (src/shared/hidden-chars.ts).
// Flagged at --check, in the gateway log and in every request the tool submits; the description the model gets shows
// them as visible badges. Injection-like wording is not judged here: it is ordinary text the approver can read.
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { findHiddenChars, visibleText } from '../shared/hidden-chars.js';

const MAX_PER_FIELD = 5;

/** One line per finding, e.g. `description: U+202E RIGHT-TO-LEFT OVERRIDE at 12`, `name: ...`. */
export function toolTextFlags(tool: Pick<Tool, 'name' | 'title' | 'description'>): string[] {
  const out: string[] = [];
  const fields: Array<[string, string | undefined]> = [
    ['name', tool.name],
    ['title', tool.title],
    ['description', tool.description],
  ];
  for (const [field, text] of fields) {
    if (!text) continue;
    const found = findHiddenChars(text);
    for (const f of found.slice(0, MAX_PER_FIELD)) out.push(`${field}: ${f.codePoint} ${f.name} at ${f.index}`);
    if (found.length > MAX_PER_FIELD) out.push(`${field}: ${found.length - MAX_PER_FIELD} more`);
  }
  return out;
}

/** The text with each finding shown as a badge (what the model reads instead of the raw hidden characters). */
export function flaggedText(text: string): string {
  return visibleText(text);
}
