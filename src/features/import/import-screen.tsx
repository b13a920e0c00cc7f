/**
 * Importing members from a CSV file (issue #5, M1–M6): choose the file, check the guessed column
 * mapping, see every row the dry run would reject and why, then import in one step. Running the
 * same file again creates nobody twice. Manager only.
 */
import { useState } from 'react';
import { currentProgramme } from '../../app/programme-store';
import { useServices } from '../../app/services';
import { hasRole, useSession } from '../../app/session-store';
import { CsvError, parseCsv, type CsvRow } from '../../domain/import/csv-parse';
import { guessMapping, IMPORT_FIELDS, mappingProblems, type ColumnMapping } from '../../domain/import/member-columns';
import { dryRun } from '../../domain/import/member-import';
import { localDate } from '../../domain/time';
import type { MessageKey } from '../../i18n/en';
import { useT } from '../../i18n/use-t';
import { runImport, type ImportOutcome } from './run-import';

/** The file as UTF-8 text (bytes that are not UTF-8 become U+FFFD, which parseCsv refuses: M2). */
function readText(f: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(typeof r.result === 'string' ? r.result : '');
    r.onerror = () => reject(r.error ?? new Error('read failed'));
    r.readAsText(f, 'utf-8');
  });
}

export default function ImportScreen() {
  const t = useT();
  const { repos, now, newId } = useServices();
  const store = useSession((s) => s.store);
  const staff = useSession((s) => s.staff);
  const deviceId = useSession((s) => s.deviceId);
  const [file, setFile] = useState<{ headers: string[]; rows: CsvRow[] } | null>(null);
  const [mapping, setMapping] = useState<ColumnMapping | null>(null);
  const [error, setError] = useState('');
  const [done, setDone] = useState<ImportOutcome | null>(null);
  const [busy, setBusy] = useState(false);
  if (!hasRole(staff?.role, 'manager')) return <p className="error" role="alert">{t('import.managersOnly')}</p>;

  const timeZone = store?.timeZone ?? 'Asia/Shanghai';
  const country = store?.country ?? 'CN';
  const today = localDate(now(), timeZone);

  const choose = async (f: File | undefined) => {
    setError('');
    setDone(null);
    setFile(null);
    if (!f) return;
    try {
      const rows = parseCsv(await readText(f));
      const [head, ...data] = rows;
      if (!head) throw new Error(t('import.empty'));
      setFile({ headers: head.cells, rows: data });
      setMapping(guessMapping(head.cells));
    } catch (e) {
      setError(e instanceof CsvError ? t(`import.csv.${e.code}`, { line: e.line }) : e instanceof Error ? e.message : String(e));
    }
  };

  const problems = file && mapping ? mappingProblems(mapping, file.headers.length) : [];
  const check = file && mapping && problems.length === 0 ? dryRun(file.rows, mapping, today, country) : null;

  const importNow = async () => {
    if (!check || busy) return;
    setBusy(true);
    try {
      setDone(await runImport(repos, check.rows, {
        ids: newId, now: now(), timeZone, storeId: store?.id ?? '', deviceId, staffId: staff?.id ?? null, country,
        programme: currentProgramme(),
      }));
    } catch (e) {
      setError(t('error.generic', { message: e instanceof Error ? e.message : String(e) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-label={t('import.title')}>
      <h1>{t('import.title')}</h1>
      <p className="muted">{t('import.hint')}</p>
      <label className="field">
        <span>{t('import.file')}</span>
        <input type="file" accept=".csv,text/csv" onChange={(e) => void choose(e.target.files?.[0])} />
      </label>
      {error && <p className="error" role="alert">{error}</p>}
      {file && mapping && (
        <fieldset className="import-mapping">
          <legend>{t('import.mapping')}</legend>
          {IMPORT_FIELDS.map((f) => (
            <label key={f} className="field">
              <span>{t(`import.field.${f}`)}</span>
              <select value={mapping[f] ?? ''} onChange={(e) => setMapping({ ...mapping, [f]: e.target.value === '' ? null : Number(e.target.value) })}>
                <option value="">{t('import.notInFile')}</option>
                {file.headers.map((h, i) => <option key={i} value={i}>{h}</option>)}
              </select>
            </label>
          ))}
          {problems.map((p) => <p key={p} className="error" role="alert">{t(`import.${p}` as MessageKey)}</p>)}
        </fieldset>
      )}
      {check && (
        <div className="import-check">
          <p>{t('import.summary', { ok: check.rows.length, rejected: check.rejected.length })}</p>
          {check.rejected.length > 0 && (
            <table className="table" aria-label={t('import.rejected')}>
              <thead><tr><th scope="col">{t('import.line')}</th><th scope="col">{t('import.problems')}</th></tr></thead>
              <tbody>
                {check.rejected.map((r) => (
                  <tr key={r.line}>
                    <td>{r.line}</td>
                    <td>{r.problems.map((p) => t((p.code.startsWith('text.') ? `input.${p.code}` : `import.problem.${p.code}`) as MessageKey, p.params)).join('; ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <button type="button" className="btn btn-primary" disabled={busy || check.rows.length === 0} onClick={() => void importNow()}>
            {t('import.run', { count: check.rows.length })}
          </button>
        </div>
      )}
      {done && (
        <p role="status">{t('import.done', { created: done.created, skipped: done.skipped, failed: done.notImported })}</p>
      )}
      {done?.stopped && <p className="error" role="alert">{t('import.stopped', { line: done.stopped.fromLine, message: done.stopped.message })}</p>}
    </section>
  );
}
