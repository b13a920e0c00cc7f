/** "Connect to a server": the server's address and a one-time pairing code. A refusal says why at the form and stores nothing. */
import { useState, type FormEvent } from 'react';
import type { SyncRuntime } from '../../app/sync/sync-runtime';
import { normaliseUrl } from '../../app/sync/sync-runtime';
import type { MessageKey } from '../../i18n/en';
import { useT } from '../../i18n/use-t';
import { hasBadCharacter } from '../../domain/input-rules';
import { ApiCallError } from '../../sync/api-client';
import { TransportError } from '../../sync/transport';

/** The message for a failed pairing: the server's code when it answered, "unreachable" when it did not. */
export function pairErrorKey(e: unknown): { key: MessageKey; code?: string } {
  if (e instanceof ApiCallError) {
    switch (e.code) {
      case 'pair_code_invalid': case 'not_found': case 'unauthorized': return { key: 'sync.err.codeInvalid' };
      case 'rate_limited': return { key: 'sync.err.rateLimited' };
      case 'client_outdated': case 'protocol_unsupported': return { key: 'sync.err.outdated' };
      default: return { key: 'sync.err.other', code: e.code };
    }
  }
  if (e instanceof TransportError) return { key: 'sync.err.unreachable' };
  return { key: 'sync.err.other', code: e instanceof Error ? e.name : 'error' };
}

export function PairForm({ runtime }: { runtime: SyncRuntime }) {
  const t = useT();
  const [server, setServer] = useState('');
  const [code, setCode] = useState('');
  const [name, setName] = useState(() => t('sync.defaultDeviceName'));
  const [error, setError] = useState<{ field: 'server' | 'code' | 'name' | 'form'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    try { normaliseUrl(server); } catch { setError({ field: 'server', text: t('sync.err.url') }); return; }
    if (code.replace(/\s+/g, '').length < 4) { setError({ field: 'code', text: t('sync.err.code') }); return; }
    if (!name.trim()) { setError({ field: 'name', text: t('sync.err.name') }); return; }
    // sync-protocol S23: the server refuses a name with a NUL or half an emoji; said here in the words of every screen.
    if (hasBadCharacter(name)) { setError({ field: 'name', text: t('input.text.invalid') }); return; }
    setBusy(true);
    setError(null);
    try {
      await runtime.pair(server, code, name);
      // The till now runs on the organisation's database: this screen is replaced by the sign-in.
    } catch (e) {
      const { key, code: c } = pairErrorKey(e);
      setError({ field: 'form', text: t(key, c ? { code: c } : undefined) });
      setBusy(false);
    }
  };

  const fieldError = (f: 'server' | 'code' | 'name') => error?.field === f
    ? <span className="error" role="alert" id={`pair-${f}-error`}>{error.text}</span> : null;
  return (
    <form className="pair-form" aria-label={t('sync.connect')} onSubmit={(e) => void submit(e)} noValidate>
      <h2>{t('sync.connect')}</h2>
      <p className="muted">{t('sync.pairNote')}</p>
      <label className="field">
        <span>{t('sync.server')}</span>
        <input type="url" inputMode="url" autoComplete="off" value={server} onChange={(e) => setServer(e.target.value)}
          aria-invalid={error?.field === 'server'} aria-describedby={error?.field === 'server' ? 'pair-server-error' : undefined} />
        {fieldError('server')}
      </label>
      <label className="field">
        <span>{t('sync.code')}</span>
        <input autoComplete="one-time-code" autoCapitalize="characters" value={code} onChange={(e) => setCode(e.target.value)}
          aria-invalid={error?.field === 'code'} aria-describedby={error?.field === 'code' ? 'pair-code-error' : undefined} />
        {fieldError('code')}
      </label>
      <label className="field">
        <span>{t('sync.deviceName')}</span>
        <input value={name} maxLength={100} onChange={(e) => setName(e.target.value)}
          aria-invalid={error?.field === 'name'} aria-describedby={error?.field === 'name' ? 'pair-name-error' : undefined} />
        {fieldError('name')}
      </label>
      {error?.field === 'form' && <p className="error" role="alert">{error.text}</p>}
      <button type="submit" className="btn btn-primary btn-big" disabled={busy}>{busy ? t('sync.pairing') : t('sync.pair')}</button>
    </form>
  );
}
