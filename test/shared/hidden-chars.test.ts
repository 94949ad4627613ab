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
