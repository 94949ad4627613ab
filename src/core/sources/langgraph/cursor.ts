// The pull cursor. A pull is a snapshot of every interrupted thread, read in pages; the cursor says where the snapshot
// in progress stands and which items the last complete snapshot saw, so items that disappear are reported `gone`
// even after the console restarts (the store persists the cursor).
import { z } from 'zod';
import { parseJsonOrNull } from '../../../shared/parse-json.js';

export const Cursor = z.object({
  v: z.literal(1),
  /** Id of the snapshot in progress; its seen set lives in the source's memory (a restart begins the snapshot again). */
  snap: z.string().max(100),
  /** Which watch filter (graph or assistant) and which offset the next page starts at. */
  filter: z.number().int().min(0),
  offset: z.number().int().min(0),
  /** External ids that were pending at the end of the last complete snapshot. */
  known: z.array(z.string().max(500)),
});
export type Cursor = z.infer<typeof Cursor>;

export function decodeCursor(raw: string | null): Cursor | null {
  // A cursor from another version or a damaged one: start a fresh snapshot rather than fail the source.
  return parseJsonOrNull(raw, Cursor);
}

export const encodeCursor = (c: Cursor): string => JSON.stringify(c);
