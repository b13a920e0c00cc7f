/**
 * One SQL statement built from parts, so that what a push reads, and what it writes, each cost one
 * round trip to the database (S4: a push is one transaction; round trips under the organisation's
 * lock are what the lock is held for).
 *  - WriteStatement: `WITH a AS (...), b AS (...) SELECT 1`. Every part writes from its own
 *    parameters and reads no row another part writes, except what a part gives back with RETURNING
 *    (the feed's changes take the data of the facts the statement inserts: push.ts).
 *  - ReadStatement: `WITH [RECURSIVE] helpers SELECT (part) AS a, (part) AS b`: one row, one column
 *    per part, all read from the statement's one snapshot. A caller adds its parts and gets back a
 *    function that takes its columns out of the row.
 */
import type { Queryable, Row } from '../storage/db';

class Statement {
  readonly params: unknown[] = [];
  /** A parameter's placeholder. */
  param(v: unknown): string {
    this.params.push(v);
    return `$${this.params.length}`;
  }
}

export class WriteStatement extends Statement {
  readonly parts: string[] = [];
  add(name: string, sql: string): void {
    this.parts.push(`${name} AS (${sql})`);
  }
  async run(tx: Queryable): Promise<void> {
    if (this.parts.length > 0) await tx.query(`WITH ${this.parts.join(',\n')} SELECT 1`, this.params);
  }
}

export class ReadStatement extends Statement {
  private readonly helpers: string[] = [];
  private readonly columns: string[] = [];
  private recursive = false;
  /** A named subquery the columns may read (`recursive`: it may read itself). */
  with(name: string, sql: string, recursive = false): void {
    this.helpers.push(`${name} AS (${sql})`);
    this.recursive ||= recursive;
  }
  /** A column of the one row: `sql` is a subquery giving one value. */
  add(name: string, sql: string): void {
    this.columns.push(`(${sql}) AS ${name}`);
  }
  async run(tx: Queryable): Promise<Row> {
    const head = this.helpers.length > 0 ? `WITH ${this.recursive ? 'RECURSIVE ' : ''}${this.helpers.join(',\n')} ` : '';
    const [row] = await tx.query(`${head}SELECT ${this.columns.join(',\n')}`, this.params);
    if (!row) throw new Error('a read statement returned no row');
    return row;
  }
}
