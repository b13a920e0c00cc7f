/** The tiers (loyalty-spec T1, T2, P3): name, how each is reached, threshold, discount and points multiplier. */
import type { TierBasis } from '../../domain/programme';
import type { T } from '../../i18n/use-t';
import { TextField } from './fields';
import type { FieldError, TierForm } from './programme-form';

interface Props {
  t: T;
  tiers: TierForm[];
  errors: Map<string, FieldError>;
  onChange: (tiers: TierForm[]) => void;
  newId: () => string;
}

const BASES: TierBasis[] = ['single-order', 'rolling-spend'];

export function TierFields({ t, tiers, errors, onChange, newId }: Props) {
  const set = (i: number, patch: Partial<TierForm>) => onChange(tiers.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  const add = () => onChange([...tiers, { id: newId(), name: t('programme.tier.newName'), basis: 'rolling-spend', minSpend: '', percentOff: '0', multiplier: '1' }]);
  return (
    <fieldset>
      <legend>{t('programme.section.tiers')}</legend>
      {tiers.map((tier, i) => {
        const n = i + 1;
        const at = (k: string) => `tiers[${i}].${k}`;
        return (
          <div key={tier.id} className="programme-tier programme-grid" role="group" aria-label={t('programme.tier.legend', { n })}>
            <TextField t={t} label={t('programme.tier.name', { n })} value={tier.name} inputMode="text" path={at('name')}
              error={errors.get(at('name')) ?? errors.get(at('id'))} onChange={(v) => set(i, { name: v })} />
            <label className="field">
              <span>{t('programme.tier.basis', { n })}</span>
              <select value={tier.basis} onChange={(e) => set(i, { basis: e.target.value === 'single-order' ? 'single-order' : 'rolling-spend' })}>
                {BASES.map((b) => <option key={b} value={b}>{t(`programme.basis.${b}`)}</option>)}
              </select>
            </label>
            <TextField t={t} label={t('programme.tier.minSpend', { n })} value={tier.minSpend} inputMode="decimal" path={at('minSpend')}
              error={errors.get(at('minSpend'))} onChange={(v) => set(i, { minSpend: v })} />
            <TextField t={t} label={t('programme.tier.percentOff', { n })} value={tier.percentOff} path={at('percentOff')}
              error={errors.get(at('percentOff'))} onChange={(v) => set(i, { percentOff: v })} />
            <TextField t={t} label={t('programme.tier.multiplier', { n })} value={tier.multiplier} inputMode="decimal" path={at('earnMultiplierPct')}
              error={errors.get(at('earnMultiplierPct'))} onChange={(v) => set(i, { multiplier: v })} />
            <div className="actions">
              <button type="button" className="btn btn-danger" onClick={() => onChange(tiers.filter((_, j) => j !== i))}>
                {t('programme.tier.remove', { n })}
              </button>
            </div>
          </div>
        );
      })}
      <div className="actions">
        <button type="button" className="btn" onClick={add}>{t('programme.tier.add')}</button>
      </div>
    </fieldset>
  );
}
