// When the options page offers the vault before a save, and when it advises rotating the key:
// pure functions of the profile book and the vault's state.
import type { PageVaultState } from '@/lib/protocol/client';
import type { ProfileBook } from '@/lib/storage';
import type { Site } from '@/lib/domain/api';

/**
 * Whether any profile has (or may have) a secret stored. `hasSecret` absent means not known, which
 * counts as stored: the offer is for a secret that has never been written, and the advice to rotate
 * is better given once too often than missed.
 */
export function hasSavedSecret(book: ProfileBook): boolean {
  return book.profiles.some((p) => p.hasSecret !== false);
}

/**
 * The first AccessKey saved with the vault off: offer a passphrase first, so that a vault user's
 * secret is sealed before it is ever written (a secret written in plain text may stay on disk).
 */
export function offersVaultFirst(book: ProfileBook, vault: PageVaultState): boolean {
  return vault === 'off' && !hasSavedSecret(book);
}

/** Secrets are stored unencrypted now: turning the vault on leaves old copies that rotation makes useless. */
export function plainSecretsStored(book: ProfileBook, vault: PageVaultState): boolean {
  return vault === 'off' && hasSavedSecret(book);
}

/** The RAM console's AccessKey page, on the site the profile's account is on. */
export const RAM_CONSOLE_AK: Record<Site, string> = {
  cn: 'https://ram.console.aliyun.com/manage/ak',
  intl: 'https://ram.console.alibabacloud.com/manage/ak',
};
