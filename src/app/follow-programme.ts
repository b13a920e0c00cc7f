/**
 * Keeps the programme in force equal to the latest stored version, whether saved on this till or
 * pulled from the server (loyalty-spec P6): the next quote uses it; sales keep the version they
 * recorded. Mounted by the shell (kept out of the boot chunk, which only loads the programme once).
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect } from 'react';
import type { Repositories } from '../db/repositories';
import { loadedProgrammeVersion, loadProgramme } from './programme-store';

export function useFollowLatestProgramme(repos: Repositories): void {
  const version = useLiveQuery(async () => (await repos.programmes.latest())?.version ?? 0, [repos]);
  useEffect(() => {
    if (version !== undefined && version !== 0 && version !== loadedProgrammeVersion()) void loadProgramme(repos);
  }, [version, repos]);
}
