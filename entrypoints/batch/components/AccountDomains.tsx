// "Pick from the account" (issue 17): the active profile's domains, loaded from QueryDomainList on
// request, filtered here (name, suffix, expiry, transfer lock), then picked with checkboxes. The
// transfer lock is not in the list: choosing Locked or Not locked reads it per domain, paced, and
// the answers go with the pick so a pre-flight need not ask again. Every value from the network is
// shown as text.
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { filterDomains, suffixesOf, type AccountDomain, type LockFilter } from '@/lib/account/domain-list';
import { classifyCode } from '@/lib/aliyun/errors';
import type { MessageKey } from '@/lib/i18n';
import { formatDate } from '@/lib/i18n/readiness-words';
import { MAX_ACCOUNT_PAGES, type FactsAnswer } from '@/lib/protocol';
import { MAX_BATCH } from '@/lib/protocol/limits';
import { useT } from '../../../components/LanguageProvider';
import { useAccountList, useLockReads, type CallFailure, type LockReading } from '../hooks/useAccountDomains';

/** Rows put in the DOM at most; the rest of a long match is counted, and Select all still takes it. */
export const ACCOUNT_ROWS = 500;

type T = (key: MessageKey, params?: Record<string, string | number>) => string;

/** A pick handed to the form: `seq` grows with each one, so the same domains picked again are news. */
export type { PickedDomains } from './BatchForm';

interface Props {
  /** The picked domains in the list's order, and the readiness answers already read for them. */
  onPick(domains: string[], facts: Map<string, FactsAnswer>): void;
}

/** The days typed, or undefined for none (empty) or a text that is not a whole number. */
function daysOf(text: string): number | undefined {
  return /^\s*\d{1,5}\s*$/.test(text) ? Number(text) : undefined;
}

export function AccountDomains({ onPick }: Props) {
  const { t } = useT();
  const { list, load } = useAccountList();
  const { locks, facts, version, reading, read, clearFailure, reset } = useLockReads();
  const [text, setText] = useState('');
  const [suffix, setSuffix] = useState('');
  const [daysText, setDaysText] = useState('');
  const [lock, setLock] = useState<LockFilter>('any');
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [now, setNow] = useState(Date.now);

  const domains = list.step === 'idle' ? [] : list.domains;
  const days = daysOf(daysText);
  const daysInvalid = daysText.trim() !== '' && days === undefined;
  const suffixes = useMemo(() => suffixesOf(domains), [domains]);
  // What the filters other than the lock let through: the domains whose lock is worth reading.
  const listed = useMemo(() => filterDomains(domains, { text, suffix, expiringWithinDays: days }, locks, now), [domains, text, suffix, days, locks, now]);
  // `version` is in the dependencies because the lock map is filled in place as answers come.
  const matching = useMemo(() => (lock === 'any' ? listed : filterDomains(listed, { lock }, locks, now)), [listed, lock, locks, now, version]);

  // Locked / Not locked: read the locks of the listed domains not read yet (again after a stop
  // only once the choice is made again).
  useEffect(() => {
    if (lock === 'any' || reading?.running || reading?.failure) return;
    void read(listed.map((d) => d.domain));
  }, [lock, listed, reading, read]);

  async function onLoad() {
    reset();
    setSelected(new Set());
    setNow(Date.now());
    await load();
  }

  function toggle(domain: string, on: boolean) {
    setSelected((before) => {
      const next = new Set(before);
      if (on) next.add(domain);
      else next.delete(domain);
      return next;
    });
  }

  const allSelected = matching.length > 0 && matching.every((d) => selected.has(d.domain));
  const someSelected = !allSelected && matching.some((d) => selected.has(d.domain));
  function selectAll(on: boolean) {
    setSelected((before) => {
      const next = new Set(before);
      for (const d of matching) {
        if (on) next.add(d.domain);
        else next.delete(d.domain);
      }
      return next;
    });
  }

  // Selected names still in the list, in its order (a name filtered out stays selected).
  const picked = domains.filter((d) => selected.has(d.domain)).map((d) => d.domain);
  // Said beside the count, so "Use N" never sends domains nobody can see without a word.
  const hidden = picked.length - matching.filter((d) => selected.has(d.domain)).length;
  function use() {
    const answers = new Map<string, FactsAnswer>();
    for (const d of picked) {
      const answer = facts.get(d);
      if (answer) answers.set(d, answer);
    }
    onPick(picked, answers);
  }

  const loading = list.step === 'loading';
  const shown = matching.slice(0, ACCOUNT_ROWS);
  return (
    <section className="card account-domains" aria-labelledby="account-heading">
      <h2 id="account-heading">{t('accountHeading')}</h2>
      <p className="hint" id="account-hint">
        {t('accountHint')}
      </p>
      <div className="actions">
        <button type="button" className="secondary" onClick={() => void onLoad()} disabled={loading} aria-busy={loading || undefined} aria-describedby="account-hint">
          {t('accountLoad')}
        </button>
      </div>
      <p role="status" className="account-status">
        {listStatus(list, t)}
      </p>
      {list.step === 'loaded' && list.truncated && <p className="hint">{t('accountTruncated', { pages: MAX_ACCOUNT_PAGES, n: list.domains.length })}</p>}
      {list.step === 'loaded' && list.failure && (
        <p className="error" role="alert">
          {failureText(list.failure, t)}
        </p>
      )}

      {list.step === 'loaded' && list.domains.length === 0 && !list.failure && <p>{t('accountEmpty')}</p>}
      {domains.length > 0 && (
        <>
          <div className="account-filters">
            <Field id="account-search" label={t('accountSearch')}>
              <input id="account-search" type="search" autoComplete="off" spellCheck={false} value={text} onChange={(e) => setText(e.target.value)} />
            </Field>
            <Field id="account-suffix" label={t('accountSuffix')}>
              <select id="account-suffix" value={suffix} onChange={(e) => setSuffix(e.target.value)}>
                <option value="">{t('accountSuffixAll')}</option>
                {suffixes.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="account-expiring" label={t('accountExpiring')} hint={t('accountExpiringHint')}>
              <input
                id="account-expiring"
                type="number"
                inputMode="numeric"
                min={0}
                step={1}
                value={daysText}
                onChange={(e) => {
                  setDaysText(e.target.value);
                  setNow(Date.now());
                }}
                aria-invalid={daysInvalid || undefined}
                aria-describedby="account-expiring-hint"
              />
            </Field>
            <Field id="account-lock" label={t('accountLock')} hint={t('accountLockHint')}>
              <select
                id="account-lock"
                value={lock}
                onChange={(e) => {
                  clearFailure();
                  setLock(e.target.value as LockFilter);
                }}
                aria-describedby="account-lock-hint"
              >
                <option value="any">{t('accountLockAny')}</option>
                <option value="locked">{t('accountLockLocked')}</option>
                <option value="unlocked">{t('accountLockUnlocked')}</option>
              </select>
            </Field>
          </div>
          <LockProgress reading={reading} t={t} />

          <div className="account-select">
            <label>
              <SelectAll checked={allSelected} mixed={someSelected} disabled={matching.length === 0} onChange={selectAll} />
              {t('accountSelectAll')}
            </label>
          </div>
          {matching.length === 0 ? (
            <p>{t('accountNone')}</p>
          ) : (
            <div className="table-wrap preview">
              <table>
                <caption>{t('accountMatching', { n: matching.length, total: domains.length })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('colDomain')}</th>
                    <th scope="col">{t('readinessTitleExpiry')}</th>
                    <th scope="col">{t('readinessTitleLock')}</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((d) => (
                    <Row key={d.domain} domain={d} lock={locks.has(d.domain) ? (locks.get(d.domain) ?? null) : undefined} checked={selected.has(d.domain)} onToggle={toggle} t={t} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {matching.length > shown.length && <p className="hint">{t('accountMoreRows', { n: matching.length - shown.length })}</p>}

          <p role="status" className="account-count">
            {hidden > 0 ? t('accountSelectedHidden', { n: picked.length, hidden }) : t('accountSelected', { n: picked.length })}
          </p>
          {picked.length > MAX_BATCH && (
            <p className="error" role="alert">
              {t('batchTooMany', { n: picked.length, max: MAX_BATCH })}
            </p>
          )}
          <div className="actions">
            <button type="button" onClick={use} disabled={picked.length === 0 || picked.length > MAX_BATCH}>
              {picked.length === 1 ? t('accountUseOne') : t('accountUse', { n: picked.length })}
            </button>
          </div>
        </>
      )}
    </section>
  );
}

/** A labelled filter: the control (its id is `id`) and, when there is one, its hint (`${id}-hint`). */
function Field({ id, label, hint, children }: { id: string; label: string; hint?: string; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
    </div>
  );
}

/** `lock`: true on, false off, null read but not reported, undefined not read. */
function Row({ domain, lock, checked, onToggle, t }: { domain: AccountDomain; lock: boolean | null | undefined; checked: boolean; onToggle(domain: string, on: boolean): void; t: T }) {
  return (
    <tr>
      <td className="domain-cell">
        <label>
          <input type="checkbox" checked={checked} onChange={(e) => onToggle(domain.domain, e.target.checked)} /> {domain.domain}
        </label>
      </td>
      <td>{domain.expiresAt !== undefined ? formatDate(domain.expiresAt) : ''}</td>
      <td>{lock === true ? t('accountLockLocked') : lock === false ? t('accountLockUnlocked') : lock === null ? t('readinessNoData') : <span className="hint">{t('accountLockNotRead')}</span>}</td>
    </tr>
  );
}

/** A checkbox that shows "some selected" as mixed (indeterminate is a property, not an attribute). */
function SelectAll({ checked, mixed, disabled, onChange }: { checked: boolean; mixed: boolean; disabled: boolean; onChange(on: boolean): void }) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = mixed;
  }, [mixed]);
  return <input ref={ref} type="checkbox" checked={checked} disabled={disabled} onChange={(e) => onChange(e.target.checked)} />;
}

function LockProgress({ reading, t }: { reading: LockReading | null; t: T }) {
  return (
    <>
      <p role="status" className="account-locks">
        {reading?.running ? t('accountReadingLocks', { done: reading.done, total: reading.total }) : reading && !reading.failure ? t('accountLocksRead', { n: reading.done }) : ''}
      </p>
      {reading?.failure && (
        <p className="error" role="alert">
          {t('accountLocksStopped', { done: reading.done, total: reading.total, reason: failureText(reading.failure, t) })}
        </p>
      )}
    </>
  );
}

function listStatus(list: ReturnType<typeof useAccountList>['list'], t: T): string {
  if (list.step === 'loading') {
    // "300 of 2,000" once the first page said how many; the page number before (or if it never does).
    const { total, domains } = list;
    return total !== undefined && total >= domains.length ? t('accountLoadingOf', { n: domains.length, total }) : t('accountLoading', { page: list.page });
  }
  if (list.step === 'loaded') return list.domains.length === 1 ? t('accountLoadedOne') : t('accountLoaded', { n: list.domains.length });
  return '';
}

/** Why a call failed, in plain words; an API failure keeps Alibaba Cloud's code (our words carry it). */
export function failureText(failure: CallFailure, t: T): string {
  switch (failure.error) {
    case 'no-credentials':
      return t('accountNoKey');
    case 'locked':
      return t('accountLocked');
    case 'refused':
      return t('refused');
    case 'no-answer':
      return t('noAnswer');
    case 'api':
      return classifyCode(failure.code).cause === 'permission' ? t('accountNeedsPermission', { message: failure.message }) : failure.message;
  }
}
