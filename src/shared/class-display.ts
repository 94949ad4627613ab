// How the console shows a request of one action class: a title template and the fields that matter ("what will
// happen" in words), as data in the policy. Templates are plain text with `{args.amount}` placeholders; the console
// renders every piece as text, never as HTML, so a hostile template can at worst read oddly.
import { z } from 'zod';

/** A dot path into the proposed action `{name, args}`, the same paths conditions use: `args.amount`, `args.to.0`. */
const DisplayPath = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+)*$/, 'a dot path such as args.amount');

export type TemplatePart = { text: string } | { path: string };

/** Splits a template into text and `{path}` placeholders; `{{` and `}}` are literal braces. Errors name the position. */
export function parseTemplate(template: string): { ok: true; parts: TemplatePart[] } | { ok: false; reason: string } {
  const parts: TemplatePart[] = [];
  let text = '';
  for (let i = 0; i < template.length; i++) {
    const ch = template[i];
    if ((ch === '{' || ch === '}') && template[i + 1] === ch) {
      text += ch;
      i++;
    } else if (ch === '{') {
      const end = template.indexOf('}', i);
      const path = end < 0 ? '' : template.slice(i + 1, end);
      if (end < 0) return { ok: false, reason: `unclosed { at ${i}` };
      if (!DisplayPath.safeParse(path).success) return { ok: false, reason: `{${path.slice(0, 40)}} at ${i} is not a dot path such as {args.amount}` };
      if (text) parts.push({ text });
      text = '';
      parts.push({ path });
      i = end;
    } else if (ch === '}') return { ok: false, reason: `unmatched } at ${i} (write }} for a brace)` };
    else text += ch;
  }
  if (text) parts.push({ text });
  return { ok: true, parts };
}

const DisplayTemplate = z
  .string()
  .min(1)
  .max(300)
  .superRefine((t, ctx) => {
    const r = parseTemplate(t);
    if (!r.ok) ctx.addIssue({ code: 'custom', message: `title template: ${r.reason}` });
  });

/**
 * text: one line. long_text: paragraphs kept as written (an email body). number. money: a number with the currency
 * read from `currencyPath` (or the fixed `currency`). code: monospace, kept as written (a SQL statement). list: an
 * array of values, one a line (recipients).
 */
const DisplayFormat = z.enum(['text', 'long_text', 'number', 'money', 'code', 'list']);
type DisplayFormat = z.infer<typeof DisplayFormat>;

const DisplayField = z.object({
  label: z.string().min(1).max(80),
  path: DisplayPath,
  format: DisplayFormat.default('text'),
  currencyPath: DisplayPath.optional(),
  currency: z.string().min(1).max(10).optional(),
});
type DisplayField = z.infer<typeof DisplayField>;

/** A class's display description: optional in the policy (absent: the console shows a generic card). */
export const ClassDisplay = z.object({
  title: DisplayTemplate.optional(),
  fields: z.array(DisplayField).max(20).default([]),
});
export type ClassDisplay = z.infer<typeof ClassDisplay>;
