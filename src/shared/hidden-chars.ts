// Finds characters that make text read differently from what will run:
// bidi controls, zero-width and other invisible characters, and letters from other scripts that look Latin.
// The approver must see exactly what will run, so the UI marks each finding where it stands.
import { JSON_DEPTH_MARGIN, MAX_JSON_DEPTH } from './json-depth.js';

// Deep enough for every string of any action the console accepts, even wrapped (the row scan adds a level).
const SCAN_DEPTH = MAX_JSON_DEPTH + JSON_DEPTH_MARGIN;

type HiddenKind = 'bidi' | 'invisible' | 'homoglyph' | 'control';
export interface HiddenFinding {
  index: number; // UTF-16 offset in the string
  length: number;
  char: string;
  codePoint: string; // e.g. "U+202E"
  kind: HiddenKind;
  name: string;
}

const BIDI: Record<number, string> = {
  0x061c: 'ARABIC LETTER MARK',
  0x200e: 'LEFT-TO-RIGHT MARK',
  0x200f: 'RIGHT-TO-LEFT MARK',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
};
const INVISIBLE: Record<number, string> = {
  0x00ad: 'SOFT HYPHEN',
  0x034f: 'COMBINING GRAPHEME JOINER',
  0x115f: 'HANGUL CHOSEONG FILLER',
  0x1160: 'HANGUL JUNGSEONG FILLER',
  0x180e: 'MONGOLIAN VOWEL SEPARATOR',
  0x200b: 'ZERO WIDTH SPACE',
  0x200c: 'ZERO WIDTH NON-JOINER',
  0x200d: 'ZERO WIDTH JOINER',
  0x2060: 'WORD JOINER',
  0x2061: 'FUNCTION APPLICATION',
  0x2062: 'INVISIBLE TIMES',
  0x2063: 'INVISIBLE SEPARATOR',
  0x2064: 'INVISIBLE PLUS',
  0x3164: 'HANGUL FILLER',
  0xfeff: 'ZERO WIDTH NO-BREAK SPACE',
  0xffa0: 'HALFWIDTH HANGUL FILLER',
};
// Cyrillic and Greek letters that render like Latin ones (the common spoofing set).
const HOMOGLYPHS: Record<string, string> = {
  а: 'a',
  е: 'e',
  о: 'o',
  р: 'p',
  с: 'c',
  у: 'y',
  х: 'x',
  і: 'i',
  ј: 'j',
  ѕ: 's',
  һ: 'h',
  ԁ: 'd',
  ԛ: 'q',
  ԝ: 'w',
  А: 'A',
  В: 'B',
  Е: 'E',
  К: 'K',
  М: 'M',
  Н: 'H',
  О: 'O',
  Р: 'P',
  С: 'C',
  Т: 'T',
  У: 'Y',
  Х: 'X',
  І: 'I',
  Ј: 'J',
  Ѕ: 'S',
  α: 'a',
  ο: 'o',
  ν: 'v',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  Α: 'A',
  Β: 'B',
  Ε: 'E',
  Ζ: 'Z',
  Η: 'H',
  Ι: 'I',
  Κ: 'K',
  Μ: 'M',
  Ν: 'N',
  Ο: 'O',
  Ρ: 'P',
  Τ: 'T',
  Υ: 'Y',
  Χ: 'X',
};
const LATIN = /[A-Za-z]/;

const hex = (cp: number) => 'U+' + cp.toString(16).toUpperCase().padStart(4, '0');

/** Findings in one string. Homoglyphs are flagged only in words that also hold Latin letters (a mixed-script word). */
export function findHiddenChars(text: string): HiddenFinding[] {
  const out: HiddenFinding[] = [];
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    const len = ch.length;
    if (BIDI[cp]) out.push({ index: i, length: len, char: ch, codePoint: hex(cp), kind: 'bidi', name: BIDI[cp] });
    else if (INVISIBLE[cp] || (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0000 && cp <= 0xe007f))
      out.push({ index: i, length: len, char: ch, codePoint: hex(cp), kind: 'invisible', name: INVISIBLE[cp] ?? (cp >= 0xe0000 ? 'TAG CHARACTER' : 'VARIATION SELECTOR') });
    else if ((cp < 0x20 && cp !== 0x0a && cp !== 0x09 && cp !== 0x0d) || (cp >= 0x7f && cp < 0xa0))
      out.push({ index: i, length: len, char: ch, codePoint: hex(cp), kind: 'control', name: 'CONTROL CHARACTER' });
    else if (HOMOGLYPHS[ch] && mixedScriptWord(text, i))
      out.push({ index: i, length: len, char: ch, codePoint: hex(cp), kind: 'homoglyph', name: `looks like Latin "${HOMOGLYPHS[ch]}"` });
    if (len === 2) i++;
  }
  return out;
}

function mixedScriptWord(text: string, i: number): boolean {
  let s = i,
    e = i;
  while (s > 0 && /[\p{L}\p{N}]/u.test(text.charAt(s - 1))) s--;
  while (e < text.length - 1 && /[\p{L}\p{N}]/u.test(text.charAt(e + 1))) e++;
  return LATIN.test(text.slice(s, e + 1));
}

/** Findings anywhere in a JSON value (keys and string values), with the JSON Pointer where each stands. */
export function findHiddenInValue(value: unknown, pointer = ''): Array<HiddenFinding & { pointer: string; inKey: boolean }> {
  const out: Array<HiddenFinding & { pointer: string; inKey: boolean }> = [];
  const walk = (v: unknown, p: string, depth: number) => {
    if (depth > SCAN_DEPTH) return;
    if (typeof v === 'string') for (const f of findHiddenChars(v)) out.push({ ...f, pointer: p, inKey: false });
    else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${p}/${i}`, depth + 1));
    else if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) {
        const kp = `${p}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
        for (const f of findHiddenChars(k)) out.push({ ...f, pointer: kp, inKey: true });
        walk(x, kp, depth + 1);
      }
  };
  walk(value, pointer, 0);
  return out;
}
