/** Referrals (C40–C42): the top referrers, and who each referrer brought with the rewards earned. */
import type { ReferralSummary } from '../../domain/care/referrals';
import { formatNumber } from '../../i18n/format';
import { useT } from '../../i18n/use-t';
import { InsightSection } from './insight-section';

export function ReferralsSection({ referrals, names, phones }: {
  referrals: { top: ReferralSummary[]; all: ReferralSummary[] }; names: Record<string, string>; phones: Record<string, string>;
}) {
  const t = useT();
  const name = (id: string) => names[id] ?? id;
  const table = {
    columns: ['memberId', 'referred', 'rewardPoints', 'rewardedSales'],
    rows: referrals.top.map((s) => [s.referrerId, s.referred.length, s.rewardPoints, s.rewardedSales]),
  };
  const withReferred = referrals.all.filter((s) => s.referred.length > 0)
    .sort((a, b) => name(a.referrerId).localeCompare(name(b.referrerId)));
  return (
    <InsightSection id="referrals" title={t('insights.referrals')} table={table} names={names} phones={phones}>
      {withReferred.length === 0 ? <p className="muted">{t('insights.noReferrals')}</p> : (
        <ul className="referrals">
          {withReferred.map((s) => (
            <li key={s.referrerId}>
              {t('insights.referredBy', {
                referrer: name(s.referrerId), members: s.referred.map(name).join(', '), points: formatNumber(s.rewardPoints, t.lang),
              })}
            </li>
          ))}
        </ul>
      )}
    </InsightSection>
  );
}
