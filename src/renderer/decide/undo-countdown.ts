// The undo toast's countdown in whole seconds: never more than the window it states ("Held here for 5 s · sends in
// 6 s" read wrong), since the renderer's clock ticks once a second and may lag the moment of the decision.
export function secondsLeft(u: { releaseAt: number; windowS: number }, now: number): number {
  return Math.min(u.windowS, Math.max(0, Math.ceil((u.releaseAt - now) / 1000)));
}
