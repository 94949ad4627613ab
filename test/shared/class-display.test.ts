// A class's display description (src/shared/class-display.ts): validated like the rest of the policy, templates
// parsed into text and placeholders, and a policy without one unchanged.
import { describe, expect, it } from 'vitest';
import { parseTemplate } from '../../src/shared/class-display.js';
import { ActionClass } from '../../src/shared/domain.js';
import { zodIssues } from '../../src/shared/zod-issues.js';

describe('class display description', () => {
  it('parses a title template into text and placeholders, with {{ }} as literal braces', () => {
    expect(parseTemplate('Refund {args.amount} {args.currency} to {args.customer}')).toEqual({
      ok: true,
      parts: [{ text: 'Refund ' }, { path: 'args.amount' }, { text: ' ' }, { path: 'args.currency' }, { text: ' to ' }, { path: 'args.customer' }],
    });
    expect(parseTemplate('{{literal}} <b>{args.x}</b>')).toEqual({ ok: true, parts: [{ text: '{literal} <b>' }, { path: 'args.x' }, { text: '</b>' }] });
    expect(parseTemplate('broken {args.x')).toEqual({ ok: false, reason: 'unclosed { at 7' });
    expect(parseTemplate('a } b').ok).toBe(false);
    expect(parseTemplate('{args.x + 1}').ok).toBe(false);
    expect(parseTemplate('{}').ok).toBe(false);
  });

  it('is optional and absent unless given, so stored policies and their hashes do not change', () => {
    const cls = ActionClass.parse({ name: 'refund.issue' });
    expect('display' in cls).toBe(false);
    const withDisplay = ActionClass.parse({
      name: 'refund.issue',
      display: {
        title: 'Refund {args.amount}',
        fields: [
          { label: 'Amount', path: 'args.amount', format: 'money', currencyPath: 'args.currency' },
          { label: 'To', path: 'args.customer' },
        ],
      },
    });
    expect(withDisplay.display?.fields[1]).toEqual({ label: 'To', path: 'args.customer', format: 'text' });
  });

  it('refuses bad templates, paths and formats naming each field', () => {
    const r = ActionClass.safeParse({
      name: 'x',
      display: { title: 'Hi {args.a', fields: [{ label: '', path: 'args..a' }, { label: 'ok', path: 'args.b', format: 'html' }, ...Array(2).fill({ label: 'l', path: 'args.c' })] },
    });
    expect(r.success).toBe(false);
    const issues = zodIssues(r.error!);
    expect(issues.map((i) => i.path)).toEqual(['display.title', 'display.fields.0.label', 'display.fields.0.path', 'display.fields.1.format']);
    expect(issues[0]!.message).toContain('unclosed {');
    expect(ActionClass.safeParse({ name: 'x', display: { fields: Array(21).fill({ label: 'l', path: 'args.c' }) } }).success).toBe(false);
  });
});
