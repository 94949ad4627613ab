// The one rule for "are these two handles the same person": NFKC, then a full Unicode case fold (ß = ss, K = k).
// TODO(confusables): when src/shared/confusables.ts lands, handleKey returns skeleton(folded) so Cyrillic and Greek
// look-alikes (аg1 vs ag1) collide too; until then only case and compatibility forms do.
import { caseFold } from 'unicode-case-folding';

export function handleKey(handle: string): string {
  return caseFold(handle.normalize('NFKC')).normalize('NFKC');
}
