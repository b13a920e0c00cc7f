/**
 * The reward catalogue (loyalty-spec R6): what a fixed number of points buys — one unit of a product
 * (or of any item) free, or at a discount. The counter offers each reward next to the lines it fits (R8).
 */
import { useEffect, useState } from 'react';
import { useServices } from '../../app/services';
import type { Product } from '../../domain/records';
import type { T } from '../../i18n/use-t';
import { TextField } from './fields';
import type { FieldError, RewardForm } from './programme-form';

interface Props {
  t: T;
  rewards: RewardForm[];
  errors: Map<string, FieldError>;
  onChange: (rewards: RewardForm[]) => void;
  newId: () => string;
}

export function RewardFields({ t, rewards, errors, onChange, newId }: Props) {
  const { repos } = useServices();
  const [products, setProducts] = useState<Product[]>([]);
  useEffect(() => {
    let live = true;
    void repos.products.list().then((list) => { if (live) setProducts(list.filter((p) => p.active)); });
    return () => { live = false; };
  }, [repos]);
  const set = (i: number, patch: Partial<RewardForm>) => onChange(rewards.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  const add = () => onChange([...rewards, { id: newId(), name: '', productId: '', points: '', percentOff: '100' }]);
  return (
    <fieldset>
      <legend>{t('programme.section.rewards')}</legend>
      <p className="muted">{t('programme.reward.help')}</p>
      {rewards.length === 0 && <p className="muted">{t('programme.reward.none')}</p>}
      {rewards.map((reward, i) => {
        const n = i + 1;
        const at = (k: string) => `redemption.catalogue[${i}].${k}`;
        // A reward kept for a product since removed from the catalogue still shows what it was for.
        const known = reward.productId === '' || products.some((p) => p.id === reward.productId);
        return (
          <div key={reward.id} className="programme-tier programme-grid" role="group" aria-label={t('programme.reward.legend', { n })}>
            <TextField t={t} label={t('programme.reward.name', { n })} value={reward.name} inputMode="text" path={at('name')}
              error={errors.get(at('name'))} onChange={(v) => set(i, { name: v })} />
            <label className="field">
              <span>{t('programme.reward.product', { n })}</span>
              <select value={reward.productId} onChange={(e) => set(i, { productId: e.target.value })}>
                <option value="">{t('programme.reward.anyItem')}</option>
                {!known && <option value={reward.productId}>{t('programme.reward.gone')}</option>}
                {products.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
              </select>
            </label>
            <TextField t={t} label={t('programme.reward.points', { n })} value={reward.points} path={at('points')}
              error={errors.get(at('points'))} onChange={(v) => set(i, { points: v })} />
            <TextField t={t} label={t('programme.reward.percentOff', { n })} value={reward.percentOff} path={at('percentOff')}
              error={errors.get(at('percentOff'))} onChange={(v) => set(i, { percentOff: v })} />
            <div className="actions">
              <button type="button" className="btn btn-danger" onClick={() => onChange(rewards.filter((_, j) => j !== i))}>
                {t('programme.reward.remove', { n })}
              </button>
            </div>
          </div>
        );
      })}
      <div className="actions">
        <button type="button" className="btn" onClick={add}>{t('programme.reward.add')}</button>
      </div>
    </fieldset>
  );
}
