import type { Verdict } from '../../shared/domain.js';

export const VERDICT_LABELS: Record<Verdict, string> = {
  approve: 'Approved',
  approve_with_edits: 'Approved with edits',
  reject: 'Rejected',
  escalate: 'Escalated',
  ignore: 'Ignored',
};
