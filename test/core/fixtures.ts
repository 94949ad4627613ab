// Builders for realistic requests as a source would report them (test data, not a stand-in for any component).
import { noDecisionRights, type ApprovalRequest } from '../../src/shared/domain.js';
import type { PulledItem } from '../../src/core/sources/source.js';
import { HUB_VERDICTS } from '../../src/shared/protocol.js';

export function request(over: Partial<ApprovalRequest> & { id: string }): ApprovalRequest {
  return {
    source: 'hub',
    externalId: null,
    actionClass: 'refund.issue',
    action: { name: 'refund.issue', args: { amount: 120, customer: 'Ada' } },
    summary: `Refund for ${over.id}`,
    evidence: [{ title: 'Ticket', text: 'Customer says the parcel never arrived' }],
    agent: { id: 'support-bot', name: 'support-bot', runUrl: null },
    requestedBy: 'support-bot',
    createdAt: '2026-11-25T08:00:00.000Z',
    expiresAt: null,
    control: 'approval',
    reasons: [
      { factor: 'irreversible', kind: 'factor', detail: 'x' },
      { factor: 'named_accountability', kind: 'factor', detail: 'y' },
    ],
    risk: 2,
    status: 'pending',
    version: 1,
    decision: null,
    outcome: null,
    ...noDecisionRights(),
    ...over,
  };
}

export function pulled(r: ApprovalRequest): PulledItem {
  return { externalId: r.id, request: r, allowedVerdicts: [...HUB_VERDICTS], sourceUrl: null };
}
