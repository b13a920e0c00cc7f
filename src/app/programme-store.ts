/**
 * The loyalty programme in force on this device: the latest saved version, or the engine's
 * defaults when none is saved yet. Saved versions were validated by the engine before they were
 * saved (ProgrammeRecord's contract); the validator itself (zod) is loaded only when a saved
 * version does not have the shape of a programme, to keep it out of the counter's initial bundle.
 */
import { create } from 'zustand';
import type { Repositories } from '../db/repositories';
import { DEFAULT_PROGRAMME } from '../domain/programme';
import type { Programme } from '../domain/programme';

interface ProgrammeState {
  programme: Programme;
}

export const useProgramme = create<ProgrammeState>()(() => ({ programme: DEFAULT_PROGRAMME }));

function looksLikeProgramme(x: unknown): x is Programme {
  if (typeof x !== 'object' || x === null) return false;
  const p = x as Partial<Programme>;
  return typeof p.version === 'number' && Array.isArray(p.tiers) && typeof p.earn === 'object' && typeof p.redemption === 'object'
    && typeof p.benefits === 'object' && typeof p.returns === 'object';
}

export async function loadProgramme(repos: Repositories): Promise<Programme> {
  const rec = await repos.programmes.latest();
  let programme = DEFAULT_PROGRAMME;
  if (rec) {
    if (looksLikeProgramme(rec.config)) {
      programme = rec.config;
    } else {
      const { validateProgramme } = await import('../domain/programme');
      const v = validateProgramme(rec.config);
      if (v.ok) programme = v.programme;
    }
  }
  useProgramme.setState({ programme });
  return programme;
}
