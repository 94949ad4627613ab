// How deep JSON may nest, and the one way to measure it. The hub refuses a body deeper than MAX_JSON_DEPTH; the
// console skips a received action deeper than it. A submit body wraps its action one level, so whatever the hub
// stores is within the console's limit and no accepted action is ever skipped.

/** Object/array levels (the outermost value is level 1) a hub submit body, or an action a console receives, may have. */
export const MAX_JSON_DEPTH = 256;

/**
 * Levels a carrier may add around a value that is itself within MAX_JSON_DEPTH: a decision batch puts an edited
 * action three levels down (decisions, item, editedAction), edits may deepen it a little, and the console's
 * hidden-character scan wraps an action with its summary.
 */
export const JSON_DEPTH_MARGIN = 10;

/** True when `value` nests deeper than `max` levels. Walks with an explicit stack: a hostile value must not blow ours. */
export function exceedsJsonDepth(value: unknown, max: number = MAX_JSON_DEPTH): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth > max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}
