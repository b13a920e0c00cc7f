/**
 * Points promotions (loyalty-spec E4): days on which points are multiplied ("double points on
 * Tuesdays", "triple points 1–3 May"), by dates and/or weekdays. When two run the same day the bigger
 * one counts; a tier multiplier multiplies with it. They never change a price.
 */
import type { T } from '../../i18n/use-t';
import { TextField } from './fields';
import type { FieldError, PromotionForm } from './programme-form';

interface Props {
  t: T;
  promotions: PromotionForm[];
  errors: Map<string, FieldError>;
  onChange: (promotions: PromotionForm[]) => void;
  newId: () => string;
}

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 0] as const; // Monday first, as a shop's week reads

export function PromotionFields({ t, promotions, errors, onChange, newId }: Props) {
  const set = (i: number, patch: Partial<PromotionForm>) => onChange(promotions.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  const add = () => onChange([...promotions, { id: newId(), name: '', multiplier: '2', from: '', to: '', weekdays: [] }]);
  return (
    <fieldset>
      <legend>{t('programme.section.promotions')}</legend>
      <p className="muted">{t('programme.promotion.help')}</p>
      {promotions.length === 0 && <p className="muted">{t('programme.promotion.none')}</p>}
      {promotions.map((promo, i) => {
        const n = i + 1;
        const at = (k: string) => `earn.promotions[${i}].${k}`;
        const toggle = (d: number) => set(i, { weekdays: promo.weekdays.includes(d) ? promo.weekdays.filter((x) => x !== d) : [...promo.weekdays, d] });
        return (
          <div key={promo.id} className="programme-tier" role="group" aria-label={t('programme.promotion.legend', { n })}>
            <div className="programme-grid">
              <TextField t={t} label={t('programme.promotion.name', { n })} value={promo.name} inputMode="text" path={at('name')}
                error={errors.get(at('name'))} onChange={(v) => set(i, { name: v })} />
              <TextField t={t} label={t('programme.promotion.multiplier', { n })} value={promo.multiplier} inputMode="decimal" path={at('multiplierPct')}
                error={errors.get(at('multiplierPct'))} onChange={(v) => set(i, { multiplier: v })} />
              <TextField t={t} label={t('programme.promotion.from', { n })} value={promo.from} inputMode="text" path={at('from')}
                error={errors.get(at('from'))} onChange={(v) => set(i, { from: v })} />
              <TextField t={t} label={t('programme.promotion.to', { n })} value={promo.to} inputMode="text" path={at('to')}
                error={errors.get(at('to'))} onChange={(v) => set(i, { to: v })} />
            </div>
            <div className="choice-row" role="group" aria-label={t('programme.promotion.weekdays', { n })}>
              {WEEKDAYS.map((d) => (
                <label key={d} className="programme-check">
                  <input type="checkbox" checked={promo.weekdays.includes(d)} onChange={() => toggle(d)} />
                  <span>{t(`programme.weekday.${d}`)}</span>
                </label>
              ))}
            </div>
            <div className="actions">
              <button type="button" className="btn btn-danger" onClick={() => onChange(promotions.filter((_, j) => j !== i))}>
                {t('programme.promotion.remove', { n })}
              </button>
            </div>
          </div>
        );
      })}
      <div className="actions">
        <button type="button" className="btn" onClick={add}>{t('programme.promotion.add')}</button>
      </div>
    </fieldset>
  );
}
