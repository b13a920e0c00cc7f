/**
 * A number that moves whenever the members (or their kept totals) of the till's database change:
 * a pull that brings a member from another tablet, in this tab or, through Dexie's cross-tab
 * `storagemutated` event, in another tab of the same tablet. The member search re-runs on it, so a
 * cashier who typed a phone before the member arrived sees them appear without typing again.
 */
import { Dexie } from 'dexie';
import { useEffect, useState } from 'react';
import { useServices } from '../services';

const TABLES = ['members', 'memberStats'];

export function touchesMembers(parts: Record<string, unknown>, dbName: string): boolean {
  return Object.keys(parts).some((k) => TABLES.some((t) => k.startsWith(`idb://${dbName}/${t}/`)));
}

export function useMembersRevision(): number {
  const { db } = useServices();
  const [rev, setRev] = useState(0);
  useEffect(() => {
    if (!db) return;
    const name = db.name;
    const onChange = (parts: Record<string, unknown>) => {
      if (touchesMembers(parts, name)) setRev((r) => r + 1);
    };
    Dexie.on('storagemutated', onChange);
    return () => { Dexie.on('storagemutated').unsubscribe(onChange); };
  }, [db]);
  return rev;
}
