/**
 * The receipt counter a sale may carry into its transaction (SaleInput.receiptCounter). Guarantees,
 * the same in both writers: the counter moves only with a sale that is written (no gap after a failed
 * checkout), and only by one (a number another tab already used is refused, not handed out twice).
 */
import { InvalidInputError } from './errors';

export function checkReceiptCounter(n: number | undefined): void {
  if (n !== undefined && (!Number.isSafeInteger(n) || n < 1)) throw new InvalidInputError('The receipt counter must be a whole number from 1');
}

export function expectNextReceipt(held: number, n: number): void {
  if (n !== held + 1) throw new InvalidInputError(`Receipt number ${n} is not the next one (the last was ${held})`);
}
