// Migration 7: items by creation time. Shipped: never edit it, add the next number.
// Every Insights read is by period (the summary cache's 14-day re-fold, threshold discovery, decision lists): without
// this index each one scanned the whole history (38,000 rows of a 1M-decision year read as 1M).
import type { Migration } from '../../../node-shared/sqlite-migrations.js';

export const itemsCreated: Migration = {
  version: 7,
  name: 'index items by created_at_ms, for the insights reads by period',
  sql: `
      CREATE INDEX items_created ON items(created_at_ms);
    `,
};
