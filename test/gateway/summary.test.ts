// What an approver reads first: the summary and log previews show hidden characters escaped, never raw.
import { describe, expect, it } from 'vitest';
import { preview, visibleJson } from '../../src/gateway/call-log.js';
import { summarize } from '../../src/gateway/call-texts.js';
import { buildCatalog } from '../../src/gateway/catalog.js';

describe('previews and summaries', () => {
  it('escapes bidi, zero-width, C0/C1 control and line-separator characters', () => {
    expect(visibleJson('a\u202Eb\u200Bc\u0000d\u0085e\u2028f')).toBe('"a\\u202eb\\u200bc\\u0000d\\u0085e\\u2028f"');
  });

  it('shortens without cutting an escape or a surrogate pair in half', () => {
    expect(preview('xxxxxxxxxx\u202E', 14)).toBe('"xxxxxxxxxx…');
    expect(preview('abcdefgh𝔘', 11)).toBe('"abcdefgh…');
    expect(preview('short', 80)).toBe('"short"');
  });

  it('summarises a call readably: tool, upstream, long values by length', () => {
    const entry = buildCatalog({ prefix: 'collisions', tools: [] }, [{ upstream: 'fs', tools: [{ name: 'write_file', inputSchema: { type: 'object' } }] }]).entries[0]!;
    const s = summarize({ entry, args: { path: '/notes/a.md', content: 'x'.repeat(5000) + '\u202E' } });
    expect(s.startsWith('write_file on fs: path="/notes/a.md", content=(5001 chars) "xxx')).toBe(true);
    expect(s).not.toContain('\u202E');
    expect(s.length).toBeLessThan(200);
  });
});
