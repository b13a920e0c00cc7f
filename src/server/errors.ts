/** The one error shape of the API: a status and `{ code, message }` (S3). Thrown anywhere, answered by app.ts. */
import type { ErrorCode, RejectionCode } from '../sync/protocol';

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}

/** A mutation that breaks a rule: recorded as a rejection and acknowledged, never retried (S8). */
export class MutationRejected extends Error {
  constructor(
    readonly code: RejectionCode,
    message: string,
  ) {
    super(message);
    this.name = 'MutationRejected';
  }
}
