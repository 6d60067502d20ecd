/** Longer input is refused at once, before any parsing (a pasted 1 MB text costs nothing). */
export const MAX_INPUT_LENGTH = 2048;

/** Largest batch accepted at once. */
export const MAX_BATCH = 1_000;
