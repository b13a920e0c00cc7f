/**
 * The Dexie database behind the care, insights and member-list screens. The screens read index
 * ranges (src/db/care-queries.ts) that the repository interfaces do not offer, so they need the
 * database itself: `Services.db` when the app passes it (main.tsx has it from openDatabase), else a
 * second connection to the unpaired till's database by name (Dexie allows several connections).
 */
import { useMemo } from 'react';
import { RegularsDb } from '../../db/database';
import { databaseName, LOCAL_ORG } from '../../db/open';
import { useServices } from '../../app/services';
import { useSession } from '../../app/session-store';


export function useCareDb(): RegularsDb {
  const { db } = useServices();
  const deviceId = useSession((s) => s.deviceId);
  return useMemo(() => db ?? new RegularsDb(databaseName(LOCAL_ORG, deviceId || 'device')), [db, deviceId]);
}
