/**
 * [R6] Catalogue rewards the attached member may take for points on this cart: one row per reward
 * and line it fits, each with its price in points and what it gives, tickable. A tick the engine
 * refuses (more points than the member has, more rewards than items) is not taken; the reason shows.
 */
import { useState } from 'react';
import { useCart } from '../../app/cart-store';
import { useProgramme } from '../../app/programme-store';
import { formatNumber } from '../../i18n/format';
import { reasonText } from '../../i18n/reason';
import { useT } from '../../i18n/use-t';
import { toggleReward, useSaleExtras, type RewardTick } from './sale-extras';
import type { LiveQuote } from './use-quote';

export function RewardPicker({ live }: { live: LiveQuote }) {
  const t = useT();
  const catalogue = useProgramme((p) => p.redemption.catalogue);
  const lines = useCart((s) => s.lines);
  const ticks = useSaleExtras((s) => s.rewards);
  const [refusal, setRefusal] = useState('');
  const rows = catalogue.flatMap((r) => lines
    .filter((l) => r.productId === null || r.productId === l.productId)
    .map((l) => ({ reward: r, line: l })));
  if (!live.member || rows.length === 0) return null;

  const tick = (want: RewardTick, on: boolean) => {
    if (on && live.check) {
      const tried = live.check({ rewards: [...ticks, want] });
      const refused = tried && !tried.ok ? tried.errors.find((e) => e.field.startsWith('rewards')) : undefined;
      if (refused) { setRefusal(reasonText(t, refused.code)); return; }
    }
    setRefusal('');
    toggleReward(want);
  };

  return (
    <fieldset className="coupons rewards">
      <legend>{t('checkout.rewards', { points: formatNumber(live.member.stats.points, t.lang) })}</legend>
      {rows.map(({ reward, line }) => {
        const want = { rewardId: reward.id, lineKey: line.key };
        const on = ticks.some((x) => x.rewardId === reward.id && x.lineKey === line.key);
        return (
          <label key={`${reward.id}:${line.key}`} className="check">
            <input type="checkbox" checked={on} onChange={(e) => tick(want, e.target.checked)} />
            <span>{t('checkout.rewardRow', { reward: reward.name, line: line.name, points: formatNumber(reward.points, t.lang) })}</span>
            <small>{reward.percentOff >= 100 ? t('checkout.rewardFree') : t('checkout.rewardPercent', { percent: reward.percentOff })}</small>
          </label>
        );
      })}
      {refusal && <p className="error" role="alert">{refusal}</p>}
    </fieldset>
  );
}
