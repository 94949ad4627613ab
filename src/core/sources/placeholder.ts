// A request a source sent that the console cannot show (malformed, or nested too deep to handle safely) still becomes
// an item, so nothing waits unseen: "A request from <source> could not be shown: <reason>". It offers no verdict at all
// (nothing about it can be trusted enough to approve), tells the approver to open it at the source, and is replaced by
// the real request as soon as the source sends a readable version of it.
import type { ApprovalRequest } from '../../shared/domain.js';
import { noDecisionRights } from '../../shared/domain.js';
import type { PulledItem } from './source.js';

const UNREADABLE_CLASS = 'countersign.unreadable';
const ID_OK = /^[A-Za-z0-9_.:-]{1,200}$/;

/** `rawId`: the id the source gave the request, when it gave a usable one; `fallbackId` is stable for its position. */
export function placeholderItem(sourceName: string, rawId: unknown, fallbackId: string, reason: string, nowIso: string): PulledItem {
  const id = typeof rawId === 'string' && ID_OK.test(rawId) ? rawId : fallbackId;
  const request: ApprovalRequest = {
    id,
    source: 'hub',
    externalId: null,
    actionClass: UNREADABLE_CLASS,
    action: { name: UNREADABLE_CLASS, args: {} },
    summary: `A request from ${sourceName} could not be shown: ${reason}`.slice(0, 1000),
    evidence: [
      { title: 'What to do', text: `Open request ${id} at ${sourceName} itself and decide it there, or ask whoever runs it to fix what it sends.` },
      { title: 'Why it is not shown', text: reason.slice(0, 2000) },
    ],
    agent: { id: 'unknown', name: '', runUrl: null },
    requestedBy: 'unknown',
    createdAt: nowIso,
    expiresAt: null,
    control: 'approval',
    reasons: [{ factor: null, kind: 'unknown_class', detail: 'The source sent this request in a form the console cannot read safely' }],
    risk: 5,
    status: 'pending',
    version: 0,
    decision: null,
    outcome: null,
    ...noDecisionRights(),
  };
  return { externalId: id, request, allowedVerdicts: [], sourceUrl: null };
}
