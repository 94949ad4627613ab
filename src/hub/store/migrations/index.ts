// The hub's schema history, oldest first: one file per migration, applied by node-shared/sqlite-migrations.
import type { Migration } from '../../../node-shared/sqlite-migrations.js';
import { initial } from './001-initial.js';
import { identities } from './002-identities.js';
import { decisionRights } from './003-decision-rights.js';
import { logSignatures } from './004-log-signatures.js';
import { policyVersions } from './005-policy-versions.js';
import { quorumFacts } from './006-quorum-facts.js';
import { policyProposals } from './007-policy-proposals.js';
import { escalationOwner } from './008-escalation-owner.js';

export const MIGRATIONS: readonly Migration[] = [initial, identities, decisionRights, logSignatures, policyVersions, quorumFacts, policyProposals, escalationOwner];
