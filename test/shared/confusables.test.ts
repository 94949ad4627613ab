import { describe, expect, it } from 'vitest';
import { findLookalikes, isMixedScript, isWholeScriptConfusableWithLatin, scriptName, skeleton } from '../../src/shared/confusables.js';

describe('UTS #39 skeleton', () => {
  it('maps look-alikes to one prototype, so a spoof and the real name compare equal', () => {
    expect(skeleton('p\u0430yp\u0430l')).toBe(skeleton('paypal'));
    expect(skeleton('refund.issu\u0435')).toBe(skeleton('refund.issue'));
    expect(skeleton('\u{1D41A}dmin')).toBe(skeleton('admin')); // mathematical bold a
    expect(skeleton('rn')).toBe(skeleton('m'));
    expect(skeleton('refund.issue')).not.toBe(skeleton('refund.lssue.x'));
  });
  it('normalises before and after mapping (NFD), so precomposed and decomposed forms agree', () => {
    expect(skeleton('caf\u00e9')).toBe(skeleton('cafe\u0301'));
  });
});

describe('script detection', () => {
  it('names scripts and finds mixed-script words', () => {
    expect(scriptName('\u0440')).toBe('Cyrillic');
    expect(scriptName('\u03bf')).toBe('Greek');
    expect(scriptName('1')).toBe('Common');
    expect(isMixedScript('p\u0430ypal')).toBe(true);
    expect(isMixedScript('paypal-2')).toBe(false);
    expect(isMixedScript('\u043f\u0440\u0438\u0432\u0435\u0442')).toBe(false);
    expect(isMixedScript('\u65e5\u672c\u8a9e\u306e\u30c6\u30ad\u30b9\u30c8')).toBe(false); // Han + kana is Japanese
  });
  it('finds whole-script confusables: Cyrillic words made only of Latin look-alikes', () => {
    expect(isWholeScriptConfusableWithLatin('\u0430\u0441\u0441-1')).toBe(true); // асс-1
    expect(isWholeScriptConfusableWithLatin('\u0440\u0430\u0443')).toBe(true); // рау
    expect(isWholeScriptConfusableWithLatin('\u043f\u0440\u0438\u0432\u0435\u0442')).toBe(false); // привет: п has no Latin twin
    expect(isWholeScriptConfusableWithLatin('acc-1')).toBe(false);
  });
});

describe('findLookalikes', () => {
  const describeAll = (s: string) => findLookalikes(s).map((f) => f.description);
  it('spells out whole-word Cyrillic look-alikes in an address', () => {
    const f = findLookalikes('billing@\u0440\u0430\u0443.com');
    expect(f.map((x) => [x.index, x.kind, x.looksLike])).toEqual([
      [8, 'mixed-script', 'p'],
      [9, 'mixed-script', 'a'],
      [10, 'mixed-script', 'y'],
    ]);
    expect(f[0]!.description).toBe('Cyrillic \u0440 in \u0440\u0430\u0443.com');
  });
  it('flags a whole-script Cyrillic account id and a Cyrillic-е class', () => {
    expect(findLookalikes('\u0430\u0441\u0441-1').map((x) => x.kind)).toEqual(['whole-script', 'whole-script', 'whole-script']);
    expect(describeAll('refund.issu\u0435')).toEqual(['Cyrillic \u0435 in refund.issu\u0435']);
  });
  it('flags fullwidth and mathematical alphanumerics', () => {
    expect(describeAll('\uff4doney')).toEqual(['Fullwidth \uff4d in \uff4doney']);
    expect(findLookalikes('\u{1D41A}dmin')[0]).toMatchObject({ kind: 'compatibility', looksLike: 'a', length: 2, description: 'Mathematical \u{1D41A} in \u{1D41A}dmin' });
  });
  it('flags combining marks stacked on Latin letters', () => {
    expect(findLookalikes('pa\u0307ypal').map((x) => [x.index, x.kind, x.codePoint, x.looksLike])).toEqual([[2, 'combining-mark', 'U+0307', 'a']]);
  });
  it('leaves ASCII, ordinary accents and plain foreign text alone', () => {
    expect(findLookalikes('refund.issue for acc-1 billing@pay.com')).toEqual([]);
    expect(findLookalikes('caf\u00e9 cr\u00e8me')).toEqual([]);
    expect(findLookalikes('\u0434\u0430 \u043d\u0435\u0442, \u043f\u0440\u0438\u0432\u0435\u0442')).toEqual([]);
    expect(findLookalikes('\u65e5\u672c\u8a9e\u306e\u30c6\u30ad\u30b9\u30c8')).toEqual([]);
  });
});
