// The batch page (/batch.html): a new batch (paste or CSV, preview, submit), or one batch shown
// live (/batch.html#batch=ID: after a submit, a reload, a notification click or a choice in the
// history), the earlier batches, and the request rate.
// This page's own words (the popup's are built in): see lib/i18n/pages.ts.
import '@/lib/i18n/pages';
import { useCallback, useEffect, useRef, useState } from 'react';
import { AccountDomains, type PickedDomains } from './components/AccountDomains';
import { BatchForm, type StartedBatch } from './components/BatchForm';
import { BatchHistory } from './components/BatchHistory';
import { BatchView } from './components/BatchView';
import { useT } from '@/components/LanguageProvider';
import { PageHeader } from '@/components/full-page/PageHeader';
import { NoKeyNotice } from '@/components/NoKeyNotice';
import { RateLimitField } from '@/components/full-page/RateLimitField';
import { UnlockNotice } from '@/components/UnlockNotice';
import { useStorageValue } from '@/components/hooks/useStorageValue';
import { useVault } from '@/components/hooks/useVault';
import { useCircuit } from '@/components/hooks/useCircuit';
import { useTryWhenOnline } from '@/components/hooks/useTryWhenOnline';
import { tryNow } from '@/lib/protocol/client';
import { batchHash, batchIdFromHash } from '@/lib/batch/results';
import { profilesItem } from '@/lib/storage';
import { useBatchJobs, useBatches } from './hooks/useBatches';

/** The batch named in the URL's hash, following the history (back/forward) and hash links. */
function useShownBatch(): [string | undefined, (batchId: string | undefined) => void] {
  const [shown, setShown] = useState(() => batchIdFromHash(location.hash));
  useEffect(() => {
    const follow = () => setShown(batchIdFromHash(location.hash));
    window.addEventListener('hashchange', follow);
    window.addEventListener('popstate', follow);
    return () => {
      window.removeEventListener('hashchange', follow);
      window.removeEventListener('popstate', follow);
    };
  }, []);
  const show = useCallback((batchId: string | undefined) => {
    history.pushState(null, '', batchId ? batchHash(batchId) : location.pathname + location.search);
    setShown(batchId);
  }, []);
  return [shown, show];
}

export function App() {
  const { t } = useT();
  const [shownId, show] = useShownBatch();
  const batches = useBatches();
  const book = useStorageValue(profilesItem);
  const { vault, refresh: refreshVault } = useVault();
  const [keyMissing, setKeyMissing] = useState(false);
  const [started, setStarted] = useState<StartedBatch | null>(null);
  // The account picker's last pick, for the form (which takes it as `picked` once it has that prop).
  const [picked, setPicked] = useState<PickedDomains | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const moveFocus = useRef<'heading' | 'textarea' | null>(null);
  const circuit = useCircuit();
  // The browser came back online: probe Alibaba Cloud at once instead of at the backoff.
  useTryWhenOnline(tryNow);

  useEffect(() => setKeyMissing(false), [book]);

  const batch = shownId ? batches?.find((b) => b.id === shownId) : undefined;
  const shownJobs = useBatchJobs(batch);

  // After a submit the new batch's heading takes the focus; after "New batch", the text box.
  useEffect(() => {
    if (moveFocus.current === 'heading' && headingRef.current) {
      headingRef.current.focus();
      moveFocus.current = null;
    } else if (moveFocus.current === 'textarea' && textareaRef.current) {
      textareaRef.current.focus();
      moveFocus.current = null;
    }
  });

  function onStarted(outcome: StartedBatch) {
    setStarted(outcome);
    moveFocus.current = 'heading';
    show(outcome.batchId);
  }

  function newBatch() {
    moveFocus.current = 'textarea';
    show(undefined);
  }

  const noKey = keyMissing || (book !== undefined && !book.profiles.some((p) => p.accessKeyId.trim() !== ''));
  return (
    <main className="page wide batch-page">
      <PageHeader title={t('batchTitle')} />
      {vault?.status === 'locked' && <UnlockNotice onUnlocked={() => void refreshVault()} onStale={() => void refreshVault()} />}
      {noKey && <NoKeyNotice />}

      {!shownId && <AccountDomains onPick={(domains, facts) => setPicked((before) => ({ domains, facts, seq: (before?.seq ?? 0) + 1 }))} />}
      {!shownId && (
        <BatchForm onStarted={onStarted} onNoKey={() => setKeyMissing(true)} textareaRef={textareaRef} vaultStatus={vault?.status} picked={picked ?? undefined} />
      )}
      {shownId && batch && shownJobs && (
        <BatchView
          batch={batch}
          ids={shownJobs.ids}
          jobs={shownJobs.jobs}
          started={started?.batchId === shownId ? started : undefined}
          onNew={newBatch}
          headingRef={headingRef}
          circuit={circuit}
          vaultStatus={vault?.status}
          onLocked={() => void refreshVault()}
        />
      )}
      {shownId && batches && !batch && (
        <section className="card" aria-labelledby="batch-missing">
          <p id="batch-missing">{started?.batchId === shownId ? t('batchStarting') : t('batchNotFound')}</p>
          <div className="actions">
            <button type="button" className="secondary" onClick={newBatch}>
              {t('batchNew')}
            </button>
          </div>
        </section>
      )}

      {batches && <BatchHistory batches={batches} current={batch && shownJobs ? { batch, ...shownJobs } : undefined} open={show} />}
      <div className="card">
        <RateLimitField />
      </div>
    </main>
  );
}
