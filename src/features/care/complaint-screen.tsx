/**
 * The complaint form for one member, opened from the member card (route `#/complaint/<memberId>`).
 * The member card only links here; the form and its rules live with the care list.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useRouter } from '../../app/router';
import { useServices } from '../../app/services';
import { useSession } from '../../app/session-store';
import { toast } from '../../app/ui/toast';
import { useT } from '../../i18n/use-t';
import { useCareConfig } from './care-config';
import { ComplaintForm } from './complaint-form';
import './care.css';

export default function ComplaintScreen({ memberId }: { memberId: string }) {
  const t = useT();
  const { repos } = useServices();
  const go = useRouter((s) => s.go);
  const timeZone = useSession((s) => s.store?.timeZone ?? 'Asia/Shanghai');
  const config = useCareConfig();
  const hit = useLiveQuery(() => repos.members.get(memberId), [repos, memberId]);
  if (hit === undefined || !config) return <p className="loading">{t('app.loading')}</p>;
  if (hit === null) return <p className="error" role="alert">{t('care.complaint.noMember')}</p>;
  return (
    <section aria-label={t('care.complaint.title', { name: hit.member.name })}>
      <h1>{t('care.complaint.title', { name: hit.member.name })}</h1>
      <ComplaintForm member={hit.member} settings={config.settings} timeZone={timeZone} onSaved={(due) => {
        toast(t('care.complaint.saved', due));
        go({ name: 'member', id: hit.member.id });
      }} />
      <button type="button" className="btn" onClick={() => go({ name: 'member', id: hit.member.id })}>{t('common.back')}</button>
    </section>
  );
}
