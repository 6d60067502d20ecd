// The transfer-readiness page (/readiness.html?domain=example.com): asks the background to check
// the domain, shows the verdict and each check, offers to turn the transfer lock off (after an
// in-page confirmation), then asks again every few seconds until the lock is off.
// This page's own words (the popup's are built in): see lib/i18n/pages.ts.
import '@/lib/i18n/pages';
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { loadNameRules } from '@/components/domain-name';
import { useT } from '@/components/LanguageProvider';
import { DomainField } from '@/components/DomainField';
import { PageHeader } from '@/components/full-page/PageHeader';
import { NoKeyNotice } from '@/components/NoKeyNotice';
import { callFailureText, ReadinessReport, type LockFlow } from './components/ReadinessReport';
import { turnTransferLockOff } from '@/lib/protocol/full-page-client';
import { checkAndJudge, waitUntilUnlocked, type ReadinessResult } from './check';
import { UnlockNotice } from '@/components/UnlockNotice';
import type { NameRefusal } from '@/lib/protocol';

const domainParam = () => new URLSearchParams(location.search).get('domain') ?? '';

export function App() {
  const { t, lang } = useT();
  const [text, setText] = useState(domainParam);
  const [domain, setDomain] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<NameRefusal | null>(null);
  const [outcome, setOutcome] = useState<ReadinessResult | null>(null);
  const [loading, setLoading] = useState(false);
  const [lock, setLock] = useState<LockFlow>({ step: 'idle' });
  const asked = useRef(0);
  const waiting = useRef<AbortController | null>(null);
  /** The name rules and their refusal words, loaded lazily (a refusal is only found once they are here). */
  const [rules, setRules] = useState<Awaited<ReturnType<typeof loadNameRules>> | null>(null);


  const check = useCallback(async (name: string) => {
    const ask = ++asked.current;
    setDomain(name);
    setLoading(true);
    const answer = await checkAndJudge(name);
    // Only the newest question's answer counts (the user may have asked for another domain).
    if (ask !== asked.current) return;
    setOutcome(answer);
    setLoading(false);
  }, []);

  /** Normalizes what the user gave (the background only checks the shape), then checks it. */
  const start = useCallback(
    async (input: string) => {
      const loaded = await loadNameRules();
      setRules(loaded);
      const name = loaded.normalizeDomain(input);
      if (!name.ok) {
        setRefusal(name.reason);
        return;
      }
      setRefusal(null);
      if (name.domain !== domainParam()) history.replaceState(null, '', `?domain=${encodeURIComponent(name.domain)}`);
      waiting.current?.abort();
      setLock({ step: 'idle' });
      setOutcome(null);
      await check(name.domain);
    },
    [check],
  );

  useEffect(() => {
    const initial = domainParam();
    if (initial) void start(initial);
    return () => waiting.current?.abort();
  }, [start]);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void start(text);
  }

  async function turnOff(passphrase?: string) {
    if (!domain) return;
    setLock({ step: 'sending' });
    const answer = await turnTransferLockOff(domain, passphrase);
    if (!answer.ok) return setLock({ step: 'failed', failure: answer });
    setLock({ step: 'waiting' });
    const controller = new AbortController();
    waiting.current?.abort();
    waiting.current = controller;
    const off = await waitUntilUnlocked(
      domain,
      (report) => {
        asked.current++; // a "Check again" still in flight is older than this report
        setLoading(false);
        setOutcome(report);
      },
      controller.signal,
    );
    if (!controller.signal.aborted) setLock({ step: off ? 'done' : 'timeout' });
  }

  function checkAgain() {
    if (!domain) return;
    // A finished lock step is history once the domain is checked again; a running wait goes on.
    if (lock.step !== 'waiting' && lock.step !== 'sending') setLock({ step: 'idle' });
    void check(domain);
  }

  const report = outcome?.ok && outcome.readiness.domain === domain ? outcome : null;
  const failure = outcome && !outcome.ok ? outcome : null;
  return (
    <main className="page readiness-page">
      <PageHeader title={t('readinessTitle')} />

      <form className="domain-form readiness-form" onSubmit={onSubmit} noValidate>
        <DomainField
          value={text}
          onChange={(next) => {
            setText(next);
            setRefusal(null);
          }}
          error={refusal && rules ? rules.refusalMessage(refusal, lang) : null}
        >
          <button type="submit">{t('readinessCheck')}</button>
        </DomainField>
      </form>

      <p role="status" className="checking">
        {loading && domain ? t('readinessChecking', { domain }) : ''}
      </p>

      {failure?.error === 'no-credentials' && <NoKeyNotice />}
      {failure?.error === 'locked' && (
        <UnlockNotice body="readinessLockedBody" autoFocus onUnlocked={() => domain && void check(domain)} onStale={() => undefined} />
      )}
      {lock.step === 'failed' && lock.failure.error === 'locked' && (
        <UnlockNotice body="readinessLockedBody" autoFocus onUnlocked={() => setLock({ step: 'idle' })} onStale={() => undefined} />
      )}
      {failure && failure.error !== 'no-credentials' && failure.error !== 'locked' && (
        <div className="card readiness-error">
          <p className="error" role="alert">
            {callFailureText(failure, t)}
          </p>
        </div>
      )}

      {report && (
        <ReadinessReport
          report={report}
          lock={lock}
          askToUnlock={() => setLock({ step: 'confirm' })}
          cancel={() => setLock({ step: 'idle' })}
          confirm={(passphrase) => void turnOff(passphrase)}
        />
      )}

      {domain && (
        <div className="actions">
          <button type="button" className="secondary" onClick={checkAgain} disabled={loading}>
            {t('checkAgain')}
          </button>
        </div>
      )}
    </main>
  );
}
