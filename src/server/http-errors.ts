/** Maps every error to `{ code, message }` with a 4xx/5xx status (S3); internals never leak. */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiError } from '../sync/protocol';
import { ApiFailure } from './errors';
import { isDataException } from './storage/db';

export function sendError(reply: FastifyReply, status: number, body: ApiError & Record<string, unknown>): FastifyReply {
  return reply.code(status).type('application/json').send(body);
}

export function errorHandler(error: FastifyError | ApiFailure | Error, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof ApiFailure) {
    return sendError(reply, error.status, { code: error.code, message: error.message, ...error.extra });
  }
  const fe = error as FastifyError;
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendError(reply, 413, { code: 'body_too_large', message: 'The request body is too large' });
  if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return sendError(reply, 415, { code: 'invalid_request', message: 'Send application/json' });
  if (fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return sendError(reply, 400, { code: 'invalid_json', message: 'The JSON body is empty' });
  if (fe.statusCode === 400 && (fe instanceof SyntaxError || /JSON/i.test(fe.message))) {
    return sendError(reply, 400, { code: 'invalid_json', message: 'The body is not valid JSON' });
  }
  // S23 refuses such values at the edge; a database that still refuses one was sent bad input, not failed.
  if (isDataException(error)) return sendError(reply, 400, { code: 'invalid_request', message: 'The request holds a value the server cannot store' });
  if (fe.statusCode === 429) return sendError(reply, 429, { code: 'rate_limited', message: 'Too many attempts: wait a minute and try again' });
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return sendError(reply, fe.statusCode, { code: 'invalid_request', message: fe.message });
  }
  req.log.error({ err: { type: error.name, message: error.message, stack: error.stack } }, 'request failed');
  return sendError(reply, 500, { code: 'internal', message: 'The server failed; the request was not applied' });
}
