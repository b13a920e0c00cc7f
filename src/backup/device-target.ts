/**
 * Which database a verified backup goes into on this tablet.
 *
 * The app opens its database by name from the device id kept in idb-keyval (src/db/open.ts). A
 * backup carries its device's identity (meta 'device') and an outbox numbered in that device's
 * sequence, so a NEW tablet (its own database still empty) takes over the backed-up device: the
 * backup is restored into the database named for that device, and the caller saves that device id
 * (src/app/device.ts) before reloading. A tablet that already has data keeps its own database (the
 * restore then asks for confirmation and replaces it in place).
 */
import { RegularsDb } from '../db/database';
import { databaseName, LOCAL_ORG } from '../db/open';
import type { BackupHeader } from './format';
import { isEmpty } from './tables';


export interface DeviceTarget {
  db: RegularsDb;
  /** Set when the tablet must take the backed-up device's id (and org) before reloading. */
  adopt: { orgId: string; deviceId: string } | null;
}

export async function deviceTarget(current: RegularsDb, header: BackupHeader): Promise<DeviceTarget> {
  const row = await current.meta.get('device');
  const here = row?.value as { deviceId?: string; orgId?: string } | undefined;
  const sameDevice = here?.deviceId === header.deviceId && here.orgId === header.orgId;
  // Only a till with no server (org 'local') is adopted: a paired till's identity comes from pairing
  // (src/app/sync), and a new tablet of a paired shop should be paired and re-download instead.
  const local = header.orgId === LOCAL_ORG || header.orgId === '';
  if (sameDevice || !local || !header.deviceId || !(await isEmpty(current))) return { db: current, adopt: null };
  let name: string;
  try {
    name = databaseName(LOCAL_ORG, header.deviceId);
  } catch {
    return { db: current, adopt: null }; // ids a database name cannot hold: restore in place
  }
  const db = new RegularsDb(name);
  await db.open();
  return { db, adopt: { orgId: LOCAL_ORG, deviceId: header.deviceId } };
}
