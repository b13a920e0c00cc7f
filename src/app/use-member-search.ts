/**
 * Member search on every keystroke, no debounce. Each query gets a ticket; a result is shown only
 * if its ticket is still the newest when it arrives, so a slow answer to "138" can never replace
 * the answer to "13812345678" that came back first.
 */
import { useEffect, useRef, useState } from 'react';
import type { MemberHit } from '../db/repositories';
import { classifyQuery } from '../domain/search-keys';
import { useServices } from './services';
import { useSession } from './session-store';

export const SEARCH_LIMIT = 20;

export interface SearchState {
  /** The text these hits answer (so a screen can tell a stale list from a fresh one). */
  text: string;
  hits: MemberHit[];
  searching: boolean;
}

/** `revision`: re-runs the same query when it changes (members arrived by sync: src/app/sync/members-revision.ts). */
export function useMemberSearch(text: string, revision = 0): SearchState {
  const { repos } = useServices();
  const country = useSession((s) => s.store?.country ?? 'CN');
  const ticket = useRef(0);
  const [state, setState] = useState<SearchState>({ text: '', hits: [], searching: false });

  useEffect(() => {
    const mine = ++ticket.current;
    const q = classifyQuery(text, country);
    if (!q) {
      setState({ text, hits: [], searching: false });
      return;
    }
    setState((s) => ({ ...s, searching: true }));
    void (async () => {
      // A Latin-letter name query also matches pinyin initials inside the repository (rule D4).
      const hits = await repos.members.search(q, SEARCH_LIMIT);
      if (mine === ticket.current) setState({ text, hits: hits.slice(0, SEARCH_LIMIT), searching: false });
    })().catch(() => {
      if (mine === ticket.current) setState({ text, hits: [], searching: false });
    });
  }, [text, country, repos, revision]);

  return state;
}
