// Proposed versus edited: the RFC 6902 patch that is stored with a decision and drives the structural diff.
import fastJsonPatch from 'fast-json-patch';
import type { PatchOp, ProposedAction } from './domain.js';

export function actionPatch(proposed: ProposedAction, edited: ProposedAction | null | undefined): PatchOp[] {
  if (!edited) return [];
  return fastJsonPatch.compare(proposed as object, edited as object) as PatchOp[];
}

export function actionChanged(proposed: ProposedAction, edited: ProposedAction | null | undefined): boolean {
  return actionPatch(proposed, edited).length > 0;
}
