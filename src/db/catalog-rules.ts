/** Checks and orderings shared by both catalogue implementations (pure). */
import type { Product } from '../domain/records';
import type { ProgrammeRecord } from './database';
import { InvalidInputError } from './errors';

export function checkProduct(p: Product): void {
  if (!p.id || !p.sku || !p.name.trim()) throw new InvalidInputError('A product needs an id, a SKU and a name');
  if (!Number.isSafeInteger(p.price) || p.price < 0) throw new InvalidInputError(`Product ${p.sku}: the price must be whole cents, not negative`);
}

export function checkProgramme(r: ProgrammeRecord): void {
  if (!Number.isInteger(r.version) || r.version < 1) throw new InvalidInputError('A programme version must be a whole number from 1');
}

export function byNameThenId(a: { name: string; id: string }, b: { name: string; id: string }): number {
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function byValidToThenId(a: { validTo: string; id: string }, b: { validTo: string; id: string }): number {
  if (a.validTo !== b.validTo) return a.validTo < b.validTo ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
