// One line per lane, shown above its list: what the lane is for and what a decision in it does.
import type { View } from '../../shared/contract.js';

export const LANE_EXPLANATIONS: Record<View, string> = {
  waiting: 'Approvals and escalations you may decide and have not voted on yet.',
  approvals: 'Nothing here has happened yet: each action waits until someone with the right to decide says yes.',
  reviews: 'Released by policy and already done: look them over and flag anything that went wrong.',
  audit: 'A random sample of actions that ran without approval, checked so those lanes keep earning their trust.',
  escalations: 'Cases the policy hands to a named owner: the action waits while a person handles it, then resolves it with a note for the agent.',
  decided: 'What was decided in this console, by whom, and what happened after.',
};
