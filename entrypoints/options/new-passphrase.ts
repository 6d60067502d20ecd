// What the options page's forms that choose a passphrase share: the strength meter (with the
// estimator the worker also enforces) and the worker's refusal of a weak passphrase in its words.
import type { StrengthSpec } from '@/components/PassphraseForm';
import { assessPassphrase } from '@/lib/credentials/passphrase-strength';
import type { MessageKey } from '@/lib/i18n';
import type { VaultError } from '@/lib/protocol/client';
import { PassphraseStrength, whyWeak } from './components/PassphraseStrength';

/** The strength meter on the field at this index (the new passphrase). */
export const strengthOf = (field: number): StrengthSpec => ({
  field,
  assess: assessPassphrase,
  Meter: PassphraseStrength,
  weakError: 'passphraseTooWeak',
  reasons: whyWeak,
});

export const NEW_PASSPHRASE_ERRORS: Partial<Record<VaultError, MessageKey>> = { 'weak-passphrase': 'passphraseTooWeak' };
