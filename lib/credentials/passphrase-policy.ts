// Shared by the vault (background) and its forms (pages), without pulling either into the other.
// The worker enforces the length; the strength estimate (passphrase-strength.ts, with 1.7 MB of
// dictionaries) runs in the options page, the one page that sets a passphrase, and stays out of the
// worker, which loads its whole bundle at every wake.

/** Shortest passphrase accepted for the vault. */
export const MIN_PASSPHRASE = 8;

/** The length that counts: characters (code points) of the NFC form, so "é" is one whichever way it was typed. */
export function passphraseLength(text: string): number {
  return [...text.normalize('NFC')].length;
}
