/**
 * Care settings (issue #5), for the manager: the care rules and budget, the store's holiday and
 * profession-day calendar, and the message templates. Each part is saved on its own, with a
 * manager's PIN, and recorded in the audit list; on a paired tablet they are the shop's (C1a, S24). Lazy-loaded from the care list.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useProgramme } from '../../app/programme-store';
import { useSyncState } from '../../app/sync/sync-state';
import { useRouter } from '../../app/router';
import { useServices } from '../../app/services';
import { useSession } from '../../app/session-store';
import { localDate } from '../../domain/time';
import { tierName as tierNameText } from '../../i18n/reason';
import { useT } from '../../i18n/use-t';
import { CareCalendarEditor } from './care-calendar-editor';
import { useCareConfig } from './care-config';
import { CareSettingsForm } from './care-settings-form';
import { CareTemplatesEditor } from './care-templates-editor';
import './care.css';

const PARTS = ['careSettings', 'careCalendar', 'careTemplates'] as const;

/** C1a, S24: on a paired tablet, whether what this screen shows is the shop's or still this tablet's own. */
function ShopNotice() {
  const t = useT();
  const { repos } = useServices();
  const paired = useSyncState((s) => s.paired);
  const held = useLiveQuery(() => repos.settings.get('shopConfig'), [repos]);
  if (!paired || held === undefined) return null;
  const own = PARTS.filter((k) => !held?.[k]);
  if (own.length === 0) return <p className="notice" role="status">{t('care.shop.shared')}</p>;
  const parts = own.map((k) => t(`care.shop.part.${k}`)).join(t.lang === 'zh-CN' ? '、' : ', ');
  return <p className="notice" role="status">{t('care.shop.local', { parts })}</p>;
}

export default function CareSettingsScreen() {
  const t = useT();
  const { now } = useServices();
  const go = useRouter((s) => s.go);
  const timeZone = useSession((s) => s.store?.timeZone ?? 'Asia/Shanghai');
  const tiers = useProgramme((p) => p.tiers);
  const tierName = tiers.at(-1)?.name ?? '';
  const config = useCareConfig();
  if (!config) return <p className="loading">{t('app.loading')}</p>;
  const year = Number(localDate(now(), timeZone).slice(0, 4));
  return (
    <section aria-label={t('care.settings.title')} className="care-settings-screen">
      <h1>{t('care.settings.title')}</h1>
      <button type="button" className="btn" onClick={() => go({ name: 'care' })}>{t('common.back')}</button>
      <ShopNotice />
      <CareSettingsForm settings={config.settings} tiers={tiers} />
      <CareCalendarEditor calendar={config.calendar} year={year} />
      <CareTemplatesEditor templates={config.templates} tierName={tierName ? tierNameText(t, tierName) : t('care.templates.sampleTier')} />
    </section>
  );
}
