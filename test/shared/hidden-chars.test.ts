import { describe, expect, it } from 'vitest';
import { findHiddenChars, findHiddenInValue } from '../../src/shared/hidden-chars.js';

describe('hidden characters', () => {
  it('finds bidi overrides and zero-width characters where they stand', () => {
    const s = 'invoice\u202Efdp.exe and pay\u200Bpal';
    const f = findHiddenChars(s);
    expect(f.map((x) => [x.index, x.kind, x.codePoint])).toEqual([
      [7, 'bidi', 'U+202E'],
      [23, 'invisible', 'U+200B'],
    ]);
  });
  it('flags Cyrillic look-alikes only inside words that mix scripts', () => {
    expect(findHiddenChars('p\u0430ypal.com').map((x) => x.kind)).toEqual(['homoglyph']);
    expect(findHiddenChars('\u0434\u0430 \u043D\u0435\u0442')).toEqual([]); // plain Russian text is not flagged
  });
  it('flags whole-word look-alikes with the look-alike spelled out, and line separators', () => {
    expect(findHiddenChars('billing@\u0440\u0430\u0443.com')[0]!.name).toBe('Cyrillic \u0440 in \u0440\u0430\u0443.com, looks like "p"');
    expect(findHiddenChars('\u0430\u0441\u0441-1').map((x) => x.kind)).toEqual(['homoglyph', 'homoglyph', 'homoglyph']);
    expect(findHiddenChars('ok\u2028Approved').map((x) => [x.index, x.kind, x.name])).toEqual([[2, 'invisible', 'LINE SEPARATOR']]);
  });
  it('reports a variation selector once, not also as a combining mark', () => {
    expect(findHiddenChars('a\uFE0F').map((x) => x.kind)).toEqual(['invisible']);
  });
  it('flags control characters but not tabs and newlines', () => {
    expect(findHiddenChars('a\tb\nc\u0007').map((x) => x.codePoint)).toEqual(['U+0007']);
  });
  it('walks JSON values and reports the pointer, keys included', () => {
    const found = findHiddenInValue({ args: { 'to\u200D': 'x', list: ['ok', 'r\u202Eight'] } });
    expect(found.map((x) => [x.pointer, x.inKey])).toEqual([
      ['/args/to\u200D', true],
      ['/args/list/1', false],
    ]);
  });
});
