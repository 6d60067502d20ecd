// The pages' side of the vault protocol: the background holds the vault; pages only ask. Answers
// are reduced to what the UI does next, and failures become values, never exceptions.
import type { PageVaultState, SecretsChannel } from '@/lib/credentials/profiles';
import { sendMessage } from '@/lib/protocol/index';

export type VaultError = 'wrong-passphrase' | 'weak-passphrase' | 'state' | 'locked' | 'refused' | 'no-answer';
export type VaultOutcome = { ok: true } | { ok: false; error: VaultError };

export interface VaultInfo {
  status: PageVaultState;
  autoLockMinutes: number;
}

const UNKNOWN: VaultInfo = { status: 'unknown', autoLockMinutes: 15 };
const STATES: readonly string[] = ['off', 'locked', 'unlocked'];

export async function readVault(): Promise<VaultInfo> {
  try {
    const answer = await sendMessage('vaultStatus');
    if (!answer?.ok || !STATES.includes(answer.status)) return UNKNOWN;
    return { status: answer.status, autoLockMinutes: answer.autoLockMinutes };
  } catch {
    return UNKNOWN;
  }
}

const VAULT_ERRORS: readonly string[] = ['wrong-passphrase', 'weak-passphrase', 'state', 'locked'];

/** Runs one vault call: its own errors pass through, a refusal or a silent background do not throw. */
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
  reset: () => vaultCall(() => sendMessage('vaultReset')),
  forgetDeleted: () => vaultCall(() => sendMessage('forgetDeletedSecrets')),
};

/** saveProfilesFromPage's way to the background. */
export const secretsChannel: SecretsChannel = {
  vaultStatus: async () => {
    // A thrown error means no answer: let saveProfilesFromPage say so.
    const answer = await sendMessage('vaultStatus');
    return answer?.ok && STATES.includes(answer.status) ? answer.status : 'unknown';
  },
  storeSecrets: async (profileId, secrets) => {
    const outcome = await vaultCall(() => sendMessage('storeSecrets', { profileId, ...secrets }));
    if (outcome.ok) return outcome;
    if (outcome.error === 'no-answer') throw new Error('no answer');
    return { ok: false, error: outcome.error === 'locked' ? 'locked' : 'refused' };
  },
};
