// What the item card shows, worked out from the class's display description (src/shared/class-display.ts) or, when
// the class has none, from the action's own top-level fields. Pure data: ActionCard renders it through SafeText.
import type { ClassDisplay } from '../../shared/class-display.js';
import type { ProposedAction } from '../../shared/domain.js';
import { moneyText, numberText, titleText, valueText } from '../../shared/display-values.js';
import { readPath } from '../../shared/policy.js';

export type CardValue = { kind: 'line'; text: string } | { kind: 'block'; text: string; code: boolean } | { kind: 'list'; items: string[] };

interface CardField {
  label: string;
  value: CardValue;
}

export interface CardModel {
  title: string | null;
  fields: CardField[];
  /** Labels of described fields the action does not hold. */
  missing: string[];
  /** Generic card: top-level fields not shown here (nested values, or past the limit), to be read in the JSON. */
  notShown: string[];
  generic: boolean;
}

/** Past this many fields the generic card stops: a hostile action with 10,000 keys must not flood the card. */
const GENERIC_MAX = 12;
const isLong = (s: string) => s.length > 80 || s.includes('\n');
const isScalar = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v);

function list(v: unknown): CardValue {
  return { kind: 'list', items: (Array.isArray(v) ? v : [v]).slice(0, 100).map(valueText) };
}

function described(action: ProposedAction, display: ClassDisplay): CardModel {
  const fields: CardField[] = [];
  const missing: string[] = [];
  for (const f of display.fields) {
    const v = readPath(action, f.path);
    if (v === undefined || v === null) {
      missing.push(f.label);
      continue;
    }
    let value: CardValue;
    if (f.format === 'money') value = { kind: 'line', text: moneyText(action, f, v) };
    else if (f.format === 'number') value = { kind: 'line', text: typeof v === 'number' ? numberText(v) : `${valueText(v)} (not a number)` };
    else if (f.format === 'list') value = list(v);
    else if (f.format === 'long_text' || f.format === 'code') value = { kind: 'block', text: valueText(v), code: f.format === 'code' };
    else value = isLong(valueText(v)) ? { kind: 'block', text: valueText(v), code: false } : { kind: 'line', text: valueText(v) };
    fields.push({ label: f.label, value });
  }
  return { title: display.title ? titleText(action, display.title) : null, fields, missing, notShown: [], generic: false };
}

function generic(action: ProposedAction): CardModel {
  const fields: CardField[] = [];
  const notShown: string[] = [];
  for (const [key, v] of Object.entries(action.args)) {
    const scalarList = Array.isArray(v) && v.length <= 20 && v.every(isScalar);
    if (fields.length >= GENERIC_MAX || !(isScalar(v) || scalarList)) notShown.push(key);
    else if (scalarList) fields.push({ label: key, value: list(v) });
    else {
      const text = valueText(v);
      fields.push({ label: key, value: isLong(text) ? { kind: 'block', text, code: false } : { kind: 'line', text } });
    }
  }
  return { title: null, fields, missing: [], notShown, generic: true };
}

export function cardModel(action: ProposedAction, display: ClassDisplay | undefined | null): CardModel {
  return display && (display.title || display.fields.length) ? described(action, display) : generic(action);
}
