// Finds characters that make text read differently from what will run:
// bidi controls, zero-width and other invisible characters, and look-alikes (UTS #39, in confusables.ts).
// The approver must see exactly what will run, so the UI marks each finding where it stands.
import { findLookalikes } from './confusables.js';
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
  0x2028: 'LINE SEPARATOR',
  0x2029: 'PARAGRAPH SEPARATOR',
  0x2060: 'WORD JOINER',
  0x2061: 'FUNCTION APPLICATION',
  0x2062: 'INVISIBLE TIMES',
  0x2063: 'INVISIBLE SEPARATOR',
  0x2064: 'INVISIBLE PLUS',
  0x3164: 'HANGUL FILLER',
  0xfeff: 'ZERO WIDTH NO-BREAK SPACE',
  0xffa0: 'HALFWIDTH HANGUL FILLER',
};
const hex = (cp: number) => 'U+' + cp.toString(16).toUpperCase().padStart(4, '0');

/** Findings in one string, in order: hidden characters, then look-alikes (mixed-script or whole-script confusable words, fullwidth and mathematical letters, combining marks on Latin). */
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
    if (len === 2) i++;
  }
  const hidden = new Set(out.map((f) => f.index));
  for (const l of findLookalikes(text))
    if (!hidden.has(l.index))
      out.push({ index: l.index, length: l.length, char: l.char, codePoint: l.codePoint, kind: 'homoglyph', name: `${l.description}, looks like "${l.looksLike}"` });
  return out.sort((a, b) => a.index - b.index);
}

/**
 * The string with every finding made visible as plain text, for places that can only hold text (a select's
 * options, a chart legend, a tooltip): hidden characters are replaced by their badge, look-alikes keep the
 * letter and get the badge after it. SafeText does the same with markup where markup can go.
 */
export function visibleText(text: string): string {
  let out = '';
  let at = 0;
  for (const f of findHiddenChars(text)) {
    out += text.slice(at, f.index) + (f.kind === 'homoglyph' ? f.char : '') + `⟦${f.codePoint} ${f.name}⟧`;
    at = f.index + f.length;
  }
  return out + text.slice(at);
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
