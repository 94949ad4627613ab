// Reasons and risk in plain words, generated from the policy data (src/shared/policy-words.ts), checked against the
// reasons the real classifier (src/shared/policy.ts) records, so the words always describe exactly what was counted.
import { describe, expect, it } from 'vitest';
import { ActionClass } from '../../src/shared/domain.js';
import { classify } from '../../src/shared/policy.js';
import { reasonWords, riskWords } from '../../src/shared/policy-words.js';
import { titleText } from '../../src/shared/display-values.js';

const refund = ActionClass.parse({
  name: 'refund.issue',
  factors: ['outside_lane'],
  conditionalFactors: [{ factor: 'irreversible', when: [{ path: 'args.amount', op: 'gt', value: 100 }], note: 'refunds over 100 are expensive to claw back' }],
  display: { title: 'Refund {args.amount} {args.currency}', fields: [{ label: 'Amount', path: 'args.amount', format: 'money', currencyPath: 'args.currency' }] },
});
const email = ActionClass.parse({
  name: 'email.send',
  factors: ['irreversible', 'named_accountability'],
  conditionalFactors: [{ factor: 'policy_legal', when: [{ path: 'args.body', op: 'matches', value: '[Ll]egal|GDPR' }] }],
});
const sql = ActionClass.parse({ name: 'db.sql', factors: ['irreversible', 'outside_lane'], escalateWhen: [{ path: 'args.sql', op: 'matches', value: '^\\s*(DROP|TRUNCATE)\\b' }] });

describe('reasons in plain words', () => {
  it('says why a refund needs a human with the amount and currency, not args.amount gt 100', () => {
    const action = { name: 'refund', args: { amount: 1480.5, currency: 'EUR' } };
    const c = classify(refund, action);
    const words = c.reasons.map((r) => reasonWords(r, refund, action, refund.name));
    expect(words).toEqual([
      'Changes something (more than reading or drafting): true of every refund.issue action',
      'Refunds over 100 are expensive to claw back; this one is 1,480.5 EUR',
    ]);
    expect(riskWords(c.reasons)).toBe('2 of 5 risk factors: changes something (more than reading or drafting), hard or impossible to undo');
    expect(titleText(action, refund.display!.title!)).toBe('Refund 1,480.5 EUR');
  });

  it('names the matched words of a pattern, and counts exactly the factors listed for an escalation', () => {
    const action = { name: 'mail', args: { body: 'Our legal team will reply.' } };
    const c = classify(email, action);
    expect(reasonWords(c.reasons[2]!, email, action, email.name)).toBe(
      'Needs a policy or legal judgement when body matches the pattern "[Ll]egal|GDPR"; here body contains "legal"',
    );
    const drop = { name: 'sql', args: { sql: 'DROP TABLE orders' } };
    const e = classify(sql, drop);
    expect(e.risk).toBe(5); // the recorded rank of an escalation; the words count what was true
    expect(riskWords(e.reasons)).toBe('2 of 5 risk factors: hard or impossible to undo, changes something (more than reading or drafting)');
    expect(reasonWords(e.reasons.at(-1)!, sql, drop, sql.name)).toBe(
      'The policy hands these to a person when sql matches the pattern "^\\s*(DROP|TRUNCATE)\\b"; here sql contains "DROP"',
    );
  });

  it('falls back to the factor alone without the class, and never invents a condition that does not hold today', () => {
    const action = { name: 'refund', args: { amount: 480 } };
    const r = classify(refund, action).reasons[1]!;
    expect(reasonWords(r, null, action, 'refund.issue')).toBe('Hard or impossible to undo, because of what this action holds');
    const moved = ActionClass.parse({ ...refund, conditionalFactors: [{ factor: 'irreversible', when: [{ path: 'args.amount', op: 'gt', value: 1000 }] }] });
    expect(reasonWords(r, moved, action, 'refund.issue')).toBe('Hard or impossible to undo, because of what this action holds');
    expect(riskWords([])).toBe('No risk factors');
  });

  it('keeps hostile values as text and cuts long ones inside a title', () => {
    const action = { name: 'x', args: { amount: '<img src=x onerror=alert(1)>', currency: { $gt: '' }, long: 'a'.repeat(500) } };
    expect(titleText(action, 'Refund {args.amount} {args.currency} {args.missing} {args.long}')).toBe(
      `Refund <img src=x onerror=alert(1)> {"$gt":""} (not given) ${'a'.repeat(120)}…`,
    );
  });
});
