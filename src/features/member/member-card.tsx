/**
 * The member card: who they are, tier and progress, points (confirmed and waiting to sync), A–E
 * grade, what is due today, recent visits, notes and profile, do-not-disturb, and their QR card.
 */
import { useState } from 'react';
import { useCart } from '../../app/cart-store';
import { useMemberCoupons, useMemberHistory, useMemberHit, useMemberLedger } from '../../app/member-hooks';
import { memberFigures } from '../../app/use-member-tier';
import { useProgramme } from '../../app/programme-store';
import { useRouter } from '../../app/router';
import { useServices } from '../../app/services';
import { hasRole, useSession } from '../../app/session-store';
import { QrCode } from '../../app/ui/qr-code';
import { maskPhone } from '../../domain/search-keys';
import { addDays, localDate } from '../../domain/time';
import { formatDate, formatMoney, formatNumber } from '../../i18n/format';
import { tierName } from '../../i18n/reason';
import { useT } from '../../i18n/use-t';
import { DueToday } from './due-today';
import { MemberHistory } from './member-history';
import { MemberNotes } from './member-notes';
import { PointsAdjust } from './points-adjust';
import { ProfileEditor, ProfileFacts } from './member-profile';
import { DetailsEditor } from './member-details';
import { MemberValue } from './member-value';
import { useRecentVisits, useWindowSpend } from '../../app/use-window-spend';
import { useIssueBenefits } from '../../app/issue-benefits';
import './member.css';

export default function MemberCard({ memberId }: { memberId: string }) {
  const t = useT();
  const { now } = useServices();
  const hit = useMemberHit(memberId);
  const ledger = useMemberLedger(memberId);
  const coupons = useMemberCoupons(memberId);
  const history = useMemberHistory(memberId, 10);
  const programme = useProgramme((p) => p);
  const store = useSession((s) => s.store);
  const attach = useCart((s) => s.attachMember);
  const onSale = useCart((s) => s.memberId === memberId);
  const go = useRouter((s) => s.go);
  const role = useSession((s) => s.staff?.role);
  const [showPhone, setShowPhone] = useState(false);
  const spend = useWindowSpend(memberId);
  // B9: a member found at the counter gets the benefits they are due today; the card lists them once held (B11).
  useIssueBenefits(hit ? hit.member : null);
  const tz = store?.timeZone ?? 'Asia/Shanghai';
  const today = localDate(now(), tz);
  const since = addDays(today, -30);
  // G1, C-S20: the sales of the last 30 days, the past from before this tablet was paired included.
  const visits30 = useRecentVisits(memberId, since);

  if (hit === undefined) return <p className="loading">{t('app.loading')}</p>;
  if (hit === null) return <p className="muted">{t('lookup.noResults')}</p>;
  const { member, stats } = hit;
  const currency = store?.currency ?? 'CNY';
  // C-S20: the tier the checkout prices with (held, or reached by the window's spend), its progress (T5)
  // and the grade (G1), decided as on every tablet; lifetime spend stands in until the window is read.
  const figures = memberFigures(hit, spend ?? null, visits30 ?? 0, programme);
  const tier = programme.tiers.find((x) => x.id === figures.tierId);
  const next = figures.next;
  // T3: a tier reached today is said ("Now Gold"), on the card as on the receipt.
  const tierToday = tier && tier.id === stats.tierId && stats.tierSince !== null && localDate(stats.tierSince, tz) === today;
  const nextName = next ? programme.tiers.find((x) => x.id === next.tierId)?.name ?? next.tierId : null;
  const grade = visits30 === undefined ? null : figures.grade;
  const confirmed = stats.points - stats.pendingPoints;

  return (
    <article className="member-card" aria-label={t('member.title')}>
      <header className="member-card-head">
        <div>
          <h1>{member.name} <span className="badge" data-testid="tier-badge">{tier ? tierName(t, tier.name) : t('tier.none')}</span>
            {tierToday && <span className="badge badge-new" data-testid="tier-now"> {t('tier.now', { tier: tierName(t, tier.name) })}</span>}</h1>
          <p className="muted" data-testid="tier-progress">{next && nextName ? t('tier.toNext', { amount: formatMoney(next.missing, currency, t.lang), tier: tierName(t, nextName) }) : t('tier.top')}</p>
        </div>
        <div className="member-card-actions">
          {!onSale && (
            <button type="button" className="btn btn-primary btn-big" onClick={() => { attach(member.id); go({ name: 'counter' }); }}>
              {t('member.useForSale')}
            </button>
          )}
          {onSale && <button type="button" className="btn btn-big" onClick={() => go({ name: 'counter' })}>{t('nav.counter')}</button>}
          <button type="button" className="btn" onClick={() => go({ name: 'complaint', memberId: member.id })}>{t('care.complaint.open')}</button>
        </div>
      </header>
      <div className="member-grid">
        <section className="tile">
          <h2>{t('member.points')}</h2>
          <p className="big" data-testid="card-points">{formatNumber(stats.points, t.lang)}</p>
          {stats.pendingPoints !== 0 && <p className="muted">{t('member.pending', { points: formatNumber(stats.pendingPoints, t.lang) })} · {formatNumber(confirmed, t.lang)} ✓</p>}
          <PointsAdjust memberId={member.id} />
        </section>
        <section className="tile">
          <h2>{t('member.grade')}</h2>
          <p className="big" data-testid="card-grade">{grade ?? t('member.grade.none')}</p>
        </section>
        <MemberValue stats={stats} today={today} timeZone={tz} currency={currency} />
        <section className="tile tile-wide" aria-label={t('member.dueToday')}>
          <h2>{t('member.dueToday')}</h2>
          <DueToday ledger={ledger} coupons={coupons} today={today} />
        </section>
        <section className="tile">
          <h2>{t('member.profile')}</h2>
          <dl className="facts">
            <dt>{t('member.phone')}</dt>
            <dd>
              {showPhone ? member.phone : maskPhone(member.phone)}
              {/* Cashiers see the masked number; a manager may reveal it when it is needed (a call back). */}
              {hasRole(role, 'manager') && !showPhone && (
                <button type="button" className="btn btn-small" onClick={() => setShowPhone(true)}>{t('member.showPhone')}</button>
              )}
            </dd>
            <dt>{t('member.card')}</dt><dd>{member.cardNo}</dd>
            <dt>{t('member.birthday')}</dt><dd>{member.birthday ?? '—'}</dd>
            <dt>{t('member.wechat')}</dt><dd>{member.wechat ?? '—'}</dd>
            <dt>{t('member.enrolled')}</dt><dd>{formatDate(member.enrolledAt, tz, t.lang)}</dd>
            <ProfileFacts member={member} />
          </dl>
          <DetailsEditor key={`details-${member.id}`} member={member} />
          <ProfileEditor key={member.id} member={member} />
        </section>
        <section className="tile">
          <QrCode text={member.cardNo} label={t('member.qr', { card: member.cardNo })} size={140} />
        </section>
        <section className="tile tile-wide">
          <MemberNotes member={member} />
        </section>
        <section className="tile tile-full">
          <h2>{t('member.history')}</h2>
          {/* C-S20: the totals every tablet holds alike; the list only what this tablet holds. */}
          {stats.visits > 0 && (
            <p className="muted" data-testid="history-summary">
              {t.plural('member.historySummary', stats.visits, {
                spend: formatMoney(stats.lifetimeSpend, currency, t.lang),
                date: stats.lastPurchaseAt === null ? '—' : formatDate(stats.lastPurchaseAt, tz, t.lang),
              })}
            </p>
          )}
          <MemberHistory items={history} elsewhere={stats.visits > 0} />
        </section>
      </div>
    </article>
  );
}
