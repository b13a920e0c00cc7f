/**
 * The kind of shop decides which fuller profile fields the till asks about (a baby's birth date for a
 * mother-and-baby store, sizes for a boutique…): choosing one saves its template (PF1, loyalty-spec).
 * Values already on members are kept when the kind changes; only the fields offered change.
 */
import { useServices } from '../../app/services';
import { defaultTemplate, SHOP_TYPES, type ShopType } from '../../domain/profile-template';
import type { MessageKey } from '../../i18n/en';
import { useT } from '../../i18n/use-t';
import { useProfileTemplate } from '../member/profile-template-setting';

export function ShopTypeSetting() {
  const t = useT();
  const { repos } = useServices();
  const template = useProfileTemplate();
  if (!template) return null;
  const fields = template.fields.map((f) => t(`profile.field.${f.key}` as MessageKey)).join(t('settings.listSeparator'));
  return (
    <>
      <label className="field">
        <span>{t('settings.shopType')}</span>
        <select value={template.shopType}
          onChange={(e) => void repos.settings.set('profileTemplate', defaultTemplate(e.target.value as ShopType))}>
          {SHOP_TYPES.map((s) => <option key={s} value={s}>{t(`settings.shopType.${s}` as MessageKey)}</option>)}
        </select>
      </label>
      <p className="muted">{t('settings.profileAsks', { fields })}</p>
    </>
  );
}
