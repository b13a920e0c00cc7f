/**
 * What a till without a store shows: why it is back at setup (sync), the eviction banner, and either
 * first-run setup with the restore offer or, for a paired till whose data the browser cleared, nothing
 * while the server's copy comes back (SH5). A lazy chunk of its own: a till with a store never loads it
 * before the counter (issue #6, initial JavaScript).
 */
import { lazy } from 'react';
import { SyncNoticeBanner } from './sync/sync-banner';
import { EvictedBanner, FirstRunRestore, useRedownloading } from './ui/evicted-banner';

const SetupScreen = lazy(() => import('../features/setup/setup-screen'));

/** A paired till whose data the browser cleared gets it back from the server: no local setup meanwhile (SH5). */
function SetupUnlessRedownloading() {
  if (useRedownloading()) return null;
  return (
    <>
      <SetupScreen />
      <FirstRunRestore />
    </>
  );
}

export default function SetupGate() {
  return (
    <>
      <SyncNoticeBanner />
      <EvictedBanner />
      <SetupUnlessRedownloading />
    </>
  );
}
