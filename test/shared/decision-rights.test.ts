// The one decision-rights rule (src/shared/decision-rights.ts), as the hub and the console both call it.
import { describe, expect, it } from 'vitest';
import { ActionClass, DEFAULT_RIGHTS, type ApprovalRequest, type Vote } from '../../src/shared/domain.js';
import { decidingGroups, groupList, mayDecide, quorumApplies, quorumOf, resolveRights, type DeciderIdentity } from '../../src/shared/decision-rights.js';
import { request } from '../core/fixtures.js';

const refunds = ActionClass.parse({
  name: 'refund.issue',
  deciders: ['support-leads'],
  conditionalDeciders: [{ when: [{ path: 'args.amount', op: 'gt', value: 1000 }], deciders: ['finance-leads'] }],
  conditionalApprovals: [{ when: [{ path: 'args.amount', op: 'gt', value: 5000 }], approvals: 2 }],
  ownerGroup: 'finance',
});
const ana: DeciderIdentity = { id: 'u-ana', handle: 'ana', groups: ['finance-leads'] };
const sam: DeciderIdentity = { id: 'u-sam', handle: 'sam', groups: ['support-leads'] };

function vote(who: DeciderIdentity, actionHash: string): Vote {
  return { decisionId: `d-${who.id}`, userId: who.id, handle: who.handle, verdict: 'approve', at: '2026-12-02T10:00:00.000Z', version: 1, actionHash, editedAction: null };
}
function req(amount: number, over: Partial<ApprovalRequest> = {}): ApprovalRequest {
  const action = { name: 'refund.issue', args: { amount } };
  return request({ id: `r-${amount}`, action, actionHash: 'h1', rights: resolveRights(refunds, action), ...over });
}

describe('decision rights', () => {
  it('resolves deciders and quorum from the action: the first matching conditional deciders, the highest matching quorum', () => {
    expect(resolveRights(refunds, { name: 'x', args: { amount: 120 } })).toEqual({ deciders: ['support-leads'], approvals: 1, ownerGroup: 'finance', reviewers: [] });
    expect(resolveRights(refunds, { name: 'x', args: { amount: 9000 } })).toMatchObject({ deciders: ['finance-leads'], approvals: 2 });
    expect(resolveRights(undefined, { name: 'x', args: {} })).toEqual(DEFAULT_RIGHTS);
  });

  it('refuses a non-decider naming the groups that may decide, and flips with the amount', () => {
    const small = req(120);
    const big = req(9000);
    expect(mayDecide(sam, small, 'approve')).toEqual({ ok: true });
    expect(mayDecide(sam, big, 'approve')).toMatchObject({ ok: false, code: 'forbidden', deciders: ['finance-leads'] });
    expect(mayDecide(ana, small, 'approve')).toMatchObject({ ok: false, code: 'forbidden', deciders: ['support-leads'] });
  });

  it('never lets the requester or the person the agent acts for decide, whatever the spelling of their handle', () => {
    expect(mayDecide(ana, req(9000, { requestedBy: 'ANA', requestedById: null }), 'reject')).toMatchObject({ ok: false, code: 'self_approval' });
    expect(mayDecide(ana, req(9000, { requestedById: 'u-ana' }), 'approve')).toMatchObject({ ok: false, code: 'self_approval' });
    expect(mayDecide(ana, req(9000, { onBehalfOf: 'Аna' }), 'approve')).toMatchObject({ ok: false, code: 'on_behalf_of' });
  });

  it('counts one person once on the same action, and only votes on the current action hash', () => {
    const r = req(9000, { votes: [vote(ana, 'h1')] });
    expect(mayDecide(ana, r, 'approve')).toMatchObject({ ok: false, code: 'already_voted' });
    expect(mayDecide(ana, r, 'reject')).toEqual({ ok: true });
    expect(quorumOf(r)).toMatchObject({ approvals: 1, required: 2 });
    const edited = { ...r, actionHash: 'h2' };
    expect(quorumOf(edited)).toMatchObject({ approvals: 0, required: 2, superseded: [expect.objectContaining({ userId: 'u-ana' })] });
    expect(mayDecide(ana, edited, 'approve')).toEqual({ ok: true });
  });

  it('hands escalations to the owner group and released items to the reviewers', () => {
    expect(decidingGroups(req(9000, { control: 'escalation' }))).toEqual(['finance']);
    expect(decidingGroups(req(120, { status: 'released', control: 'review' }))).toEqual([]);
    expect(quorumApplies('approval', 'pending')).toBe(true);
    expect(quorumApplies('review', 'released')).toBe(false);
    expect(groupList(['a', 'b', 'c'])).toBe('a, b or c');
  });
});
