/**
 * The rows of a member search: name, masked phone, tier and points; each row one big button, and,
 * where the search offers it (the header's, UI-L9), a separate "card" button that opens the card.
 */
import type { MemberHit } from '../../db/repositories';
import { maskPhone } from '../../domain/search-keys';
import { tierName } from '../../i18n/reason';
import { useT } from '../../i18n/use-t';
import { formatNumber } from '../../i18n/format';
import { useMemberTier } from '../use-member-tier';

interface Props {
  hits: MemberHit[];
  onPick: (hit: MemberHit) => void;
  /** When given, each row also has a "card" button (UI-L9). */
  onCard?: (hit: MemberHit) => void;
  label?: string;
}

export function MemberResults({ hits, onPick, onCard, label }: Props) {
  const t = useT();
  return (
    <ul className="member-results" aria-label={label ?? t('lookup.results')}>
      {hits.map((h) => <MemberRow key={h.member.id} hit={h} onPick={onPick} onCard={onCard} />)}
    </ul>
  );
}

function MemberRow({ hit: h, onPick, onCard }: { hit: MemberHit } & Pick<Props, 'onPick' | 'onCard'>) {
  const t = useT();
  // C-S20: the tier the checkout prices this member with, as on their card.
  const tier = useMemberTier(h)?.tier?.name;
  const tierLabel = tier ? tierName(t, tier) : t('tier.none');
  return (
    <li className="member-result">
      <button type="button" className="member-row" aria-label={t('lookup.select', { name: h.member.name })} onClick={() => onPick(h)}>
        <span className="member-row-name">{h.member.name}</span>
        <span className="member-row-phone">{maskPhone(h.member.phone)}</span>
        <span className="member-row-tier">{tierLabel}</span>
        <span className="member-row-points">{t('lookup.points', { points: formatNumber(h.stats.points, t.lang) })}</span>
      </button>
      {onCard && (
        <button type="button" className="btn member-row-card" aria-label={t('lookup.openCard', { name: h.member.name })} onClick={() => onCard(h)}>
          {t('lookup.card')}
        </button>
      )}
    </li>
  );
}
