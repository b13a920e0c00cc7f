/**
 * S23: a JSON body nested deeper than MAX_JSON_DEPTH is refused (400 `invalid_request`) as it is
 * parsed, before anything recursive runs on it (the payload hash, the schemas): 20,000 nested arrays
 * would overflow the stack there. The check is iterative. Fastify's own parser (with its guard
 * against `__proto__` keys) still parses the text.
 */
import type { FastifyInstance } from 'fastify';
import { MAX_JSON_DEPTH } from '../sync/protocol';
import { ApiFailure } from './errors';

/** How deep `v` nests objects and arrays (a scalar is 0), counting no further than `limit` + 1. */
export function depthOf(v: unknown, limit: number): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[v, 0]];
  while (stack.length > 0) {
    const [x, d] = stack.pop() as [unknown, number];
    if (x === null || typeof x !== 'object') continue;
    const here = d + 1;
    if (here > deepest) deepest = here;
    if (deepest > limit) return deepest;
    for (const y of Array.isArray(x) ? x : Object.values(x as object)) if (y !== null && typeof y === 'object') stack.push([y, here]);
  }
  return deepest;
}

export function guardJsonBodies(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    parse(req, typeof body === 'string' ? body : body.toString('utf8'), (err, value) => {
      if (err) { done(err, undefined); return; }
      if (depthOf(value, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
        done(new ApiFailure(400, 'invalid_request', `The body is nested deeper than ${MAX_JSON_DEPTH} levels`), undefined);
        return;
      }
      done(null, value);
    });
  });
}
