// Decisions as the console makes them, and a pull that reads every page of one snapshot.
import { randomUUID } from 'node:crypto';
import { actionChanged, actionPatch } from '../../../src/shared/diff.js';
import type { Decision, ProposedAction, Verdict } from '../../../src/shared/domain.js';
import type { PulledItem, Source } from '../../../src/core/sources/source.js';

export function decide(item: PulledItem, verdict: Verdict, extra: { editedAction?: ProposedAction; feedback?: string; decidedBy?: string } = {}): Decision {
  const edited = extra.editedAction ?? null;
  return {
    id: `dec-${randomUUID()}`,
    requestId: item.request.id,
    verdict,
    editedAction: edited,
    feedback: extra.feedback ?? '',
    decidedBy: extra.decidedBy ?? 'alice@example.com',
    decidedAt: new Date().toISOString(),
    changed: actionChanged(item.request.action, edited),
    patch: actionPatch(item.request.action, edited),
  };
}

/** Pulls pages until the snapshot completes; returns every item and the cursor to continue from. */
export async function pullAll(source: Source, cursor: string | null = null): Promise<{ items: PulledItem[]; cursor: string | null; pages: number }> {
  const items: PulledItem[] = [];
  let pages = 0;
  for (;;) {
    const page = await source.pull(cursor);
    pages++;
    items.push(...page.items);
    cursor = page.cursor;
    if (!page.hasMore) return { items, cursor, pages };
    if (pages > 1000) throw new Error('pull never completed');
  }
}
