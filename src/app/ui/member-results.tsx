/** The rows of a member search: name, masked phone, tier and points; each row one big button. */
import type { MemberHit } from '../../db/repositories';
import { maskPhone } from '../../domain/search-keys';
import { tierName } from '../../i18n/reason';
import { useT } from '../../i18n/use-t';
import { formatNumber } from '../../i18n/format';
import { useMemberTier } from '../use-member-tier';

interface Props {
  hits: MemberHit[];
  onPick: (hit: MemberHit) => void;
  label?: string;
}

export function MemberResults({ hits, onPick, label }: Props) {
  const t = useT();
  return (
    <ul className="member-results" aria-label={label ?? t('lookup.results')}>
      {hits.map((h) => <MemberRow key={h.member.id} hit={h} onPick={onPick} />)}
    </ul>
  );
}

function MemberRow({ hit: h, onPick }: { hit: MemberHit; onPick: (hit: MemberHit) => void }) {
  const t = useT();
  // C-S20: the tier the checkout prices this member with, as on their card.
  const tier = useMemberTier(h)?.tier?.name;
  const tierLabel = tier ? tierName(t, tier) : t('tier.none');
  return (
    <li>
      <button type="button" className="member-row" aria-label={t('lookup.select', { name: h.member.name })} onClick={() => onPick(h)}>
        <span className="member-row-name">{h.member.name}</span>
        <span className="member-row-phone">{maskPhone(h.member.phone)}</span>
        <span className="member-row-tier">{tierLabel}</span>
        <span className="member-row-points">{t('lookup.points', { points: formatNumber(h.stats.points, t.lang) })}</span>
      </button>
    </li>
  );
}
