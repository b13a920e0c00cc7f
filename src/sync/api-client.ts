/**
 * Typed calls over a Transport. A 2xx answer becomes its body; anything else becomes an ApiCallError
 * carrying the server's `{ code, message }` (S3), so the engine can tell `seq_gap`, `device_revoked`
 * and `client_outdated` from a plain failure to retry.
 */
import type { ApiError, ErrorCode, MembersPage, PairResponse, PullResponse, PushRequest, PushResponse } from './protocol';
import type { Transport } from './transport';

export class ApiCallError extends Error {
  constructor(readonly status: number, readonly code: ErrorCode, message: string, readonly expectedSeq?: number) {
    super(message);
    this.name = 'ApiCallError';
  }
}

function isApiError(b: unknown): b is ApiError {
  return typeof b === 'object' && b !== null && typeof (b as ApiError).code === 'string' && typeof (b as ApiError).message === 'string';
}

async function call<T>(t: Transport, req: Parameters<Transport['send']>[0]): Promise<T> {
  const res = await t.send(req);
  if (res.status >= 200 && res.status < 300) return res.body as T;
  if (isApiError(res.body)) throw new ApiCallError(res.status, res.body.code, res.body.message, res.body.expectedSeq);
  throw new ApiCallError(res.status, 'internal', `The server answered ${res.status}`);
}

export function createApiClient(t: Transport) {
  return {
    push: (body: PushRequest) => call<PushResponse>(t, { method: 'POST', path: '/api/push', body }),
    pull: (cursor: string, limit: number) => call<PullResponse>(t, { method: 'GET', path: '/api/pull', query: { cursor, limit: String(limit) } }),
    members: (after: string, limit: number) => call<MembersPage>(t, { method: 'GET', path: '/api/members', query: { after, limit: String(limit) } }),
    pair: (code: string, deviceName: string) => call<PairResponse>(t, { method: 'POST', path: '/api/pair', body: { code, deviceName } }),
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;

/** Errors no retry can fix: the engine stops and says why. */
export function isFatal(e: unknown): e is ApiCallError {
  return e instanceof ApiCallError && (e.code === 'device_revoked' || e.code === 'client_outdated' || e.code === 'protocol_unsupported' || e.code === 'unauthorized');
}
