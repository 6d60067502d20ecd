// The popup: the domain form, the no-key and locked notices and the live job list, wired to storage
// and the background. Also shown in a tab as popup.html#job=ID when a notification is clicked.
import { useEffect, useRef, useState } from 'react';
import { browser } from 'wxt/browser';
import { DomainForm } from './components/DomainForm';
import { announcement, domainFromTabUrl, jobElementId, jobIdFromHash, retryAnnouncement, waitsForUnlock } from './job-view';
import { JobList } from './components/JobList';
import { useT } from '@/components/LanguageProvider';
import { NoKeyNotice } from '@/components/NoKeyNotice';
import { loadNameRules } from '@/components/domain-name';
import { BATCH_PAGE, openInTabOnClick, readinessPath } from '@/components/page-links';
import { clearHistory, copyJobCode, dismissJob, requestCode, retryJob, tryNow, type SubmitOutcome } from '@/lib/protocol/client';
import type { JobActions } from './components/JobItem';
import { UnlockNotice } from '@/components/UnlockNotice';
import { useFirstScreen } from './hooks/useFirstScreen';
import { useStorageValue } from '@/components/hooks/useStorageValue';
import { useVault } from '@/components/hooks/useVault';
import { useCircuit } from '@/components/hooks/useCircuit';
import { useNow } from '@/components/hooks/useNow';
import { useTryWhenOnline } from '@/components/hooks/useTryWhenOnline';
import { useRevealedCodes } from '@/components/hooks/useRevealedCodes';
import { codeView } from '@/lib/jobs/code-view';
import { profilesItem } from '@/lib/storage';
import { useJobHistory } from './hooks/useJobHistory';
import { isPending, type Job } from '@/lib/jobs/types';


/** What the buttons and links of a job in the list do. */
const jobActions: JobActions = {
  copy: copyJobCode,
  retry: (job) => retryJob(job.id),
  dismiss: (job) => dismissJob(job.id),
  tryNow,
  readiness: { href: (job) => readinessPath(job.domain), open: (job) => openInTabOnClick(readinessPath(job.domain)) },
};

export function App() {
  const { t, lang } = useT();
  const book = useStorageValue(profilesItem);
  const [highlightId] = useState(() => jobIdFromHash(location.hash));
  const { jobs, more, showMore } = useJobHistory(highlightId);
  const [keyMissing, setKeyMissing] = useState(false);
  const [spoken, setSpoken] = useState('');
  const inputRef = useRef<HTMLInputElement>(null);
  // Starts as what was typed into popup.html's static first screen; takes over its focus.
  const [text, setText] = useFirstScreen(inputRef);
  const previousJobs = useRef<Job[] | undefined>(undefined);
  /** The jobs retrying at the last look (undefined until jobs and circuit are first read). */
  const previousRetrying = useRef<Set<string> | undefined>(undefined);
  const circuit = useCircuit();
  // One clock for the list: elapsed times and "next try in N s" tick every second while a job is pending.
  const now = useNow(jobs?.some(isPending) ?? false);
  // The browser came back online: probe Alibaba Cloud at once instead of at the backoff.
  useTryWhenOnline(tryNow);
  const { vault, refresh: refreshVault } = useVault();
  // Opened while locked (a notification asked to unlock): the passphrase field takes the focus.
  const [openedLocked, setOpenedLocked] = useState<boolean | undefined>(undefined);
  const waitingForUnlock = jobs?.some(waitsForUnlock) ?? false;
  // Sealed codes of the shown jobs, opened by the worker once the vault is unlocked (never while locked).
  const revealed = useRevealedCodes(jobs, vault?.status, () => void refreshVault());

  useEffect(() => {
    if (vault && openedLocked === undefined) setOpenedLocked(vault.status === 'locked');
  }, [vault, openedLocked]);

  // A job that starts or stops waiting for an unlock means the vault's state changed: ask again.
  const wasWaiting = useRef(waitingForUnlock);
  useEffect(() => {
    if (wasWaiting.current === waitingForUnlock) return;
    wasWaiting.current = waitingForUnlock;
    void refreshVault();
  }, [waitingForUnlock, refreshVault]);

  useEffect(() => {
    document.title = t('appName');
  }, [t]);

  useEffect(() => {
    let live = true;
    void activeTabDomain().then((domain) => {
      if (live && domain) setText((current) => current || domain);
    });
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => setKeyMissing(false), [book]);

  // What changed, said once: a job's new state, a job that started retrying (a retrying job can
  // start with the clock, when it falls due while the circuit is set, so `now` is followed too).
  useEffect(() => {
    if (!jobs) return;
    const phrases: string[] = [];
    if (previousJobs.current !== jobs) {
      phrases.push(announcement(previousJobs.current, jobs, lang));
      previousJobs.current = jobs;
    }
    if (circuit !== undefined) {
      const retry = retryAnnouncement(previousRetrying.current, jobs, circuit, now, lang);
      previousRetrying.current = retry.retrying;
      phrases.push(retry.words);
    }
    const words = phrases.filter(Boolean).join(t('announceJoin'));
    if (words) setSpoken(words);
  }, [jobs, circuit, now, lang, t]);

  const found = jobs?.some((job) => job.id === highlightId) ?? false;
  useEffect(() => {
    if (found && highlightId) document.getElementById(jobElementId(highlightId))?.scrollIntoView({ block: 'center' });
  }, [found, highlightId]);

  async function submit(value: string): Promise<SubmitOutcome> {
    const outcome = await requestCode(value);
    if (outcome.kind === 'no-credentials') setKeyMissing(true);
    const joined = outcome.kind === 'started' && outcome.joined;
    if (joined) setSpoken(t('announceJoined', { domain: jobs?.find((j) => j.id === outcome.jobId)?.domain ?? value }));
    return outcome;
  }

  async function clear() {
    await clearHistory();
    setSpoken(t('announceCleared'));
  }

  async function unlocked() {
    await refreshVault();
    setSpoken(t('vaultUnlockedNow'));
    inputRef.current?.focus();
  }

  // With the vault on, profiles keep an empty secret field (the secret is sealed): a profile with
  // an AccessKey ID counts as a saved key; the background's no-credentials answer says the rest.
  const noKey = keyMissing || (book !== undefined && !book.profiles.some((p) => p.accessKeyId.trim() !== ''));
  const locked = vault?.status === 'locked';
  return (
    // One main landmark holds the whole popup, as on the other pages (axe: landmark-one-main, region).
    <main className="page popup">
      <header className="brand">
        <img src="/icon/32.png" alt="" width={20} height={20} />
        <h1>{t('appName')}</h1>
      </header>
      {locked && <UnlockNotice onUnlocked={() => void unlocked()} onStale={() => void refreshVault()} autoFocus={openedLocked !== false} />}
      {noKey && <NoKeyNotice />}
      <DomainForm value={text} onChange={setText} submit={submit} inputRef={inputRef} />
      <p className="more-links">
        <a href={BATCH_PAGE} onClick={openInTabOnClick(BATCH_PAGE)}>
          {t('batchLink')}
        </a>
      </p>
      {jobs && <JobList jobs={jobs} more={more} showMore={showMore} highlightId={highlightId} actions={jobActions} clearHistory={clear} now={now} circuit={circuit} codeOf={(job) => codeView(job, revealed, vault?.status)} />}
      <div className="sr-only" aria-live="polite">
        {spoken}
      </div>
    </main>
  );
}

/** The active tab's registrable domain; the activeTab grant makes its URL readable here. */
async function activeTabDomain(): Promise<string> {
  try {
    const [[tab], rules] = await Promise.all([browser.tabs.query({ active: true, currentWindow: true }), loadNameRules()]);
    return domainFromTabUrl(tab?.url, rules.normalizeDomain);
  } catch {
    return '';
  }
}
