/** The header's search text, shared so a scan or a selection can clear it from anywhere. */
import { create } from 'zustand';

interface LookupState {
  text: string;
  setText: (text: string) => void;
}

export const useLookup = create<LookupState>()((set) => ({
  text: '',
  setText: (text) => set({ text }),
}));
