// "Tighten back?" reaches the class owner (#13 item 5): when the proof after a relax flags a failure rise beyond the
// interval, the person whose console this is gets one notification with the evidence, if they own the class at that
// hub (its ownerGroup, or its owner naming their handle or one of their groups). Once per change and class, never
// for noise (the flag itself is the interval test in src/insights/policy-effects.ts), and not when notifications are
// off or in quiet hours (then it is raised when the effects are next computed outside them).
import type { Settings, SourceIdentity } from '../../shared/contract.js';
import type { ActionClass } from '../../shared/domain.js';
import type { PolicyEffect } from '../../shared/insights/effects.js';
import { inQuietHours, type Notification } from './notifier.js';

export type ClassOwnership = Pick<ActionClass, 'owner' | 'ownerGroup'>;

export function ownsClass(identity: SourceIdentity | null, cls: ClassOwnership | undefined): boolean {
  if (!identity || !cls) return false;
  const mine = new Set([identity.handle, ...identity.groups].map((s) => s.trim().toLowerCase()));
  return (cls.ownerGroup !== null && mine.has(cls.ownerGroup.toLowerCase())) || (cls.owner.trim() !== '' && mine.has(cls.owner.trim().toLowerCase()));
}

const keyOf = (e: PolicyEffect) => `${e.sourceId}/${e.version}/${e.actionClass}`;

/** The notifications to raise now and the keys to remember as raised. */
export function tightenBackNotifications(
  effects: PolicyEffect[],
  isOwner: (e: PolicyEffect) => boolean,
  alreadyRaised: ReadonlySet<string>,
  settings: Settings['notifications'],
  now = new Date(),
): { notifications: Notification[]; raised: string[] } {
  if (!settings.enabled || inQuietHours(settings.quietHours, now)) return { notifications: [], raised: [] };
  const due = effects.filter((e) => e.tightenBack && !alreadyRaised.has(keyOf(e)) && isOwner(e));
  return {
    notifications: due.map((e) => ({
      itemId: null,
      title: `Tighten back? ${e.actionClass.slice(0, 60)}`,
      body: `Since policy version ${e.version} (${e.sourceName}): ${e.tightenBack!.join('. ')}`.slice(0, 600),
    })),
    raised: due.map(keyOf),
  };
}
