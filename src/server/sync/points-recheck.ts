/**
 * S15: the server re-checks the points a sale earned with the domain engine and the programme
 * version the sale recorded. Placeholder until src/domain offers its quote engine: no correction.
 */
import type { Sale } from '../../domain/records';
import type { Queryable } from '../storage/db';
import type { NewChange } from './change-feed';

export async function recheckSalePoints(_tx: Queryable, _orgId: string, _sale: Sale, _now: number): Promise<NewChange[]> {
  return [];
}
