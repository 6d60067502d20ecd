// The batch page's form: a list pasted or read from a CSV file, every entry checked here with its
// own refusal and duplicates merged (a preview table says which line became what), then one
// requestBatch with the texts of the distinct domains. With "Check readiness first" (issue 17) each
// domain's facts are read before (lib/batch/preflight): left-out and locked domains are shown for a
// decision first (PreflightReview); a batch with neither starts at once.
import { useDeferredValue, useEffect, useMemo, useRef, useState, type ChangeEvent, type FormEvent, type Ref } from 'react';
import { csvDomains, splitDomainText } from '@/lib/batch/parse';
import { planBatch, type BatchPlan, type PreviewRow } from '@/lib/batch/plan';
import { MAX_BATCH } from '@/lib/protocol/limits';
import { refusalMessage } from '@/lib/i18n/worker-words';
import type { MessageKey } from '@/lib/i18n';
import type { PageVaultState } from '@/lib/protocol/client';
import { checkReadiness, requestBatch, type BatchOutcome } from '@/lib/protocol/full-page-client';
import type { BatchUnlock, FactsAnswer } from '@/lib/protocol';
import { domainsToRead, domainsToSend, planPreflight, readAllFacts, startsAtOnce, type FactsRead, type PreflightPlan } from '@/lib/batch/preflight';
import { clampRate, DEFAULT_REQUESTS_PER_SECOND } from '@/lib/jobs/rate-limit';
import { settingsItem } from '@/lib/storage';
import { PreflightReview, type ReviewFailure } from './PreflightReview';
import { loadNameRules } from '../../../components/domain-name';
import { useT } from '../../../components/LanguageProvider';
import { callFailureText } from '../../../components/full-page/call-failure';

type Rules = Awaited<ReturnType<typeof loadNameRules>>;
export type StartedBatch = Extract<BatchOutcome, { kind: 'started' }> & {
  /** What the readiness check before the start left out and could not check (absent: no check). */
  preflight?: { leftOut: string[]; unchecked: PreflightPlan['unchecked'] };
};

/** Domains picked elsewhere on the page, with facts already read; a new `seq` replaces the box's text. */
export interface PickedDomains {
  domains: string[];
  facts: ReadonlyMap<string, FactsAnswer>;
  seq: number;
}

/** Where the check before the start is. */
type Phase = { step: 'form' } | { step: 'checking'; done: number; total: number } | { step: 'review'; domains: string[]; plan: PreflightPlan; failure: ReviewFailure | null };

/** Rows shown in the preview; a longer list says how many more there are. */
export const PREVIEW_ROWS = 2_000;
const MAX_FILE_BYTES = 5 * 1024 * 1024;

type ImportNote =
  | { kind: 'read'; n: number; file: string; column?: string }
  | { kind: 'error'; key: 'batchImportTooBig' | 'batchImportUnreadable' }
  | { kind: 'empty'; file: string };

interface Props {
  onStarted(started: StartedBatch): void;
  onNoKey(): void;
  textareaRef?: Ref<HTMLTextAreaElement>;
  picked?: PickedDomains;
  /** The vault's state: with it unlocked, turning locks off asks for the passphrase again. */
  vaultStatus?: PageVaultState;
}

export function BatchForm({ onStarted, onNoKey, textareaRef, picked, vaultStatus }: Props) {
  const { t } = useT();
  const [text, setText] = useState('');
  const [rules, setRules] = useState<Rules | null>(null);
  const [note, setNote] = useState<ImportNote | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<MessageKey | null>(null);
  const [checkFirst, setCheckFirst] = useState(true);
  const [phase, setPhase] = useState<Phase>({ step: 'form' });
  /** The running check's controller: Cancel (or leaving the page) aborts it. */
  const checking = useRef<AbortController | null>(null);
  const knownFacts = useRef<ReadonlyMap<string, FactsRead> | undefined>(undefined);
  const backToForm = useRef(false);
  // A long list is checked behind the typing, not on every key press.
  const deferredText = useDeferredValue(text);
  const plan = useMemo(() => (rules ? planBatch(splitDomainText(deferredText), rules.normalizeDomain) : null), [deferredText, rules]);

  useEffect(() => {
    if (!picked) return;
    knownFacts.current = picked.facts;
    setText(picked.domains.join('\n'));
    setNote(null);
    setFailure(null);
    // Only a new pick replaces the text (the person may have edited it since).
  }, [picked?.seq]);

  useEffect(() => () => checking.current?.abort(), []);

  // Back from the check or the review: the text box takes the focus again.
  useEffect(() => {
    if (phase.step !== 'form' || !backToForm.current) return;
    backToForm.current = false;
    document.getElementById('batch-domains')?.focus();
  }, [phase.step]);

  useEffect(() => {
    let live = true;
    void loadNameRules().then((loaded) => live && setRules(loaded));
    return () => {
      live = false;
    };
  }, []);

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const input = event.currentTarget;
    const file = input.files?.[0];
    if (!file) return;
    input.value = ''; // choosing the same file again reads it again
    setFailure(null);
    if (file.size > MAX_FILE_BYTES) return setNote({ kind: 'error', key: 'batchImportTooBig' });
    let content: string;
    try {
      content = await file.text();
    } catch {
      return setNote({ kind: 'error', key: 'batchImportUnreadable' });
    }
    const found = csvDomains(content);
    if (found.entries.length === 0) return setNote({ kind: 'empty', file: file.name });
    setText(found.entries.map((entry) => entry.text).join('\n'));
    setNote({ kind: 'read', n: found.entries.length, file: file.name, ...(found.header ? { column: found.header } : {}) });
  }

  /** Sends the batch; answers the review's failure when the locks could not be turned off. */
  async function send(texts: string[], unlock?: BatchUnlock, preflight?: StartedBatch['preflight']): Promise<ReviewFailure | null> {
    setBusy(true);
    setFailure(null);
    try {
      const outcome = await requestBatch(texts, unlock);
      if (outcome.kind === 'started') {
        setText('');
        setNote(null);
        setPhase({ step: 'form' });
        onStarted(preflight ? { ...outcome, preflight } : outcome);
        return null;
      }
      if (outcome.kind === 'unlock-failed') {
        const why = outcome.failure;
        return why.error === 'wrong-passphrase' ? { kind: 'wrong-passphrase' } : { kind: 'unlock', text: callFailureText(why, t) };
      }
      if (outcome.kind === 'no-credentials') onNoKey();
      else setFailure(outcome.kind === 'empty' ? 'batchNothing' : outcome.message);
      setPhase({ step: 'form' });
      return null;
    } finally {
      setBusy(false);
    }
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (busy || phase.step !== 'form') return;
    const current = planBatch(splitDomainText(text), (rules ?? (await loadNameRules())).normalizeDomain);
    if (current.texts.length === 0 || current.tooMany) return;
    if (!checkFirst) {
      await send(current.texts);
      return;
    }
    const domains = current.rows.flatMap((row) => (row.kind === 'ok' ? [row.domain] : []));
    const controller = new AbortController();
    checking.current?.abort();
    checking.current = controller;
    setFailure(null);
    setPhase({ step: 'checking', done: 0, total: domainsToRead(domains, knownFacts.current, Date.now()).length });
    const settings = await settingsItem.getValue();
    const facts = await readAllFacts(domains, knownFacts.current, (domain) => checkReadiness(domain, true), {
      perSecond: clampRate(settings.requestsPerSecond ?? DEFAULT_REQUESTS_PER_SECOND),
      signal: controller.signal,
      onProgress: (done, total) => !controller.signal.aborted && setPhase({ step: 'checking', done, total }),
    });
    if (controller.signal.aborted) return; // cancelled: the form is back, nothing is sent
    checking.current = null;
    knownFacts.current = facts;
    const plan = planPreflight(domains, facts, Date.now());
    // Nothing could be read for a reason no request would get past: said on the form, as a submit would.
    const why = plan.unchecked.length === domains.length ? plan.unchecked[0]?.why : undefined;
    if (why && why.error !== 'api' && why.error !== 'not-read') {
      setPhase({ step: 'form' });
      if (why.error === 'no-credentials') onNoKey();
      else setFailure(why.error === 'locked' ? 'accountLocked' : why.error === 'no-answer' ? 'noAnswer' : 'refused');
      return;
    }
    const notes = { leftOut: plan.leftOut.map((l) => l.domain), unchecked: plan.unchecked };
    if (startsAtOnce(plan)) await send(domainsToSend(domains, plan, false), undefined, notes);
    else setPhase({ step: 'review', domains, plan, failure: null });
  }

  function cancelCheck() {
    checking.current?.abort();
    checking.current = null;
    backToForm.current = true;
    setPhase({ step: 'form' });
  }

  async function confirm(withLocked: boolean, passphrase?: string) {
    if (phase.step !== 'review' || busy) return;
    const { domains, plan } = phase;
    const unlock = withLocked && plan.toUnlock.length > 0 ? { domains: plan.toUnlock, ...(passphrase !== undefined ? { passphrase } : {}) } : undefined;
    const failed = await send(domainsToSend(domains, plan, withLocked), unlock, { leftOut: plan.leftOut.map((l) => l.domain), unchecked: plan.unchecked });
    if (failed) setPhase({ step: 'review', domains, plan, failure: failed });
  }

  if (phase.step === 'review') {
    return (
      <PreflightReview
        plan={phase.plan}
        vaultStatus={vaultStatus}
        busy={busy}
        failure={phase.failure}
        confirm={(withLocked, passphrase) => void confirm(withLocked, passphrase)}
        cancel={() => {
          backToForm.current = true;
          setPhase({ step: 'form' });
        }}
      />
    );
  }

  const count = plan?.texts.length ?? 0;
  return (
    <section className="card" aria-labelledby="batch-new-heading">
      <h2 id="batch-new-heading">{t('batchNewHeading')}</h2>
      <form className="batch-form" onSubmit={(e) => void onSubmit(e)} noValidate>
        <div className="field">
          <label htmlFor="batch-domains">{t('batchDomains')}</label>
          <textarea
            id="batch-domains"
            ref={textareaRef}
            rows={8}
            spellCheck={false}
            autoCapitalize="off"
            autoComplete="off"
            placeholder={'example.com\nexample.net, example.org'}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setFailure(null);
            }}
            aria-describedby="batch-domains-hint"
          />
          <p id="batch-domains-hint" className="hint">
            {t('batchDomainsHint', { max: MAX_BATCH })}
          </p>
        </div>
        <div className="field">
          <label htmlFor="batch-csv">{t('batchImportCsv')}</label>
          <input id="batch-csv" type="file" accept=".csv,.txt,text/csv,text/plain" onChange={(e) => void onFile(e)} aria-describedby="batch-csv-hint" />
          <p id="batch-csv-hint" className="hint">
            {t('batchImportHint')}
          </p>
          <p role="status" className={note?.kind === 'read' ? 'import-note' : 'import-note error'}>
            {noteText(note, t)}
          </p>
        </div>

        {text.trim() !== '' && !plan && <p className="hint">{t('batchChecking')}</p>}
        {plan && plan.rows.length > 0 && <Preview plan={plan} />}

        {plan?.tooMany && (
          <p className="error" role="alert">
            {t('batchTooMany', { n: count, max: MAX_BATCH })}
          </p>
        )}
        <div className="field check-first">
          <label className="choice">
            <input id="batch-check-first" type="checkbox" checked={checkFirst} onChange={(e) => setCheckFirst(e.target.checked)} aria-describedby="batch-check-first-hint" />{' '}
            {t('preflightCheckFirst')}
          </label>
          <p id="batch-check-first-hint" className="hint">
            {t('preflightCheckFirstHint')}
          </p>
        </div>
        <div className="actions">
          <button type="submit" disabled={count === 0 || plan?.tooMany || busy || phase.step === 'checking'} aria-busy={busy || phase.step === 'checking' || undefined}>
            {count === 1 ? t('batchSubmitOne') : t('batchSubmit', { n: count })}
          </button>
          {phase.step === 'checking' && (
            <button type="button" className="secondary" onClick={cancelCheck}>
              {t('cancel')}
            </button>
          )}
        </div>
        <p role="status" className="preflight-progress">
          {phase.step === 'checking' ? t('preflightChecking', { done: phase.done, total: phase.total }) : ''}
        </p>
        {failure && (
          <p className="error" role="alert">
            {t(failure)}
          </p>
        )}
      </form>
    </section>
  );
}

function noteText(note: ImportNote | null, t: (key: MessageKey, params?: Record<string, string | number>) => string): string {
  if (!note) return '';
  if (note.kind === 'error') return t(note.key);
  if (note.kind === 'empty') return t('batchImportEmpty', { file: note.file });
  return note.column ? t('batchImportedColumn', { n: note.n, file: note.file, column: note.column }) : t('batchImported', { n: note.n, file: note.file });
}

function Preview({ plan }: { plan: BatchPlan }) {
  const { t } = useT();
  const shown = plan.rows.slice(0, PREVIEW_ROWS);
  return (
    <div className="table-wrap preview">
      <table>
        <caption>
          {t('batchPreview')}
          <span className="hint"> · {t('batchPreviewSummary', { ok: plan.texts.length, refused: plan.refused, duplicates: plan.duplicates })}</span>
        </caption>
        <thead>
          <tr>
            <th scope="col" className="num">
              {t('colLine')}
            </th>
            <th scope="col">{t('colInput')}</th>
            <th scope="col">{t('colDomainOrReason')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((row, index) => (
            <PreviewLine key={index} row={row} />
          ))}
        </tbody>
      </table>
      {plan.rows.length > shown.length && <p className="hint">{t('batchMoreRows', { n: plan.rows.length - shown.length })}</p>}
    </div>
  );
}

function PreviewLine({ row }: { row: PreviewRow }) {
  const { t, lang } = useT();
  return (
    <tr className={`preview-${row.kind}`}>
      <td className="num">{row.line}</td>
      <td className="input-text">{row.text}</td>
      <td>
        {row.kind === 'ok' && <span className="domain-cell">{row.domain}</span>}
        {row.kind === 'refused' && <span className="refusal">{refusalMessage(row.reason, lang)}</span>}
        {row.kind === 'duplicate' && <span className="hint">{t('duplicateOf', { line: row.firstLine })}</span>}
      </td>
    </tr>
  );
}
