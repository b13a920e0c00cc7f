/**
 * The benefits a member is due, issued at the counter (docs/loyalty-spec.md B9): when their card is
 * opened (a search result picked, a card scanned) or they are put on a sale. The rule is the engine's
 * (`benefitsDue`); this gathers its one figure (last month's spend, read only when cashback is on) and
 * hands the coupons not yet held to the writer, which puts them if absent with their outbox row in
 * one transaction (D15). A failed write is left for the next time: the checkout issues them again.
 */
import { useEffect } from 'react';
import { DexieMemberSpend, type MemberSpendRepository } from '../db/member-spend';
import { benefitsDue, notHeld, previousMonth, type BenefitFigures, type BenefitMember } from '../domain/benefits-due';
import { cents } from '../domain/money';
import type { Programme } from '../domain/programme';
import type { Coupon, LocalDate } from '../domain/records';
import { localDate } from '../domain/time';
import { currentProgramme, useProgramme } from './programme-store';
import { useServices, type Services } from './services';
import { useSession } from './session-store';

function spendSource(services: Services): MemberSpendRepository | null {
  return services.memberSpend ?? (services.db ? new DexieMemberSpend(services.db) : null);
}

/** [B10] The figures `benefitsDue` needs for a member on `today`. */
export async function benefitFigures(services: Services, memberId: string, programme: Programme, today: LocalDate): Promise<BenefitFigures> {
  const source = programme.benefits.cashback.enabled ? spendSource(services) : null;
  return { lastMonthSpend: source ? await source.monthSpend(memberId, previousMonth(today)) : cents(0) };
}

/** [B9] Issues what `member` is due now and does not hold; returns the coupons written. */
export async function issueDueBenefits(services: Services, member: BenefitMember, programme: Programme, timeZone: string): Promise<Coupon[]> {
  const at = services.now();
  const today = localDate(at, timeZone);
  const [held, figures] = await Promise.all([services.repos.members.coupons(member.id), benefitFigures(services, member.id, programme, today)]);
  const due = notHeld(benefitsDue(member, figures, programme, today, at), held);
  if (due.length === 0) return [];
  return services.repos.writer.issueCoupons({ coupons: due, opId: services.newId(), at });
}

/** [B9] While `memberId` is on screen (their card, or the sale), their due benefits are issued once. */
export function useIssueBenefits(member: BenefitMember | null): void {
  const services = useServices();
  const version = useProgramme((p) => p.version);
  const timeZone = useSession((s) => s.store?.timeZone ?? null);
  const id = member?.id ?? null, birthday = member?.birthday ?? null, enrolledOn = member?.enrolledOn ?? null;
  // The day is part of "once": a card still open (or found again) after midnight issues what the new day brings.
  const today = timeZone === null ? null : localDate(services.now(), timeZone);
  useEffect(() => {
    if (id === null || enrolledOn === null || timeZone === null) return;
    // A refused write (a full disk) is said by the sale itself, which issues the same coupons in its own transaction.
    issueDueBenefits(services, { id, birthday, enrolledOn }, currentProgramme(), timeZone).catch(() => undefined);
  }, [services, id, birthday, enrolledOn, version, timeZone, today]);
}
