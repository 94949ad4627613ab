// The one rule for "are these two handles the same person": NFKC, a full Unicode case fold (ß = ss, K = k), then the
// UTS #39 skeleton (Cyrillic а = Latin a, 1 = l), so a look-alike of an existing handle is the same key and refused.
import { caseFold } from 'unicode-case-folding';
import { skeleton } from './confusables.js';

export function handleKey(handle: string): string {
  return skeleton(caseFold(handle.normalize('NFKC')).normalize('NFKC'));
}
