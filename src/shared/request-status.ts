// Which request statuses end an agent's wait: after one of these the hub will not change what the agent may do.
import type { RequestStatus } from './domain.js';

export const FINAL_STATUSES: ReadonlySet<RequestStatus> = new Set<RequestStatus>(['approved', 'rejected', 'escalated', 'expired', 'withdrawn', 'released']);
