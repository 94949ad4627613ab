// The edit dialog's form layout from an agent's JSON Schema (the form itself is exercised in Chromium by
// test/e2e/edit-schema.spec.ts against a real agent): which input each field gets, and what falls back to JSON.
import { describe, expect, it } from 'vitest';
import { fieldsOf } from '../../src/renderer/decide/schema-fields.js';

describe('fieldsOf', () => {
  const schema = {
    type: 'object',
    properties: {
      to: { type: 'string', description: 'Recipient' },
      body: { type: 'string' },
      count: { type: 'integer', minimum: 1, maximum: 9 },
      rate: { type: ['number', 'null'] },
      urgent: { type: 'boolean', title: 'Urgent?' },
      tier: { enum: ['gold', 'silver', 1] },
      address: { type: 'object', properties: { city: { type: 'string' } } },
      tags: { type: 'array', items: { type: 'string' } },
      either: { anyOf: [{ type: 'string' }, { type: 'number' }] },
    },
    required: ['to', 'count', 'ghost'],
  };
  const proposed = { to: 'ada@example.com', body: 'line one\nline two', count: 2, tags: ['a'], extra: { x: 1 } };

  it('gives each common type its input, required marks and descriptions, and JSON for the rest', () => {
    const fields = fieldsOf(schema, proposed);
    expect(fields.map((f) => [f.key, f.kind, f.required])).toEqual([
      ['to', 'text', true],
      ['body', 'longtext', false],
      ['count', 'integer', true],
      ['rate', 'number', false],
      ['urgent', 'boolean', false],
      ['tier', 'enum', false],
      ['address', 'json', false],
      ['tags', 'json', false],
      ['either', 'json', false],
      ['extra', 'json', false],
    ]);
    expect(fields[0]).toMatchObject({ description: 'Recipient' });
    expect(fields[2]).toMatchObject({ minimum: 1, maximum: 9 });
    expect(fields[4]).toMatchObject({ title: 'Urgent?' });
    expect(fields[5]).toMatchObject({ options: ['gold', 'silver', 1] });
    expect(fields.at(-1)).toMatchObject({ extra: true });
  });

  it('keeps a field the input it had while the value is edited, and gives an argument added later a field', () => {
    const fields = fieldsOf(schema, { body: 'short' }, { body: 'x'.repeat(200), added: true });
    expect(fields.find((f) => f.key === 'body')!.kind).toBe('text');
    expect(fields.find((f) => f.key === 'added')).toMatchObject({ kind: 'json', extra: true });
  });

  it('without an object schema: the simple top-level values, as the dialog always showed', () => {
    for (const s of [null, { type: 'string' }, { type: 'object' }]) {
      expect(fieldsOf(s, { a: 'x', n: 3, nested: { y: 1 }, list: [1] }).map((f) => [f.key, f.kind])).toEqual([
        ['a', 'text'],
        ['n', 'number'],
      ]);
    }
  });
});
