/**
 * The header's search text, shared so a scan or a selection can clear it from anywhere, and a
 * request to put the focus back in the search box (UI-L10) from code that has no ref to it.
 */
import { create } from 'zustand';

interface LookupState {
  text: string;
  setText: (text: string) => void;
  /** Bumped to ask the search box to take the focus. */
  focusSeq: number;
  focus: () => void;
}

export const useLookup = create<LookupState>()((set) => ({
  text: '',
  setText: (text) => set({ text }),
  focusSeq: 0,
  focus: () => set((s) => ({ focusSeq: s.focusSeq + 1 })),
}));
