// One hub decision result as the sync engine's PushResult. A decision counts as taken effect only when the hub's
// request holds it (accepted/duplicate), or, for a quorum, when the request's votes hold it.
import { quorumOf } from '../../../shared/decision-rights.js';
import type { DecisionResult } from '../../../shared/protocol.js';
import type { PushResult } from '../source.js';

export function pushResultOf(v: DecisionResult): PushResult {
  const base = { decisionId: v.id };
  switch (v.status) {
    case 'accepted':
    case 'duplicate': {
      if (v.request.decision?.id === v.id) return { ...base, status: v.status, request: v.request };
      // A vote sent again (a re-send after a timeout): counted once, and still one approval of the quorum, or part of
      // the quorum that approved the request.
      if (v.request.votes.some((x) => x.decisionId === v.id)) {
        if (v.request.status === 'approved') return { ...base, status: 'duplicate', request: v.request };
        const q = quorumOf(v.request);
        if (v.request.status === 'pending') return { ...base, status: 'vote_recorded', request: v.request, approvals: q.approvals, required: q.required };
      }
      const held = v.request.decision ? `decision ${v.request.decision.id.slice(0, 100)}` : 'no decision';
      return { ...base, status: 'failed', reason: `the hub answered "${v.status}" but its request holds ${held}` };
    }
    case 'vote_recorded':
      return { ...base, status: 'vote_recorded', request: v.request, approvals: v.approvals, required: v.required };
    case 'forbidden':
      return { ...base, status: 'forbidden', request: v.request, reason: v.reason, deciders: v.deciders };
    case 'conflict':
      if (v.reason === 'stale') return { ...base, status: 'stale', request: v.request, reason: 'the action changed before this decision reached the hub' };
      return { ...base, status: 'conflict', request: v.request, ...(v.winner ? { winner: v.winner } : {}) };
    case 'expired':
      return { ...base, status: 'expired', request: v.request };
    case 'rejected':
      return { ...base, status: 'rejected', reason: v.reason, ...(v.request ? { request: v.request } : {}) };
  }
}
