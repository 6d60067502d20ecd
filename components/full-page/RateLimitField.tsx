import { useEffect, useRef, useState } from 'react';
import { DEFAULT_REQUESTS_PER_SECOND, MAX_RATE, MIN_RATE, parseRate } from '@/lib/batch/rate';
import { settingsItem } from '@/lib/storage';
import { useT } from '../LanguageProvider';
import { useStorageValue } from '../hooks/useStorageValue';

/** Typing pauses this long before a valid number is saved (so typing 15 never saves 1 on the way). */
export const RATE_SAVE_DELAY_MS = 500;

/**
 * "Requests per second": the engine's client-side limit on API calls, saved when the typing pauses
 * or the field loses the focus (the background reads it before each call). A number out of range is
 * said under the field and not saved.
 */
export function RateLimitField({ id = 'requests-per-second' }: { id?: string }) {
  const { t } = useT();
  const settings = useStorageValue(settingsItem);
  const saved = settings?.requestsPerSecond ?? DEFAULT_REQUESTS_PER_SECOND;
  // What the user is typing; null shows the saved value (also a value saved elsewhere).
  const [draft, setDraft] = useState<string | null>(null);
  const [savedNow, setSavedNow] = useState(false);
  const invalid = draft !== null && parseRate(draft) === null;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;

  const pending = useRef<{ rate: number; timer: ReturnType<typeof setTimeout> } | null>(null);

  async function save(rate: number) {
    const current = await settingsItem.getValue();
    await settingsItem.setValue({ ...current, requestsPerSecond: rate });
    setSavedNow(true);
  }

  function flush() {
    const waiting = pending.current;
    if (!waiting) return;
    clearTimeout(waiting.timer);
    pending.current = null;
    void save(waiting.rate);
  }

  function change(text: string) {
    setDraft(text);
    setSavedNow(false);
    if (pending.current) clearTimeout(pending.current.timer);
    pending.current = null;
    const rate = parseRate(text);
    if (rate === null) return;
    pending.current = { rate, timer: setTimeout(flush, RATE_SAVE_DELAY_MS) };
  }

  // Leaving the page saves what was typed.
  useEffect(() => () => flush(), []);

  // Nothing until the saved value is known: a default shown first would flash into the saved one.
  if (!settings) return null;
  return (
    <div className="field rate-field">
      <label htmlFor={id}>{t('rateLabel')}</label>
      <div className="row">
        <input
          id={id}
          type="number"
          inputMode="numeric"
          min={MIN_RATE}
          max={MAX_RATE}
          step={1}
          value={draft ?? String(saved)}
          onChange={(e) => change(e.target.value)}
          onBlur={() => {
            flush();
            if (!invalid) setDraft(null);
          }}
          aria-invalid={invalid || undefined}
          aria-describedby={invalid ? `${errorId} ${hintId}` : hintId}
        />
        <span role="status" className="saved">
          {savedNow && !invalid ? t('saved') : ''}
        </span>
      </div>
      {invalid && (
        <p id={errorId} className="error" role="alert">
          {t('rateInvalid', { min: MIN_RATE, max: MAX_RATE })}
        </p>
      )}
      <p id={hintId} className="hint">
        {t('rateHint', { min: MIN_RATE, max: MAX_RATE, default: DEFAULT_REQUESTS_PER_SECOND })}
      </p>
    </div>
  );
}
