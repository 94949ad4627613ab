// JSON bodies are read as bytes and must be valid UTF-8: a lossy decode would swap bad bytes for U+FFFD and
// silently change evidence and arguments. The 400 names the field holding the first bad byte, or its byte
// position when it sits outside any string.
import { isUtf8 } from 'node:buffer';
import type { FastifyInstance } from 'fastify';
import { HttpError } from './errors.js';

export function strictUtf8JsonParser(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
    const bytes = body as Buffer;
    if (!isUtf8(bytes)) {
      const at = firstInvalidByte(bytes);
      const path = fieldAt(bytes, at);
      const message = `invalid UTF-8 at byte ${at}`;
      done(new HttpError(400, 'invalid_utf8', path ? `${path}: ${message}` : `body: ${message}`, [{ path: path ?? 'body', message }]), undefined);
      return;
    }
    void parseJson(req, bytes.toString('utf8'), done);
  });
}

/** Valid sequences survive a decode/encode round trip byte for byte; the first byte that does not is the first bad one. */
function firstInvalidByte(bytes: Buffer): number {
  const back = Buffer.from(bytes.toString('utf8'), 'utf8');
  let i = 0;
  while (i < bytes.length && bytes[i] === back[i]) i++;
  return i;
}

/**
 * The dot path of the string (member name or value) holding byte `at`: the bad bytes are swapped for a private-use
 * character the text does not contain, the JSON parsed, and the one string carrying that character found.
 */
function fieldAt(bytes: Buffer, at: number): string | null {
  const head = bytes.subarray(0, at).toString('utf8');
  const tail = bytes
    .subarray(at)
    .toString('utf8')
    .replace(/^\uFFFD+/, '');
  let mark = 0xe000;
  while ((head.includes(String.fromCharCode(mark)) || tail.includes(String.fromCharCode(mark))) && mark < 0xf8ff) mark++;
  const m = String.fromCharCode(mark);
  let value: unknown;
  try {
    value = JSON.parse(head + m + tail);
  } catch {
    return null;
  }
  // Iterative walk: bodies may nest far deeper than the stack allows before the depth check runs.
  const stack: Array<{ v: unknown; path: string[] }> = [{ v: value, path: [] }];
  while (stack.length) {
    const { v, path } = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes(m)) return path.join('.') || 'body';
    } else if (v !== null && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        const p = [...path, k.replaceAll(m, '\uFFFD')];
        if (k.includes(m)) return p.join('.');
        stack.push({ v: child, path: p });
      }
    }
  }
  return null;
}
