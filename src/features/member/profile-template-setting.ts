/**
 * The store's profile template as a setting (declaration merging, as src/app/settings-keys.ts does):
 * saved by the owner's settings, else the general default. Read live, so a changed template shows
 * on the next enrolment and member card without a reload.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useServices } from '../../app/services';
import { defaultTemplate, SHOP_TYPES, type ProfileTemplate } from '../../domain/profile-template';

declare module '../../db/database' {
  interface SettingsMap {
    /** The optional member profile fields this store asks for (sizes, a baby's birth date, tastes…). */
    profileTemplate: ProfileTemplate;
  }
}

function usable(x: unknown): x is ProfileTemplate {
  if (typeof x !== 'object' || x === null) return false;
  const t = x as Partial<ProfileTemplate>;
  return SHOP_TYPES.includes(t.shopType as ProfileTemplate['shopType']) && Array.isArray(t.fields)
    && t.fields.every((f) => typeof f?.key === 'string' && f.key !== '' && ['text', 'date', 'number'].includes(f.kind));
}

/**
 * The template in force: the general default until the store saves one (or when what is saved is
 * unusable); undefined while the setting is read, so no field is offered that the store does not ask for.
 */
export function useProfileTemplate(): ProfileTemplate | undefined {
  const { repos } = useServices();
  const saved = useLiveQuery(async () => ({ value: await repos.settings.get('profileTemplate') }), [repos]);
  if (saved === undefined) return undefined;
  return usable(saved.value) ? saved.value : defaultTemplate('general');
}
