// The pages' one client of the service worker: every call a page makes, typed by the protocol,
// with the answers reduced to what the page does next. Failures become values, never exceptions
// (a refused message, a worker that does not answer), except where a caller shows its own
// failure (copyCode). Pages never call sendMessage themselves.
import {
  sendMessage,
  type ConnectionReport,
  type Job,
  type NameRefusal,
  type PageVaultState,
  type Refused,
  type SecretChange,
} from './index';

// ---- Jobs ------------------------------------------------------------------------------------

/** What the worker answered to a request, reduced to what the popup's form does next. */
export type SubmitOutcome =
  | { kind: 'started'; jobId: string; joined: boolean }
  | { kind: 'refused'; reason: NameRefusal }
  | { kind: 'no-credentials' }
  | { kind: 'error'; message: 'refused' | 'noAnswer' };

export async function requestCode(text: string): Promise<SubmitOutcome> {
  try {
    const result = await sendMessage('requestCode', { text });
    if (result.ok) return { kind: 'started', jobId: result.jobId, joined: result.joined };
    if ('reason' in result) {
      return result.reason === 'no-credentials' ? { kind: 'no-credentials' } : { kind: 'refused', reason: result.reason };
    }
    return { kind: 'error', message: 'refused' };
  } catch {
    return { kind: 'error', message: 'noAnswer' };
  }
}

async function quietly(send: () => Promise<unknown>): Promise<void> {
  try {
    await send();
  } catch {
    // The worker is restarting; the list shows the unchanged job, so the user can press again.
  }
}

export const retryJob = (id: string) => quietly(() => sendMessage('retryJob', { id }));
export const dismissJob = (id: string) => quietly(() => sendMessage('dismissJob', { id }));
export const clearHistory = () => quietly(() => sendMessage('clearHistory'));
/** "Try now", and a page's `online` event: the engine probes Alibaba Cloud at once. */
export const tryNow = () => quietly(() => sendMessage('tryNow'));

/** The codes of some jobs as the worker opened them, or why not ('locked': the vault must be unlocked first). */
export type RevealOutcome = { ok: true; codes: Record<string, string> } | { ok: false; error: 'locked' | 'refused' | 'no-answer' };

/**
 * The plain codes of these jobs (sealed ones opened by the worker; jobs without a code are left
 * out). Up to MAX_REVEAL_IDS ids a call; none asks nothing.
 */
export async function revealCodes(ids: string[]): Promise<RevealOutcome> {
  if (ids.length === 0) return { ok: true, codes: {} };
  try {
    const answer = await sendMessage('revealCodes', { ids });
    if (answer.ok) return { ok: true, codes: answer.codes };
    return { ok: false, error: answer.error === 'locked' ? 'locked' : 'refused' };
  } catch {
    return { ok: false, error: 'no-answer' };
  }
}

/**
 * Copies a finished job's code in the page (the click is the user gesture the clipboard wants):
 * `code` when given (a sealed code the worker opened for the page), else the job's plain code; if
 * the page has no code or may not copy, the worker copies it through its offscreen document (it
 * answers locked while the vault is). Throws when neither can (the Copy button shows its own failure).
 */
export async function copyJobCode(job: Job, code: string | undefined = job.code): Promise<void> {
  try {
    if (code === undefined) throw new Error('no code in the page');
    await navigator.clipboard.writeText(code);
  } catch {
    // The worker's own copy is noted there for the clearing 60 s later.
    const answer = await sendMessage('copyCode', { id: job.id });
    if (!answer.ok) throw new Error('copy refused');
    return;
  }
  // The worker clears the clipboard 60 s later if it still holds the code (it gets the id, never the code).
  void quietly(() => sendMessage('clipboardCopied', { id: job.id }));
}

/** "Test connection": the worker's report, or 'no-answer' when it did not answer. */
export async function testConnection(): Promise<ConnectionReport | Refused | 'no-answer'> {
  try {
    return await sendMessage('testConnection');
  } catch {
    return 'no-answer';
  }
}

// ---- The vault ---------------------------------------------------------------------------------

export type { PageVaultState } from './index';

export type VaultError = 'wrong-passphrase' | 'weak-passphrase' | 'state' | 'locked' | 'refused' | 'no-answer';
export type VaultOutcome = { ok: true } | { ok: false; error: VaultError };

export interface VaultInfo {
  status: PageVaultState;
  autoLockMinutes: number;
  /** The vault also locks when the system goes idle or the screen locks. */
  lockOnIdle: boolean;
}

const UNKNOWN: VaultInfo = { status: 'unknown', autoLockMinutes: 15, lockOnIdle: false };
const STATES: readonly string[] = ['off', 'locked', 'unlocked'];

export async function readVault(): Promise<VaultInfo> {
  try {
    const answer = await sendMessage('vaultStatus');
    if (!answer?.ok || !STATES.includes(answer.status)) return UNKNOWN;
    return { status: answer.status, autoLockMinutes: answer.autoLockMinutes, lockOnIdle: answer.lockOnIdle === true };
  } catch {
    return UNKNOWN;
  }
}

const VAULT_ERRORS: readonly string[] = ['wrong-passphrase', 'weak-passphrase', 'state', 'locked'];

/** Runs one vault call: its own errors pass through, a refusal or a silent worker do not throw. */
export async function vaultCall(send: () => Promise<unknown>): Promise<VaultOutcome> {
  let answer: unknown;
  try {
    answer = await send();
  } catch {
    return { ok: false, error: 'no-answer' };
  }
  if (!answer || typeof answer !== 'object') return { ok: false, error: 'refused' };
  const { ok, error } = answer as { ok?: unknown; error?: unknown };
  if (ok === true) return { ok: true };
  return { ok: false, error: typeof error === 'string' && VAULT_ERRORS.includes(error) ? (error as VaultError) : 'refused' };
}

export const vault = {
  enable: (passphrase: string) => vaultCall(() => sendMessage('vaultEnable', { passphrase })),
  unlock: (passphrase: string) => vaultCall(() => sendMessage('vaultUnlock', { passphrase })),
  lock: () => vaultCall(() => sendMessage('vaultLock')),
  change: (oldPassphrase: string, newPassphrase: string) => vaultCall(() => sendMessage('vaultChangePassphrase', { oldPassphrase, newPassphrase })),
  disable: (passphrase: string) => vaultCall(() => sendMessage('vaultDisable', { passphrase })),
  setAutoLock: (minutes: number) => vaultCall(() => sendMessage('vaultSetAutoLock', { minutes })),
  setLockOnIdle: (on: boolean) => vaultCall(() => sendMessage('vaultSetLockOnIdle', { on })),
  reset: () => vaultCall(() => sendMessage('vaultReset')),
  forgetDeleted: () => vaultCall(() => sendMessage('forgetDeletedSecrets')),
};

/** How the options page hands new secrets to the worker (lib/credentials/profiles saveProfilesFromPage). */
export const secretsChannel = {
  vaultStatus: async (): Promise<PageVaultState> => {
    // A thrown error means no answer: let saveProfilesFromPage say so.
    const answer = await sendMessage('vaultStatus');
    return answer?.ok && STATES.includes(answer.status) ? answer.status : 'unknown';
  },
  storeSecrets: async (profileId: string, secrets: SecretChange): Promise<{ ok: true } | { ok: false; error: 'locked' | 'refused' }> => {
    const outcome = await vaultCall(() => sendMessage('storeSecrets', { profileId, ...secrets }));
    if (outcome.ok) return outcome;
    if (outcome.error === 'no-answer') throw new Error('no answer');
    return { ok: false, error: outcome.error === 'locked' ? 'locked' : 'refused' };
  },
};

// ---- Failures -------------------------------------------------------------------------------

/** The worker's own answer, or why there is none: a refusal, or no answer. */
export type ClientFailure = { ok: false; error: 'refused' | 'no-answer' };
