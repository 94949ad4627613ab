// A one-line summary from a Markdown description: the first line of its first block of text, with the markup gone
// (`## Wire transfer` -> `Wire transfer`, `**5** to [Bob](http://x)` -> `5 to Bob`). Parsed with markdown-it, the same
// parser (and the same `html: false`) the renderer's Markdown component uses, so the summary reads like the first line
// the approver sees rendered: HTML stays text there, so it stays text here.
import MarkdownIt from 'markdown-it';

const md = new MarkdownIt({ html: false, linkify: false, typographer: false });

/** `max` counts UTF-16 units, like the summary limits elsewhere; a cut line ends with an ellipsis. */
export function markdownSummary(source: string, max = 200): string {
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
