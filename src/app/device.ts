/**
 * The device's own settings, kept in idb-keyval apart from the store's data: its id (made once,
 * on first start, before any network), receipt paper width, and later the sync server address.
 * They survive a wipe of the till database and are never synced.
 */
import { get as idbGet, set as idbSet } from 'idb-keyval';
import { v7 as uuidv7 } from 'uuid';
import { create } from 'zustand';

export type Paper = '58' | '80';

export interface DeviceSettings {
  deviceId: string;
  paper: Paper;
  serverUrl: string | null;
}

const KEY = 'device.settings';

export async function loadDeviceSettings(): Promise<DeviceSettings> {
  let saved: Partial<DeviceSettings> | undefined;
  try {
    saved = await idbGet<Partial<DeviceSettings>>(KEY);
  } catch {
    saved = undefined;
  }
  const settings: DeviceSettings = {
    deviceId: typeof saved?.deviceId === 'string' ? saved.deviceId : uuidv7(),
    paper: saved?.paper === '58' ? '58' : '80',
    serverUrl: typeof saved?.serverUrl === 'string' ? saved.serverUrl : null,
  };
  if (!saved?.deviceId) await saveDeviceSettings(settings);
  return settings;
}

export async function saveDeviceSettings(s: DeviceSettings): Promise<void> {
  try {
    await idbSet(KEY, s);
  } catch {
    // Without IndexedDB the settings live for this session only.
  }
}

interface DeviceState {
  settings: DeviceSettings;
  update: (patch: Partial<DeviceSettings>) => void;
}

export const useDevice = create<DeviceState>()((set, get) => ({
  settings: { deviceId: '', paper: '80', serverUrl: null },
  update: (patch) => {
    const settings = { ...get().settings, ...patch };
    set({ settings });
    void saveDeviceSettings(settings);
  },
}));
