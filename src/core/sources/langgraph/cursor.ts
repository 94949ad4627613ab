// The pull cursor. A pull is either a full snapshot of every interrupted thread or a delta pass over the threads
// updated since the last seen point (`marks`, one per watch filter), read in pages; the cursor says where the pass in
// progress stands and which items were pending, so items that disappear are reported `gone` even after the console
// restarts (the store persists the cursor).
import { z } from 'zod';
import { parseJsonOrNull } from '../../../shared/parse-json.js';

export const Cursor = z.object({
  v: z.literal(2),
  /** Id of the pass in progress; its seen set lives in the source's memory (a restart begins the pass again). */
  snap: z.string().max(100),
  /** full: every interrupted thread, oldest first; delta: every thread updated since the filter's mark, newest first. */
  mode: z.enum(['full', 'delta']),
  /** Which watch filter (graph or assistant) and which offset the next page starts at. */
  filter: z.number().int().min(0),
  offset: z.number().int().min(0),
  /** External ids pending at the end of the last complete pass (a delta pass updates it page by page). */
  known: z.array(z.string().max(500)),
  /** Per watch filter: the newest `updated_at` a completed pass saw (ISO text as LangGraph gave it; null: none yet). */
  marks: z.array(z.string().max(100).nullable()),
  /** The newest `updated_at` the pass in progress has seen for its filter (becomes its mark when the filter's pass ends). */
  top: z.string().max(100).nullable(),
  /** When the last full snapshot completed (epoch ms, console clock): the next one is due `fullEveryMs` later. */
  fullAt: z.number().int().min(0),
});
export type Cursor = z.infer<typeof Cursor>;

/** The cursor before delta passes: only its `known` set carries over (so answers given meanwhile still settle). */
const CursorV1 = z.object({ v: z.literal(1), known: z.array(z.string().max(500)) }).loose();

export function decodeCursor(raw: string | null): Cursor | null {
  const v1 = parseJsonOrNull(raw, CursorV1);
  if (v1) return { v: 2, snap: '', mode: 'full', filter: 0, offset: 0, known: v1.known, marks: [], top: null, fullAt: 0 };
  // A cursor from another version or a damaged one: start a fresh snapshot rather than fail the source.
  return parseJsonOrNull(raw, Cursor);
}

export const encodeCursor = (c: Cursor): string => JSON.stringify(c);
