// Values of a proposed action as a person reads them, for the item card and the plain-language reasons: numbers with
// digit grouping, money with its currency, everything else as its exact text. Pure text out: the renderer shows it
// through SafeText, so nothing here is ever markup.
import type { ClassDisplay, TemplatePart } from './class-display.js';
import { parseTemplate } from './class-display.js';
import type { ProposedAction } from './domain.js';
import { readPath } from './policy.js';

type Field = ClassDisplay['fields'][number];

/** Past this many characters a value inside a title or a reason is cut: the full value is in the card and the JSON. */
const INLINE_MAX = 120;

const cut = (s: string, max: number) => (s.length > max ? `${s.slice(0, max)}…` : s);

/** A number with digit grouping and every fraction digit it has (an approver must see 0.0001, not 0). */
export function numberText(n: number): string {
  return Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: 20 }) : String(n);
}

/** Any value as one text: strings exactly, numbers grouped, the rest as JSON. */
export function valueText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return numberText(v);
  if (v === undefined) return '(not given)';
  try {
    // JSON.stringify gives nothing only for what JSON cannot hold (a function, a symbol), which a parsed action never has.
    return JSON.stringify(v) ?? '(not JSON)';
  } catch {
    return '[value too deep to show]';
  }
}

/** The currency of a money field: read from `currencyPath`, else the fixed `currency`; null when neither is given. */
function currencyOf(action: ProposedAction, field: Field): string | null {
  const c = field.currencyPath ? readPath(action, field.currencyPath) : undefined;
  // A currency that is not a plain string is still shown, as it is: the approver must see what the agent sent.
  if (c !== undefined && c !== null && c !== '') return valueText(c);
  return field.currency ?? null;
}

/** A money value: "480 EUR". A numeric string is kept as written ("480.00 EUR"); anything else says it is not a number. */
export function moneyText(action: ProposedAction, field: Field, v: unknown): string {
  const currency = currencyOf(action, field);
  const isNumber = typeof v === 'number' || (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)));
  const amount = valueText(v);
  return `${amount}${currency ? ` ${currency}` : ''}${isNumber ? '' : ' (not a number)'}`;
}

/** A value at a path as a reason or title shows it: money with its currency when the display says it is money. */
export function inlineValue(action: ProposedAction, display: ClassDisplay | undefined, path: string): string {
  const v = readPath(action, path);
  const field = display?.fields.find((f) => f.path === path);
  if (field?.format === 'money' && v !== undefined) return cut(moneyText(action, field, v), INLINE_MAX);
  return cut(valueText(v), INLINE_MAX);
}

/** The title template filled in from the action. Numbers in a money field are shown as numbers: the template places the currency itself. */
export function titleText(action: ProposedAction, template: string): string {
  const parsed = parseTemplate(template);
  // The hub validated the template; one that does not parse (an older hub, a hand-edited copy) is shown as written.
  if (!parsed.ok) return template;
  return parsed.parts.map((p: TemplatePart) => ('text' in p ? p.text : cut(valueText(readPath(action, p.path)), INLINE_MAX))).join('');
}
