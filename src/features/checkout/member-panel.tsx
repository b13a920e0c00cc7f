/** The member on this sale (name, tier, points, masked phone) or the way to attach/enroll one. */
import { useCart } from '../../app/cart-store';
import { useMemberTier } from '../../app/use-member-tier';
import { useRouter } from '../../app/router';
import { openEnroll } from '../../app/till-prompts';
import type { MemberHit } from '../../db/repositories';
import { maskPhone } from '../../domain/search-keys';
import { formatNumber } from '../../i18n/format';
import { tierName } from '../../i18n/reason';
import { useT } from '../../i18n/use-t';
import { useSaleExtras } from './sale-extras';

export function MemberPanel({ member }: { member: MemberHit | null | undefined }) {
  const t = useT();
  const detach = useCart((s) => s.detachMember);
  const go = useRouter((s) => s.go);
  // C-S20: the tier the quote beside it prices with.
  const held = useMemberTier(member);
  const welcome = useSaleExtras((s) => s.welcome);
  if (!member) {
    return (
      <section className="member-panel" aria-label={t('checkout.member')}>
        <p className="muted">{t('checkout.noMember')}</p>
        <button type="button" className="btn btn-accent" onClick={() => openEnroll(true)}>{t('enroll.open')}</button>
      </section>
    );
  }
  const tier = held?.tier?.name;
  const tierLabel = tier ? tierName(t, tier) : t('tier.none');
  return (
    <section className="member-panel" aria-label={t('checkout.member')}>
      <button type="button" className="member-panel-main" onClick={() => go({ name: 'member', id: member.member.id })}>
        <strong>{member.member.name}</strong> <span className="badge">{tierLabel}</span>
        <span className="muted">{maskPhone(member.member.phone)}</span>
        <span data-testid="member-points">{t('lookup.points', { points: formatNumber(member.stats.points, t.lang) })}</span>
      </button>
      <button type="button" className="icon-btn" aria-label={t('member.detach')} onClick={detach}>✕</button>
      {/* A member who just joined: said here, in the sale's own panel, not in a toast over the quote. */}
      {welcome?.memberId === member.member.id && (
        <p className="member-welcome" role="status">{t('enroll.done', { name: member.member.name, points: formatNumber(welcome.points, t.lang) })}</p>
      )}
    </section>
  );
}
