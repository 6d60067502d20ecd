// The storage schema: every item the extension keeps, with its shape, its version and its numbered
// migrations, in one place. Features read and write these items (lib/jobs/store.ts owns the write
// queue of the jobs, lib/credentials/* the profiles and the vault); nothing defines an item
// anywhere else (tests/unit/storage.test.ts checks it, and migrates every shape a landed version
// wrote).
//
// A change of shape bumps the item's version and adds a migration under the new number
// (`migrations: { 2: (v1) => v2 }`); @wxt-dev/storage runs the missing ones, in order, when the
// item is defined (that is, when a context starts). Every item is at version 1: the shapes the
// landed version wrote are the current ones, so there is no migration yet (and no `migrations`
// option, which would cost every waking worker one storage read per item).
//
// Not here, on purpose: the pages' localStorage (lib/first-screen.ts) holds the UI language a page
// last resolved and the popup's first-screen words. The popup's static first screen reads them
// synchronously before its first paint, which chrome.storage (asynchronous) cannot do; they are
// the extension's own words, never a secret, and only a speed-up: losing them costs one flash.
import { storage } from '@wxt-dev/storage';
import type { LanguagePreference } from './i18n/lang';
import type { Circuit, Job, SecretSet, Site } from './protocol';
import { BATCH_INDEX_KEY, JOB_INDEX_KEY } from './storage-keys';

// The keys made per job, page and batch, and the page size: lib/storage-keys.ts (no item is
// defined there, so scripts outside the browser can build the layout's records).
export * from './storage-keys';

// ---- local:settings --------------------------------------------------------------------------

export interface Settings {
  /** Language of the UI, the notifications and the API's Lang parameter. */
  language: LanguagePreference;
  /** Client-side limit on API calls (batches): default 5 a second. */
  requestsPerSecond?: number;
  /** Notifications say "Code ready" instead of the code, and a click copies it (screen sharing). */
  hideCodesInNotifications?: boolean;
  /**
   * Codes are deleted this many days after they arrive (the job stays, without its code); 0 keeps
   * them. Absent: DEFAULT_CODE_RETENTION_DAYS.
   */
  codeRetentionDays?: number;
  /** After a copy, clear the clipboard 60 s later if it still holds the code. Absent: on. */
  clearClipboard?: boolean;
}

export const DEFAULT_CODE_RETENTION_DAYS = 30;

export const DEFAULT_SETTINGS: Settings = { language: 'auto' };

export const settingsItem = storage.defineItem<Settings>('local:settings', {
  fallback: DEFAULT_SETTINGS,
  version: 1, // migrations: none yet (1 is the first version)
});

// ---- local:jobIndex, local:jobPage:<n>, local:job:<id> --------------------------------------

// The jobs, laid out so that no write grows with the history (lib/jobs/store.ts is the one writer):
// - `local:job:<id>`: one job. A poll writes only its job.
// - `local:jobPage:<n>`: up to JOB_PAGE_SIZE job ids in creation order, and which of them are still
//   open (pending, or finished but not yet notified). Written when a job is created, closes,
//   reopens (Retry) or leaves the history.
// - `local:jobIndex`: the pages, oldest first, each with its size, and which pages hold an open
//   job, so that the open jobs (what the engine works on) are found without reading a finished
//   one, and a page of history (newest first) is found without reading the others. Written when
//   a page is added or changes size, or gains its first open job or loses its last.

export interface JobPage {
  /** Job ids, oldest first. */
  ids: string[];
  /** The ids of `ids` that are pending, or finished but not notified yet. */
  open: string[];
}

export interface JobPageEntry {
  n: number;
  size: number;
}

export interface JobIndex {
  /** The number the next new page gets. */
  next: number;
  /** Oldest first. */
  pages: JobPageEntry[];
  /**
   * The pages that hold at least one open job. It changes only when a page gets its first open job
   * or loses its last, so a job that closes rewrites the index only when it empties its page.
   */
  open: number[];
  /**
   * No job that holds a code (plain or sealed) finished before this time: the retention sweep
   * (lib/jobs/retention.ts) reads jobs only once it is due. null: no job holds a code; absent: not
   * known (an index the landed version wrote), so the next sweep reads the history once. It moves
   * earlier only when a code older than it arrives, so keeping it rarely costs an index write.
   */
  oldestCodeAt?: number | null;
  /**
   * A pass over the history's codes after a vault change (seal them, open them, drop them) is
   * under way; a worker that stopped in the middle finishes it at its next start.
   */
  codePass?: CodePass;
}

/** What a pass over the history's codes does: after the vault is turned on, off, or reset. */
export type CodePass = 'seal' | 'open' | 'drop';

export const jobIndexItem = storage.defineItem<JobIndex | null>(JOB_INDEX_KEY, {
  fallback: null,
  version: 1, // migrations: none yet (1 is the first version; the list before it is migrated by lib/jobs/layout.ts)
});


// ---- local:batchIndex, local:batchJobs:<id> --------------------------------------------------

/** Which jobs were requested together; the jobs carry their batchId. */
export interface Batch {
  id: string;
  createdAt: number;
  /** How many jobs the batch has (its ids are under `local:batchJobs:<id>`, written once). */
  total: number;
  finishedAt?: number;
  /** Set once the one summary notification for the finished batch has been shown. */
  notified: boolean;
  /** The counts when the batch finished (the history lists them without reading the jobs). */
  summary?: { done: number; failed: number; unlocked?: number };
  /** How many of its domains' transfer locks the batch was asked to turn off first. */
  unlockAsked?: number;
}

/** Every batch, oldest first: a few dozen bytes each (the job ids are elsewhere). */
export const batchIndexItem = storage.defineItem<Batch[]>(BATCH_INDEX_KEY, {
  fallback: [],
  version: 1, // migrations: none yet (1 is the first version)
});


// ---- local:jobs, local:batches (the layout before the index; read once, by the migration) ----

/** Before the index: every job in one list. lib/jobs/layout.ts moves it to the keys above. */
export const legacyJobsItem = storage.defineItem<Job[] | null>('local:jobs', { fallback: null });

export interface LegacyBatch {
  id: string;
  createdAt: number;
  jobIds: string[];
  finishedAt?: number;
  notified: boolean;
}

export const legacyBatchesItem = storage.defineItem<LegacyBatch[] | null>('local:batches', { fallback: null });

// ---- local:profiles --------------------------------------------------------------------------

/**
 * An AccessKey profile (AK, or STS with a token), without any secret: every page reads this item.
 * The secrets are under local:secrets (vault off) or sealed in local:vault (vault on), which only
 * the worker reads.
 */
export interface Profile {
  id: string;
  name: string;
  site: Site;
  accessKeyId: string;
  /**
   * Whether the worker holds a secret for it, so that a page can say "stored" without reading
   * it. The worker sets it whenever it knows the secrets; absent: not known (the vault was locked
   * when the landed version's profiles were moved), which pages read as "stored" while the vault is on.
   */
  hasSecret?: boolean;
  /** Whether an STS token is stored with the secret (same rules as hasSecret). */
  sts?: boolean;
}

export interface ProfileBook {
  activeId: string | null;
  profiles: Profile[];
}

export const profilesItem = storage.defineItem<ProfileBook>('local:profiles', {
  fallback: { activeId: null, profiles: [] },
  version: 1, // migrations: none (the secrets are moved out by the worker: lib/credentials/secrets.ts)
});

/**
 * A profile as the landed version wrote it: the secret (empty with the vault on) and the token
 * inside. Read only by the worker's move of the secrets out of the profiles.
 */
export interface LegacyProfile extends Profile {
  accessKeySecret?: string;
  securityToken?: string;
}

export interface LegacyProfileBook {
  activeId: string | null;
  profiles: LegacyProfile[];
}

/**
 * The same key, read as the landed version may have left it. Not a `migrations` function: those
 * run in whatever context defines the item first (a page included), and this move must be the
 * worker's, ordered before any credentials read.
 */
export const legacyProfilesItem = storage.defineItem<LegacyProfileBook>('local:profiles', {
  fallback: { activeId: null, profiles: [] },
});

// ---- local:secrets -----------------------------------------------------------------------------

/**
 * Profile id -> its secrets, while the vault is off: unencrypted (the options page says so), but
 * out of the profiles, under a key that only the worker reads (tests/unit/layering.test.ts keeps
 * pages from importing it). With the vault on, the same map is sealed in local:vault instead.
 */
export const secretsItem = storage.defineItem<Record<string, SecretSet>>('local:secrets', {
  fallback: {},
  version: 1, // migrations: none yet (1 is the first version)
});

// ---- local:vault, local:vaultSettings, session:vault -----------------------------------------

/**
 * The vault's sealed secrets (lib/credentials/vault-crypto.ts seals and opens it). The plaintext is
 * `{ secrets, codeKey }` (lib/credentials/vault.ts); the landed version sealed the secrets map
 * alone, which the next unlock re-seals with a code key.
 */
export interface SealedRecord {
  v: 1;
  kdf: { name: 'PBKDF2'; hash: 'SHA-256'; iterations: number; salt: string };
  cipher: { name: 'AES-GCM'; iv: string };
  /** Base64 ciphertext with its 128-bit tag. */
  data: string;
}

export const vaultItem = storage.defineItem<SealedRecord | null>('local:vault', {
  fallback: null,
  version: 1, // migrations: none yet (1 is the first version)
});

export interface VaultSettings {
  /** Lock after this many minutes without signing a request; 0 = only on browser restart. */
  autoLockMinutes: number;
  /** Also lock when the system goes idle or the screen locks (chrome.idle). Absent: off. */
  lockOnIdle?: boolean;
}

export const vaultSettingsItem = storage.defineItem<VaultSettings>('local:vaultSettings', {
  fallback: { autoLockMinutes: 15 },
  version: 1, // migrations: none yet (1 is the first version)
});

/**
 * The unlocked vault: storage.session only (memory, cleared on restart, trusted contexts only).
 * Its keys, never the secrets: each use opens the sealed record again.
 */
export interface UnlockedVault {
  /** Base64 AES key derived from the passphrase (the KEK: opens and seals local:vault). */
  key: string;
  /** Base64 AES-256 key that seals transfer codes; sealed in local:vault with the secrets. */
  codeKey: string;
  salt: string;
  iterations: number;
  lastUsedAt: number;
}

// Session storage is never migrated: it is gone at every browser restart, so no old shape survives.
export const unlockedItem = storage.defineItem<UnlockedVault | null>('session:vault', { fallback: null });

/**
 * When a person last used the extension (a page's message, the menu, a notification), for the
 * auto-lock. An item of its own, beside the unlocked vault and never holding any of it, so that
 * noting an action can never write a vault that was locked meanwhile back.
 */
export const vaultActivityItem = storage.defineItem<number | null>('session:vaultActivity', { fallback: null });

// ---- session:clipboard -------------------------------------------------------------------------

/**
 * The last code copied, for clearing the clipboard 60 s later (settings' clearClipboard): its
 * SHA-256 only, never the code, and in storage.session (memory, gone at restart), so that a
 * stopped worker woken by the alarm can still compare the clipboard with it.
 */
export interface ClipboardWatch {
  /** SHA-256 (hex) of the copied code, until the alarm has compared the clipboard with it. */
  sha256?: string;
  copiedAt?: number;
  /**
   * The last clear was skipped at this time: without the optional clipboardRead permission the
   * worker cannot tell whether the clipboard still holds the code, and never clears it blindly.
   * Pages may say beside the setting that it needs the permission.
   */
  skippedAt?: number;
}

export const clipboardWatchItem = storage.defineItem<ClipboardWatch>('session:clipboard', { fallback: {} });

// ---- local:circuit -----------------------------------------------------------------------------

/**
 * The job engine's circuit (lib/jobs/circuit.ts): set while Alibaba Cloud is unreachable or
 * throttling, null otherwise. Kept in storage.local so that a stopped worker or a restarted browser
 * keeps probing at the backoff instead of sending every waiting job's call at once; pages read it
 * to say "not reachable, next try in N s".
 */
export const circuitItem = storage.defineItem<Circuit | null>('local:circuit', {
  fallback: null,
  version: 1, // migrations: none yet (1 is the first version)
});

// ---- local:transferOutDenied -------------------------------------------------------------------

/**
 * QueryTransferOutInfo was refused for lack of its RAM permission (domain:QueryDomainTransferOut,
 * optional): the worker stops asking for that profile for a day, and the pages say so once, quietly.
 * Profile id -> when it was refused.
 */
export const transferOutDeniedItem = storage.defineItem<Record<string, number>>('local:transferOutDenied', {
  fallback: {},
  version: 1, // migrations: none yet (1 is the first version)
});
