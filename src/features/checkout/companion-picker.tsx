/**
 * [B2] A customer shopping with a member on the day that member used their birthday coupon gets the
 * same discount. The cashier finds the birthday member (the same search as the header); the engine
 * decides whether the coupon was used today. A refusal says why and changes nothing.
 */
import { useState } from 'react';
import { useProgramme } from '../../app/programme-store';
import { useServices } from '../../app/services';
import { MemberResults } from '../../app/ui/member-results';
import { useMemberSearch } from '../../app/use-member-search';
import type { MemberHit } from '../../db/repositories';
import { reasonText } from '../../i18n/reason';
import { useT } from '../../i18n/use-t';
import { setCompanion, useSaleExtras } from './sale-extras';
import type { LiveQuote } from './use-quote';

export function CompanionPicker({ live }: { live: LiveQuote }) {
  const t = useT();
  const { repos } = useServices();
  const enabled = useProgramme((p) => p.benefits.birthday.enabled && p.benefits.birthday.companions);
  const companion = useSaleExtras((s) => s.companion);
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [refusal, setRefusal] = useState('');
  const search = useMemberSearch(open ? text : '');
  if (!enabled || !live.result) return null;

  const pick = async (hit: MemberHit) => {
    const coupons = await repos.members.coupons(hit.member.id);
    // The latest birthday coupon the member has used; the engine says whether that was today.
    const used = coupons.filter((c) => c.kind === 'birthday' && c.usedAt !== null).sort((a, b) => (b.usedAt ?? 0) - (a.usedAt ?? 0))[0];
    if (!used) { setRefusal(t('checkout.companionNone', { name: hit.member.name })); return; }
    const want = { memberId: hit.member.id, memberName: hit.member.name, coupon: used };
    const tried = live.check?.({ companion: want });
    const refused = tried?.ok ? tried.quote.notApplied.find((n) => n.rule === `companion:${used.id}` && n.reason.code === 'companion.notToday') : undefined;
    if (tried && !tried.ok) { setRefusal(reasonText(t, tried.errors[0]?.code ?? 'unknown')); return; }
    if (refused) { setRefusal(`${hit.member.name}: ${reasonText(t, refused.reason.code)}`); return; }
    setRefusal('');
    setCompanion(want);
    setOpen(false);
    setText('');
  };

  if (companion) {
    return (
      <fieldset className="coupons">
        <legend>{t('checkout.companion')}</legend>
        <label className="check">
          <input type="checkbox" checked onChange={() => setCompanion(null)} />
          <span>{t('checkout.companionWith', { name: companion.memberName, percent: companion.coupon.percentOff ?? 0 })}</span>
        </label>
      </fieldset>
    );
  }
  return (
    <div className="companion">
      {!open && <button type="button" className="btn btn-small" onClick={() => setOpen(true)}>{t('checkout.companionOpen')}</button>}
      {open && (
        <div className="field">
          <span>{t('checkout.companionFind')}</span>
          <div className="companion-row">
            <input type="search" value={text} aria-label={t('checkout.companionFind')} placeholder={t('header.searchPlaceholder')}
              onChange={(e) => { setText(e.target.value); setRefusal(''); }} />
            <button type="button" className="btn" onClick={() => { setOpen(false); setText(''); setRefusal(''); }}>{t('common.cancel')}</button>
          </div>
          {search.hits.length > 0 && search.text === text && (
            <MemberResults label={t('checkout.companionFind')} hits={search.hits.slice(0, 5)} onPick={(h) => void pick(h)} />
          )}
        </div>
      )}
      {refusal && <p className="error" role="alert">{refusal}</p>}
    </div>
  );
}
