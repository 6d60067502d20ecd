// Shared by the vault (background) and its forms (pages), without pulling either into the other.

/** Shortest passphrase accepted for the vault. */
export const MIN_PASSPHRASE = 8;
