// The console's schema history, oldest first: one file per migration, applied by node-shared/sqlite-migrations.
// `user_version` records how far a file has come.
import type { Migration } from '../../../node-shared/sqlite-migrations.js';
import { initial } from './001-initial.js';
import { ftsAutomerge } from './002-fts-automerge.js';
import { decisionRights } from './003-decision-rights.js';
import { quorumFacts } from './004-quorum-facts.js';
import { policyProposals } from './005-policy-proposals.js';
import { undoHold } from './006-undo-hold.js';
import { itemsCreated } from './007-items-created.js';

export const MIGRATIONS: readonly Migration[] = [initial, ftsAutomerge, decisionRights, quorumFacts, policyProposals, undoHold, itemsCreated];
