// "Copy for the new registrar": a separator and one button; the codes are opened at the click
// through the export's reveal path (nothing while the vault is locked), and a code the chosen
// separator would cut is named and left out (lib/batch/handoff).
import { useState } from 'react';
import { handoffText, type Separator } from '@/lib/batch/handoff';
import { joinNames, type MessageKey } from '@/lib/i18n';
import type { Job } from '@/lib/jobs/types';
import type { PageVaultState } from '@/lib/protocol/client';
import { copyCodesText } from '../copy-codes';
import { useT } from '../../../components/LanguageProvider';
import { revealedRows } from '../export';

interface Props {
  ids: readonly string[];
  jobs: ReadonlyMap<string, Job>;
  vaultStatus?: PageVaultState;
  onLocked?(): void;
  disabled?: boolean;
}

const SEPARATOR_WORDS: Record<Separator, { label: MessageKey; what: MessageKey }> = {
  tab: { label: 'handoffTab', what: 'handoffWhatTab' },
  comma: { label: 'handoffComma', what: 'handoffWhatComma' },
  space: { label: 'handoffSpace', what: 'handoffWhatSpace' },
};

/** What the last click did: the lines copied, and which codes were left out. */
type Note = { copied: string; problems: string[] } | { error: string };

export function Handoff({ ids, jobs, vaultStatus, onLocked, disabled }: Props) {
  const { t, lang } = useT();
  const [separator, setSeparator] = useState<Separator>('tab');
  const [note, setNote] = useState<Note | null>(null);

  async function copy() {
    const outcome = await revealedRows({ ids, jobs, lang, status: vaultStatus });
    if (!outcome.ok) {
      if (outcome.error === 'locked') onLocked?.();
      return setNote({ error: t(outcome.error === 'locked' ? 'handoffUnlockFirst' : 'handoffNoAnswer') });
    }
    const handoff = handoffText(outcome.rows, separator);
    const problems: string[] = [];
    const { clash, lineBreak } = handoff;
    if (clash.length > 0) {
      problems.push(t(clash.length === 1 ? 'handoffClashOne' : 'handoffClash', { n: clash.length, what: t(SEPARATOR_WORDS[separator].what), domains: joinNames(lang, clash) }));
    }
    if (lineBreak.length > 0) problems.push(t(lineBreak.length === 1 ? 'handoffBreakOne' : 'handoffBreak', { n: lineBreak.length, domains: joinNames(lang, lineBreak) }));
    if (handoff.lines === 0) return setNote({ copied: problems.length > 0 ? t('handoffCopied', { n: 0 }) : t('handoffNothing'), problems });
    try {
      await copyCodesText(handoff.text);
    } catch {
      return setNote({ error: t('copyFailed') });
    }
    setNote({ copied: t('handoffCopied', { n: handoff.lines }), problems });
  }

  return (
    <div className="actions handoff">
      <label htmlFor="handoff-separator">{t('handoffSeparator')}</label>
      <select id="handoff-separator" value={separator} onChange={(e) => setSeparator(e.target.value as Separator)}>
        {(Object.keys(SEPARATOR_WORDS) as Separator[]).map((key) => (
          <option key={key} value={key}>
            {t(SEPARATOR_WORDS[key].label)}
          </option>
        ))}
      </select>
      <button type="button" className="secondary" onClick={() => void copy()} disabled={disabled} aria-describedby="handoff-hint">
        {t('handoffCopy')}
      </button>
      <span id="handoff-hint" className="hint">
        {t('handoffHint')}
      </span>
      <p role="status" className={note && 'error' in note ? 'error' : 'handoff-result'}>
        {note ? ('error' in note ? note.error : note.copied) : ''}
      </p>
      {note && 'problems' in note && note.problems.length > 0 && (
        <p role="alert" className="error">
          {note.problems.join(' ')}
        </p>
      )}
    </div>
  );
}
