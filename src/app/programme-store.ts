/**
 * The loyalty programme in force on this device: the latest saved version, or the engine's
 * defaults when none is saved yet. Saved versions were validated by the engine before they were
 * saved (ProgrammeRecord's contract), so the till only checks the shape. The engine's programme
 * module (with its zod validator) is loaded only when the defaults are needed — on a fresh install —
 * which keeps the validator out of the counter's initial bundle.
 */
import { create } from 'zustand';
import type { Repositories } from '../db/repositories';
import type { Programme } from '../domain/programme';

interface ProgrammeState {
  programme: Programme | null;
}

const store = create<ProgrammeState>()(() => ({ programme: null }));

function looksLikeProgramme(x: unknown): x is Programme {
  if (typeof x !== 'object' || x === null) return false;
  const p = x as Partial<Programme>;
  return typeof p.version === 'number' && Array.isArray(p.tiers) && typeof p.earn === 'object' && typeof p.redemption === 'object'
    && typeof p.benefits === 'object' && typeof p.returns === 'object';
}

export async function loadProgramme(repos: Repositories): Promise<Programme> {
  const rec = await repos.programmes.latest();
  const programme = rec && looksLikeProgramme(rec.config) ? rec.config : (await import('../domain/programme')).DEFAULT_PROGRAMME;
  store.setState({ programme });
  return programme;
}

/** The programme in force; the app loads it before any screen that uses it renders. */
export function currentProgramme(): Programme {
  const p = store.getState().programme;
  if (!p) throw new Error('The programme is not loaded yet (loadProgramme runs at start)');
  return p;
}

export function useProgramme<T>(select: (p: Programme) => T): T {
  return store((s) => {
    if (!s.programme) throw new Error('The programme is not loaded yet (loadProgramme runs at start)');
    return select(s.programme);
  });
}

/** The version in force, or null before the start loaded it. */
export function loadedProgrammeVersion(): number | null {
  return store.getState().programme?.version ?? null;
}

/** For tests: forget the loaded programme. */
export function resetProgramme(): void {
  store.setState({ programme: null });
}
