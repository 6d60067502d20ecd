// The batch page's form: a list pasted or read from a CSV file, every entry checked here with its
// own refusal and duplicates merged (a preview table says which line became what), then one
// requestBatch with the texts of the distinct domains.
import { useDeferredValue, useEffect, useMemo, useState, type ChangeEvent, type FormEvent, type Ref } from 'react';
import { csvDomains, splitDomainText } from '@/lib/batch/parse';
import { planBatch, type BatchPlan, type PreviewRow } from '@/lib/batch/plan';
import { MAX_BATCH } from '@/lib/protocol/limits';
import { refusalMessage } from '@/lib/i18n/worker-words';
import type { MessageKey } from '@/lib/i18n';
import { requestBatch, type BatchOutcome } from '@/lib/protocol/client';
import { loadNameRules } from '../../../components/domain-name';
import { useT } from '../../../components/LanguageProvider';

type Rules = Awaited<ReturnType<typeof loadNameRules>>;
export type StartedBatch = Extract<BatchOutcome, { kind: 'started' }>;

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
}

export function BatchForm({ onStarted, onNoKey, textareaRef }: Props) {
  const { t } = useT();
  const [text, setText] = useState('');
  const [rules, setRules] = useState<Rules | null>(null);
  const [note, setNote] = useState<ImportNote | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<MessageKey | null>(null);
  // A long list is checked behind the typing, not on every key press.
  const deferredText = useDeferredValue(text);
  const plan = useMemo(() => (rules ? planBatch(splitDomainText(deferredText), rules.normalizeDomain) : null), [deferredText, rules]);

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

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const current = planBatch(splitDomainText(text), (rules ?? (await loadNameRules())).normalizeDomain);
    if (current.texts.length === 0 || current.tooMany) return;
    setBusy(true);
    setFailure(null);
    try {
      const outcome = await requestBatch(current.texts);
      if (outcome.kind === 'started') {
        setText('');
        setNote(null);
        onStarted(outcome);
      } else if (outcome.kind === 'no-credentials') onNoKey();
      else if (outcome.kind === 'empty') setFailure('batchNothing');
      else if (outcome.kind === 'error') setFailure(outcome.message);
    } finally {
      setBusy(false);
    }
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
        <div className="actions">
          <button type="submit" disabled={count === 0 || plan?.tooMany || busy} aria-busy={busy || undefined}>
            {count === 1 ? t('batchSubmitOne') : t('batchSubmit', { n: count })}
          </button>
        </div>
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
