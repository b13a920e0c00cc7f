/**
 * The server's storage interface: SQL in one dialect (PostgreSQL's), over an embedded PGlite or a
 * real PostgreSQL. Guarantees of every implementation:
 *  - `transaction(fn)` runs fn on one connection inside BEGIN/COMMIT; it commits only when fn
 *    resolves and rolls back everything when fn throws (the error reaches the caller unchanged).
 *    With `lockOrg`, fn starts with the organisation's row lock held.
 *  - Integers (int4/int8) come back as JS numbers, jsonb as parsed values.
 *  - Nothing is cached between calls: several server instances can share one PostgreSQL.
 */
export type Row = Record<string, unknown>;

export interface Queryable {
  query<T extends Row = Row>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface TransactionOptions {
  /**
   * Take this organisation's row lock (S5: `SELECT … FROM orgs … FOR UPDATE`) as the transaction's
   * first statement, in the same round trip as BEGIN where the database allows it. Throws when the
   * organisation does not exist.
   */
  lockOrg?: string;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  transaction<T>(fn: (tx: Queryable) => Promise<T>, options?: TransactionOptions): Promise<T>;
  close(): Promise<void>;
}

export const LOCK_ORG_SQL = 'SELECT 1 FROM orgs WHERE id = $1 FOR UPDATE';

/** jsonb parameters are always sent as text: pg would turn a JS array into a SQL array. */
export function json(value: unknown): string {
  return JSON.stringify(value);
}

/**
 * True for a database error of SQLSTATE class 22, "data exception" (a value out of int8's range, a
 * character the database cannot store): caused by the input, never by the server. S23 refuses such
 * input before it reaches the database; this is the last line behind it.
 */
export function isDataException(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code);
}
