// Unicode TS #39 (Security Mechanisms) for strings an agent or a source wrote: confusable skeletons (§4) and
// mixed-script / whole-script confusable detection (§5), so the approver is told "Cyrillic р in рау.com"
// instead of reading a look-alike as the real thing. Also flags compatibility look-alikes (fullwidth and
// mathematical alphanumerics) and combining marks stacked on Latin letters.
// The prototype table is Unicode's confusables.txt as the unhomoglyph package ships it (one source code point
// to its prototype); scripts come from the engine's own Unicode data (\p{Script_Extensions=…}).
import table from 'unhomoglyph/data.json' with { type: 'json' };

const PROTOTYPE: Readonly<Record<string, string>> = table;

/** UTS #39 skeleton: NFD, each code point through the confusables prototype table, NFD again. Equal skeletons = confusable. */
export function skeleton(s: string): string {
  let out = '';
  for (const ch of s.normalize('NFD')) out += PROTOTYPE[ch] ?? ch;
  return out.normalize('NFD');
}

/** Every Script value of Unicode 15.1, the most used first; a name this engine does not know is skipped rather than thrown on. */
const SCRIPT_NAMES = `Latin Cyrillic Greek Han Hiragana Katakana Hangul Arabic Hebrew Devanagari Thai Armenian Georgian Cherokee Coptic Syriac Thaana
Nko Samaritan Mandaic Bengali Gurmukhi Gujarati Oriya Tamil Telugu Kannada Malayalam Sinhala Lao Tibetan Myanmar Ethiopic
Canadian_Aboriginal Ogham Runic Khmer Mongolian Bopomofo Yi Lisu Vai Bamum Tifinagh Glagolitic Gothic Old_Italic Deseret Osage Adlam
Javanese Balinese Cham Tai_Viet Warang_Citi Medefaidrin Duployan Carian Lycian Lydian Old_Permic Mende_Kikakui Bassa_Vah Pahawh_Hmong
Miao Nushu Tangut Ahom Anatolian_Hieroglyphs Avestan Batak Bhaiksuki Brahmi Braille Buginese Buhid Caucasian_Albanian Chakma Chorasmian
Cuneiform Cypriot Cypro_Minoan Dives_Akuru Dogra Egyptian_Hieroglyphs Elbasan Elymaic Grantha Gunjala_Gondi Hanifi_Rohingya Hanunoo
Hatran Imperial_Aramaic Inscriptional_Pahlavi Inscriptional_Parthian Kaithi Kawi Kayah_Li Kharoshthi Khitan_Small_Script Khojki
Khudawadi Lepcha Limbu Linear_A Linear_B Mahajani Makasar Manichaean Marchen Masaram_Gondi Meetei_Mayek Meroitic_Cursive
Meroitic_Hieroglyphs Modi Mro Multani Nabataean Nag_Mundari Nandinagari New_Tai_Lue Newa Nyiakeng_Puachue_Hmong Ol_Chiki Old_Hungarian
Old_North_Arabian Old_Persian Old_Sogdian Old_South_Arabian Old_Turkic Old_Uyghur Osmanya Palmyrene Pau_Cin_Hau Phags_Pa Phoenician
Psalter_Pahlavi Rejang Saurashtra Sharada Shavian Siddham SignWriting Sogdian Sora_Sompeng Soyombo Sundanese Syloti_Nagri Tagalog
Tagbanwa Tai_Le Tai_Tham Takri Tangsa Tirhuta Toto Ugaritic Vithkuqi Wancho Yezidi Zanabazar_Square`.split(/\s+/);

interface ScriptTest {
  name: string;
  sc: RegExp; // Script: one value per character, so the first hit ends the search
  scx: RegExp; // Script_Extensions: several for a few shared characters
}
// Compiled on first use: most strings are ASCII and never need them.
let scriptTests: ScriptTest[] | undefined;
const compileScriptTests = () =>
  SCRIPT_NAMES.flatMap((name): ScriptTest[] => {
    try {
      return [{ name, sc: new RegExp(`^\\p{Script=${name}}$`, 'u'), scx: new RegExp(`^\\p{Script_Extensions=${name}}$`, 'u') }];
    } catch {
      return [];
    }
  });
// Common and Inherited characters (digits, punctuation, most marks) go with any script (UTS #39 §5.1).
const ANY_SCRIPT = /^[\p{Script_Extensions=Common}\p{Script_Extensions=Inherited}]$/u;
// A character whose own Script is Common or Inherited but whose extensions name scripts (Arabic comma, Devanagari danda).
const SHARED = /^[\p{Script=Common}\p{Script=Inherited}]$/u;
// Han goes with the Japanese and Korean scripts, so 日本語のテキスト or 한국어 漢字 is a single-script string (§5.1 augmented sets).
const AUGMENT: Record<string, string[]> = { Han: ['Jpan', 'Kore', 'Hanb'], Hiragana: ['Jpan'], Katakana: ['Jpan'], Hangul: ['Kore'], Bopomofo: ['Hanb'] };

const single = new Map<string, ReadonlySet<string>>(); // one shared set per script, so the cache holds references only
const scriptCache = new Map<string, ReadonlySet<string> | null>();
/** The augmented Script_Extensions of one code point; null when it goes with every script. */
function scriptSet(ch: string): ReadonlySet<string> | null {
  let set = scriptCache.get(ch);
  if (set !== undefined) return set;
  const tests = (scriptTests ??= compileScriptTests());
  if (ANY_SCRIPT.test(ch)) set = null;
  else if (SHARED.test(ch)) {
    const s = new Set<string>();
    for (const t of tests) if (t.scx.test(ch)) for (const n of [t.name, ...(AUGMENT[t.name] ?? [])]) s.add(n);
    set = s.size > 0 ? s : new Set(['Unknown']);
  } else {
    const name = tests.find((t) => t.sc.test(ch))?.name ?? 'Unknown';
    set = single.get(name);
    if (!set) single.set(name, (set = new Set([name, ...(AUGMENT[name] ?? [])])));
  }
  if (scriptCache.size < 200_000) scriptCache.set(ch, set);
  return set;
}

/** The script a reader would name for a character: "Cyrillic", "Greek"; "Common" for digits and punctuation. */
export function scriptName(ch: string): string {
  const set = scriptSet(ch);
  const first = set ? [...set][0]! : 'Common';
  return first.replace(/_/g, ' ');
}

/** UTS #39 §5.1: the resolved script set is empty (e.g. Latin and Cyrillic letters in one word). */
export function isMixedScript(s: string): boolean {
  let resolved: ReadonlySet<string> | null = null;
  for (const ch of s) {
    const set = scriptSet(ch);
    if (!set || set === resolved) continue;
    if (!resolved) resolved = set;
    else {
      const both: Set<string> = new Set([...resolved].filter((x) => set.has(x)));
      if (both.size === 0) return true;
      resolved = both;
    }
  }
  return false;
}

const PLAIN = /^\p{ASCII}*$/u;
const isLatin = (ch: string) => scriptSet(ch)?.has('Latin') ?? false;

/**
 * UTS #39 §4 whole-script confusable with Latin: a single-script non-Latin string whose every letter has a plain
 * ASCII look-alike ("асс", "рау"). Names the console compares against are ASCII, so a prototype like the small
 * capital ᴛ (for Cyrillic т) does not count: "нет" stays unflagged.
 */
export function isWholeScriptConfusableWithLatin(s: string): boolean {
  let foreign = false;
  for (const ch of s.normalize('NFD')) {
    if (ANY_SCRIPT.test(ch)) continue;
    if (isLatin(ch)) return false;
    const proto = PROTOTYPE[ch];
    if (!proto || !PLAIN.test(proto)) return false;
    foreign = true;
  }
  return foreign && !isMixedScript(s);
}

type LookalikeKind = 'mixed-script' | 'whole-script' | 'compatibility' | 'combining-mark';
export interface Lookalike {
  index: number; // UTF-16 offset in the string
  length: number;
  char: string;
  codePoint: string; // e.g. "U+0440"
  kind: LookalikeKind;
  looksLike: string; // what a reader takes it for: "p"
  word: string; // the word it stands in: "рау.com"
  description: string; // spelled out for the approver: "Cyrillic р in рау.com"
}

const hex = (cp: number) => 'U+' + cp.toString(16).toUpperCase().padStart(4, '0');
// A word is what a reader takes in at once: letters, marks, digits, and the dots, dashes and underscores of names and hosts.
const WORD = /[\p{L}\p{M}\p{N}\p{Pc}\p{Pd}.]+/gu;
const ALNUM_ASCII = /^[\x21-\x7e]+$/;
const MARK = /\p{M}/u;

function compatibilityForm(cp: number): string {
  if (cp >= 0xff00 && cp <= 0xffef) return 'Fullwidth';
  if (cp >= 0x1d400 && cp <= 0x1d7ff) return 'Mathematical';
  if (cp >= 0x2460 && cp <= 0x24ff) return 'Enclosed';
  return 'Compatibility form of';
}

/** Look-alike characters in a string, each with the word it stands in and a description for display. ASCII text has none. */
export function findLookalikes(text: string): Lookalike[] {
  if (PLAIN.test(text)) return [];
  const out: Lookalike[] = [];
  for (const m of text.matchAll(WORD)) {
    const word = m[0];
    if (PLAIN.test(word)) continue;
    // Word-level tests first, so ordinary foreign text costs one pass.
    const compat = word.normalize('NFKC') !== word.normalize('NFC');
    const marks = MARK.test(word);
    const mixed = isMixedScript(word);
    const whole = !mixed && isWholeScriptConfusableWithLatin(word);
    if (!compat && !marks && !mixed && !whole) continue;
    let prevBase = '';
    for (let i = 0; i < word.length;) {
      const cp = word.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      const found = (kind: LookalikeKind, looksLike: string, description: string) =>
        out.push({ index: m.index + i, length: ch.length, char: ch, codePoint: hex(cp), kind, looksLike, word, description });
      const nfkc = compat && cp > 0x7f ? ch.normalize('NFKC') : ch;
      const isMark = marks && MARK.test(ch);
      if (nfkc !== ch && ALNUM_ASCII.test(nfkc)) found('compatibility', nfkc, `${compatibilityForm(cp)} ${ch} in ${word}`);
      else if (isMark) {
        if (prevBase && isLatin(prevBase)) found('combining-mark', prevBase, `combining mark ${hex(cp)} on ${prevBase} in ${word}`);
      } else if ((mixed || whole) && cp > 0x7f && PROTOTYPE[ch] && scriptSet(ch) && !isLatin(ch))
        found(mixed ? 'mixed-script' : 'whole-script', skeleton(ch), `${scriptName(ch)} ${ch} in ${word}`);
      if (!isMark) prevBase = ch;
      i += ch.length;
    }
  }
  return out;
}
