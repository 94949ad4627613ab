// What-if: replay a period's requests of one class under a proposed class definition, through the same classify()
// the hub uses, and compare with what really happened. Approval moved away = waiting removed, but also every
// item a human in fact edited or rejected would have gone out unchanged: those are listed one by one.
import type Database from 'better-sqlite3';
import { ProposedAction, type Control, type Verdict } from '../shared/domain.js';
import { WhatIfInput, type WhatIfInputRaw, type WhatIfItem, type WhatIfReport } from '../shared/insights/schemas.js';
import { classify } from '../shared/policy.js';
import { parseJsonOrNull } from '../shared/parse-json.js';
import { DAY_MS, dayNumber } from '../shared/insights/format.js';

type Row = [string, string, number, number | null, string | null, number | null, string | null, string | null, string];

export function whatIf(db: Database.Database, raw: WhatIfInputRaw): WhatIfReport {
  const input = WhatIfInput.parse(raw);
  const cls = input.proposed;
  const fromMs = dayNumber(input.period.from) * DAY_MS;
  const toMs = (dayNumber(input.period.to) + 1) * DAY_MS;
  const stmt = db
    .prepare(
      `SELECT request_id, control, created_at_ms, decided_at_ms, verdict, changed, decided_by, outcome_status, action_json
       FROM insight_facts WHERE action_class = ? AND created_at_ms >= ? AND created_at_ms < ? ORDER BY created_at_ms, request_id`,
    )
    .raw(true);
  const moved = new Map<string, number>();
  const items: WhatIfItem[] = [];
  let replayed = 0;
  let unreadable = 0;
  let removedApprovals = 0;
  let removedWaitMs = 0;
  let addedApprovals = 0;
  let letThroughChanged = 0;
  let letThroughFailed = 0;
  let worthListing = 0;
  for (const r of stmt.iterate(cls.name, fromMs, toMs)) {
    const [requestId, fromControl, created, decided, verdict, changed, decidedBy, outcome, actionJson] = r as Row;
    const action = parseJsonOrNull(actionJson, ProposedAction);
    if (!action) {
      unreadable++;
      continue;
    }
    replayed++;
    // The agent's own escalations stay escalations: the policy cannot know it would not have asked.
    const to: Control = fromControl === 'escalation' ? 'escalation' : classify(cls, action, { requestId }).control;
    const from = fromControl as Control;
    if (to === from) continue;
    moved.set(`${from}>${to}`, (moved.get(`${from}>${to}`) ?? 0) + 1);
    const waitMs = typeof decided === 'number' && decided >= created ? decided - created : null;
    if (from === 'approval' && to !== 'approval') {
      removedApprovals++;
      removedWaitMs += waitMs ?? 0;
      const humanChanged =
        verdict === 'reject' || ((verdict === 'approve' || verdict === 'approve_with_edits') && (changed === 1 || (changed === null && verdict === 'approve_with_edits')));
      if (humanChanged) letThroughChanged++;
      if (outcome === 'failed' || outcome === 'rolled_back') letThroughFailed++;
      // List first what matters: items a human changed or that failed.
      const listable = humanChanged || outcome === 'failed' || outcome === 'rolled_back';
      if (listable) worthListing++;
      if (listable && items.length < input.itemLimit) {
        items.push({
          requestId,
          createdAt: new Date(created).toISOString(),
          from,
          to,
          verdict: (verdict as Verdict | null) ?? null,
          changed: changed === null ? null : changed === 1,
          decidedBy,
          waitMs,
          outcomeStatus: (outcome as WhatIfItem['outcomeStatus']) ?? null,
        });
      }
    } else if (to === 'approval') {
      addedApprovals++;
    }
  }
  return {
    actionClass: cls.name,
    period: input.period,
    replayed,
    unreadable,
    moved: [...moved.entries()].map(([k, count]) => {
      const [from, to] = k.split('>') as [Control, Control];
      return { from, to, count };
    }),
    removedApprovals,
    removedWaitHours: removedWaitMs / 3_600_000,
    addedApprovals,
    letThroughChanged,
    letThroughFailed,
    items,
    itemsTruncated: worthListing > items.length,
  };
}
