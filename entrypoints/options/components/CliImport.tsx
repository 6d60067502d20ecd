import { useState, type ChangeEvent } from 'react';
import type { Lang } from '@/lib/i18n/lang';
import { mergeImported, parseCliConfig, type CliImportResult as Parsed, type CliRefusal } from '@/lib/credentials/cli-import';
import { profilesItem, saveProfilesFromPage, type PageSaveResult, type ProfileMeta } from '@/lib/credentials/profiles';
import { joinNames, t as translate, type MessageKey } from '@/lib/i18n';
import { useT } from '../../../components/LanguageProvider';
import { secretsChannel } from '@/lib/protocol/client';

type FileError = Extract<Parsed, { ok: false }>['error'];
type SaveError = Extract<PageSaveResult, { ok: false }>['error'];

/**
 * The outcome of one import, kept as data so a language switch re-renders it in the new language.
 * Names only: the imported keys are not kept in the page's state.
 */
type Outcome =
  | { ok: false; error: FileError }
  | { ok: false; saveError: SaveError }
  | { ok: true; names: string[]; refused: CliRefusal[]; hints: Array<{ name: string; region: string }> };

const FILE_ERROR: Record<FileError, MessageKey> = {
  malformed: 'importMalformed',
  'not-a-config': 'importNotConfig',
  'too-big': 'importTooBig',
};

const SAVE_ERROR: Record<SaveError, MessageKey> = {
  locked: 'unlockFirst',
  refused: 'refused',
  'no-answer': 'noAnswer',
};

export function refusalText(refusal: CliRefusal, lang: Lang): string {
  switch (refusal.kind) {
    case 'mode':
      return translate(lang, 'refuseMode', { name: refusal.name, mode: refusal.mode });
    case 'keys':
      return translate(lang, 'refuseKeys', { name: refusal.name });
    case 'token':
      return translate(lang, 'refuseToken', { name: refusal.name });
    case 'entry':
      return translate(lang, 'refuseEntry', { index: refusal.index });
  }
}

function summary(parsed: Parsed): Outcome {
  if (!parsed.ok) return parsed;
  return {
    ok: true,
    names: parsed.profiles.map((p) => p.name),
    refused: parsed.refused,
    hints: parsed.profiles.filter((p) => p.siteHint).map((p) => ({ name: p.name, region: p.regionId ?? '' })),
  };
}

/**
 * Saves the imported profiles the way the options form saves one: their metadata into the profile
 * book, their secrets through the background (sealed when the vault is on).
 */
async function saveImported(parsed: Extract<Parsed, { ok: true }>, newId: () => string): Promise<PageSaveResult> {
  const { book, secrets } = mergeImported(await profilesItem.getValue(), parsed, newId);
  const imported = book.profiles.filter((p) => p.id in secrets);
  const metas: ProfileMeta[] = imported.map(({ id, name, site, accessKeyId }) => ({ id, name, site, accessKeyId }));
  return saveProfilesFromPage({ profiles: metas, activeId: book.activeId }, secrets, secretsChannel);
}

/** Reads an aliyun CLI config.json chosen by the user; the file never leaves the page. */
export function CliImport({ newId, onImported }: { newId(): string; onImported(): void }) {
  const { t, lang } = useT();
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const input = event.currentTarget;
    const file = input.files?.[0];
    if (!file) return;
    const parsed = parseCliConfig(await file.text());
    input.value = ''; // the same file can be chosen again after fixing it
    if (parsed.ok && parsed.profiles.length > 0) {
      const saved = await saveImported(parsed, newId);
      onImported();
      if (!saved.ok) {
        setOutcome({ ok: false, saveError: saved.error });
        return;
      }
    }
    setOutcome(summary(parsed));
  }

  return (
    <section className="card" aria-labelledby="import-heading">
      <h2 id="import-heading">{t('importHeading')}</h2>
      <label htmlFor="cli-import">{t('importLabel')}</label>
      <input id="cli-import" type="file" accept=".json,application/json" aria-describedby="import-hint" onChange={(e) => void onFile(e)} />
      <p id="import-hint" className="hint">
        {t('importHint')}
      </p>
      <div role="status" className="import-result">
        {outcome && !outcome.ok && <p className="error">{t('error' in outcome ? FILE_ERROR[outcome.error] : SAVE_ERROR[outcome.saveError])}</p>}
        {outcome?.ok && (
          <>
            <p>{outcome.names.length > 0 ? t('importDone', { names: joinNames(lang, outcome.names) }) : t('importNone')}</p>
            {outcome.refused.length > 0 && (
              <>
                <p>{t('importRefusedHeading')}</p>
                <ul className="refused">
                  {outcome.refused.map((refusal, i) => (
                    <li key={i}>{refusalText(refusal, lang)}</li>
                  ))}
                </ul>
              </>
            )}
            {outcome.hints.map((hint) => (
              <p key={hint.name} className="hint">
                {t('importSiteHint', hint)}
              </p>
            ))}
          </>
        )}
      </div>
    </section>
  );
}
