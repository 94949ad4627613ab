// A one-line summary from a Markdown description: the first line of its first block of text, with the markup gone
// (`## Wire transfer` -> `Wire transfer`, `**5** to [Bob](http://x)` -> `5 to Bob`). Parsed with markdown-it, the same
// parser (and the same `html: false`) the renderer's Markdown component uses, so the summary reads like the first line
// the approver sees rendered: HTML stays text there, so it stays text here.
import MarkdownIt from 'markdown-it';

const md = new MarkdownIt({ html: false, linkify: false, typographer: false });

/**
 * A first line markdown-it would give back as it is: a paragraph of its own (a blank line or the end after it, so no
 * heading underline or table below), starting with a letter (no heading, list, quote, code or HTML) and holding no
 * character that can start markup, an entity or an escape. Most agents' descriptions start so; parsing them all was a
 * tenth of a 10,000-item snapshot.
 */
const PLAIN_LINE = /^[\p{L}][\p{L}\p{N} \t.,:;?'"/()+=%@-]*$/u;
function plainFirstLine(source: string): string | null {
  const lines = source.split(/\r\n|\r|\n/, 200);
  let i = 0;
  while (i < lines.length && lines[i]!.trim() === '') i++;
  const line = lines[i];
  if (line === undefined || !PLAIN_LINE.test(line)) return null;
  const next = lines[i + 1];
  if (next !== undefined && next.trim() !== '') return null;
  return line.replace(/\s+/g, ' ').trim();
}

/** `max` counts UTF-16 units, like the summary limits elsewhere; a cut line ends with an ellipsis. */
export function markdownSummary(source: string, max = 200): string {
  const plain = plainFirstLine(source);
  if (plain !== null) return plain.length > max ? `${plain.slice(0, max - 1)}…` : plain;
  let text = '';
  for (const block of md.parse(source, {})) {
    if (block.type !== 'inline' && block.type !== 'fence' && block.type !== 'code_block') continue;
    if (block.type !== 'inline') {
      text = block.content.split(/\r\n|\r|\n/, 1)[0] ?? '';
    } else {
      for (const t of block.children ?? []) {
        if (t.type === 'softbreak' || t.type === 'hardbreak') break;
        // Text, inline code and an image's alt text (its children) are what a reader sees; tags are not.
        if (t.type === 'text' || t.type === 'code_inline') text += t.content;
        else if (t.type === 'image') text += t.children?.map((c) => c.content).join('') ?? '';
      }
    }
    text = text.replace(/\s+/g, ' ').trim();
    if (text) break;
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
