/**
 * Typed calls over a Transport. A 2xx answer becomes its body; anything else becomes an ApiCallError
 * carrying the server's `{ code, message }` (S3), so the engine can tell `seq_gap`, `device_revoked`
 * and `client_outdated` from a plain failure to retry.
 */
import type { AuditEntry, Role } from '../domain/records';
import type { ApiError, DeviceSetup, ErrorCode, MembersPage, OrgHistory, PairResponse, ProgrammeVersion, PullResponse, PushRequest, PushResponse, ShopSetting } from './protocol';
import { MANAGER_PIN_HEADER, MANAGER_STAFF_HEADER, type DeviceInfo, type Rejection, type ServerException } from './protocol';
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
    /** `pending`: the outbox's size, kept by the server as what the tablet held when last seen (S21). */
    pull: (cursor: string, limit: number, pending?: number) =>
      call<PullResponse>(t, { method: 'GET', path: '/api/pull', query: { cursor, limit: String(limit), ...(pending === undefined ? {} : { pending: String(pending) }) } }),
    /** C-S18: with `since` (the pairing cursor), each member carries their purchases from before it. */
    members: (after: string, limit: number, since?: string) =>
      call<MembersPage>(t, { method: 'GET', path: '/api/members', query: { after, limit: String(limit), ...(since === undefined ? {} : { since }) } }),
    /** C-S18: the organisation's sales and points flow from before `since`. */
    history: (since: string) => call<OrgHistory>(t, { method: 'GET', path: '/api/history', query: { since } }),
    setup: () => call<DeviceSetup>(t, { method: 'GET', path: '/api/setup' }),
    pair: (code: string, deviceName: string) => call<PairResponse>(t, { method: 'POST', path: '/api/pair', body: { code, deviceName } }),
    /** S16, S19: a new programme version, by a manager or owner proved by their PIN; the server numbers it. */
    putProgramme: (body: { staffId: string; pin: string; config: Record<string, unknown> }) =>
      call<{ programme: ProgrammeVersion; audit: AuditEntry }>(t, { method: 'PUT', path: '/api/programme', body }),
    /** S24: a new version of one of the shop's settings, by a manager or owner proved by their PIN. */
    putSetting: (body: { staffId: string; pin: string; key: ShopSetting['key']; value: unknown }) =>
      call<{ setting: ShopSetting; audit: AuditEntry }>(t, { method: 'PUT', path: '/api/settings', body }),
  };
}

/** S20: the manager or owner proving, with their PIN, that they may read the server's rejections and exceptions. */
export interface ManagerProof {
  staffId: string;
  pin: string;
}

/** S25: what the owner changes of one staff member (at least one). */
export interface StaffPatch { role?: Role; active?: boolean; pin?: string }

/** The manager-only reads (S20); separate from the engine's client so the engine never holds a PIN. */
export function createManagerClient(t: Transport) {
  const headers = (m: ManagerProof) => ({ [MANAGER_STAFF_HEADER]: m.staffId, [MANAGER_PIN_HEADER]: m.pin });
  return {
    rejections: (m: ManagerProof) => call<{ rejections: Rejection[] }>(t, { method: 'GET', path: '/api/rejections', headers: headers(m) }),
    exceptions: (m: ManagerProof) => call<{ exceptions: ServerException[] }>(t, { method: 'GET', path: '/api/exceptions', headers: headers(m) }),
    /** S21: the organisation's tablets, with what each held unsynced when last seen. */
    devices: (m: ManagerProof) => call<{ devices: DeviceInfo[] }>(t, { method: 'GET', path: '/api/devices', headers: headers(m) }),
    /** S25: the owner changes a staff member's role, state or PIN for the whole shop. */
    putStaff: (m: ManagerProof, id: string, patch: StaffPatch) =>
      call<{ staff: { id: string; role: Role; active: boolean } }>(t, { method: 'PUT', path: `/api/staff/${encodeURIComponent(id)}`, headers: headers(m), body: patch }),
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;

/** Errors no retry can fix: the engine stops and says why. */
export function isFatal(e: unknown): e is ApiCallError {
  return e instanceof ApiCallError && (e.code === 'device_revoked' || e.code === 'client_outdated' || e.code === 'protocol_unsupported' || e.code === 'unauthorized');
}
