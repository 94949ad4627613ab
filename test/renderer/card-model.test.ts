// The item card's content (src/renderer/item/card-model.ts): described fields in their formats, missing ones named,
// and a generic card that stays bounded on a hostile action and never reads inherited properties.
import { describe, expect, it } from 'vitest';
import { ClassDisplay } from '../../src/shared/class-display.js';
import { cardModel } from '../../src/renderer/item/card-model.js';

const display = ClassDisplay.parse({
  title: 'Email {args.to.0}: {args.subject}',
  fields: [
    { label: 'To', path: 'args.to', format: 'list' },
    { label: 'Cc', path: 'args.cc', format: 'list' },
    { label: 'Amount', path: 'args.amount', format: 'money', currency: 'EUR' },
    { label: 'Count', path: 'args.count', format: 'number' },
    { label: 'Body', path: 'args.body', format: 'long_text' },
  ],
});

describe('card model', () => {
  it('fills the described fields in their formats and names the missing ones', () => {
    const m = cardModel({ name: 'mail', args: { to: ['a@x.io', 'b@x.io'], subject: 'Hi', amount: 0.0001, count: '12', body: 'one\ntwo' } }, display);
    expect(m.title).toBe('Email a@x.io: Hi');
    expect(m.fields.map((f) => [f.label, f.value])).toEqual([
      ['To', { kind: 'list', items: ['a@x.io', 'b@x.io'] }],
      ['Amount', { kind: 'line', text: '0.0001 EUR' }],
      ['Count', { kind: 'line', text: '12 (not a number)' }],
      ['Body', { kind: 'block', text: 'one\ntwo', code: false }],
    ]);
    expect(m.missing).toEqual(['Cc']);
  });

  it('without a description shows top-level values, bounded, and never inherited properties', () => {
    const args: Record<string, unknown> = JSON.parse('{"__proto__": {"polluted": 1}, "a": 1}');
    for (let i = 0; i < 10_000; i++) args[`k${i}`] = i;
    const m = cardModel({ name: 'x', args }, undefined);
    expect(m.generic).toBe(true);
    expect(m.fields.length).toBe(12);
    expect(m.notShown.length).toBe(10_001 - 12 + 1);
    expect(m.notShown[0]).toBe('__proto__'); // an own key holding an object: named, left to the JSON
    const empty = cardModel({ name: 'x', args: {} }, ClassDisplay.parse({ fields: [] }));
    expect(empty).toMatchObject({ generic: true, fields: [], notShown: [] });
    // A path through an inherited property reads nothing.
    expect(cardModel({ name: 'x', args: {} }, ClassDisplay.parse({ fields: [{ label: 'c', path: 'args.constructor' }] })).missing).toEqual(['c']);
  });
});
