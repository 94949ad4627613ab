// Turns what a person types into a safe FTS5 query: every word becomes a quoted prefix term, all must match.
// Quoting means FTS5 operators or stray quotes in the input are searched for as text, never parsed.

export function ftsQuery(input: string): string | null {
  const words = input.normalize('NFKC').match(/[\p{L}\p{N}_]+/gu);
  if (!words || words.length === 0) return null;
  return words
    .slice(0, 16)
    .map((w) => `"${w.replace(/"/g, '""')}"*`)
    .join(' ');
}
