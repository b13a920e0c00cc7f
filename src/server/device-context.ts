/** Who is asking: the device a request's token names (tenancy.ts `authenticate`), read by every route. Its own file, so
 *  the sync modules that take it do not import tenancy.ts, which imports them. */
export interface DeviceContext {
  orgId: string;
  deviceId: string;
  storeId: string;
  /** S21: set only for a revoked device handing over its outbox (push, within its handover window). */
  revokedAt?: number;
}
