/**
 * Storage health for managers: asks the browser to keep this origin's data (persist), and reports
 * when it is not persistent or more than NEARLY_FULL of the quota is used. Never blocks the till.
 */
import { create } from 'zustand';

export const NEARLY_FULL = 0.9;

interface StorageState {
  persisted: boolean | null;
  usedRatio: number | null;
}

export const useStorageStatus = create<StorageState>()(() => ({ persisted: null, usedRatio: null }));

export async function checkStorage(): Promise<void> {
  const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
  if (!storage) return;
  let persisted: boolean | null = null;
  try {
    persisted = (await storage.persisted?.()) ?? null;
    if (persisted === false && storage.persist) persisted = await storage.persist();
  } catch {
    persisted = null;
  }
  let usedRatio: number | null = null;
  try {
    const est = await storage.estimate?.();
    if (est?.quota) usedRatio = (est.usage ?? 0) / est.quota;
  } catch {
    usedRatio = null;
  }
  useStorageStatus.setState({ persisted, usedRatio });
}
