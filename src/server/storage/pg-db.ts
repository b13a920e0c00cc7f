/**
 * Db over a real PostgreSQL through a pg Pool. Each transaction holds one pooled connection from
 * BEGIN to COMMIT/ROLLBACK; int8 is parsed to a JS number (our counters stay far below 2^53).
 */
import pg from 'pg';
import { LOCK_ORG_SQL, type Db, type Queryable, type Row } from './db';

const INT8_OID = 20;

export function openPostgres(connectionString: string, max = 10): Db {
  const pool = new pg.Pool({
    connectionString,
    max,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client losing its connection must not crash the server; the next query reconnects.
  pool.on('error', () => undefined);
  const run = (c: pg.Pool | pg.PoolClient): Queryable => ({
    async query<T extends Row = Row>(sql: string, params?: unknown[]): Promise<T[]> {
      const r = await c.query<T>(sql, params ?? []);
      return r.rows;
    },
  });
  return {
    kind: 'postgres',
    query: run(pool).query,
    async transaction(fn, options) {
      const client = await pool.connect();
      try {
        if (options?.lockOrg === undefined) await client.query('BEGIN');
        else {
          // One round trip: the simple protocol runs both statements, each with its own snapshot.
          const lock = LOCK_ORG_SQL.replace('$1', client.escapeLiteral(options.lockOrg));
          const [, locked] = (await client.query(`BEGIN; ${lock}`)) as unknown as pg.QueryResult[];
          if (locked?.rowCount !== 1) throw new Error(`organisation ${options.lockOrg} not found`);
        }
        const out = await fn(run(client));
        await client.query('COMMIT');
        return out;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
