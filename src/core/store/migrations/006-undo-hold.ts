// Migration 6: the undo window. Shipped: never edit it, add the next number.
import type { Migration } from '../../../node-shared/sqlite-migrations.js';

export const undoHold: Migration = {
  version: 6,
  name: 'undo window: a local decision is held in the outbox until its release time, so it can be taken back unsent',
  sql: `
      -- NULL (decisions from before the undo window): released at once.
      ALTER TABLE decisions ADD COLUMN release_at_ms INTEGER;
    `,
};
