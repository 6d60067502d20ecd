// Shared setup for the UI tests (not a test file itself): render a page inside its
// LanguageProvider, build job records in each state, and a fake background for the vault.
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { LanguageProvider } from '../../../components/LanguageProvider';
import { profilesItem } from '../../../lib/credentials/profiles';
import { secretsItem } from '../../../lib/storage';
import type { Job } from '../../../lib/jobs/types';

export function renderPage(page: ReactElement) {
  return render(<LanguageProvider>{page}</LanguageProvider>);
}

export function job(overrides: Partial<Job> & Pick<Job, 'id' | 'domain' | 'state'>): Job {
  const now = Date.now();
  return {
    site: 'cn',
    profileId: 'p1',
    apiCalls: 1,
    polls: 0,
    retries: 0,
    createdAt: now,
    updatedAt: now,
    nextAttemptAt: now + 60_000,
    notified: false,
    ...overrides,
  };
}

type SecretSet = { accessKeySecret: string; securityToken?: string };

/**
 * A fake background for the vault messages, with the protocol of lib/background/vault-messages:
 * the vault's state, the passphrase and the sealed secrets are kept here (as the real background
 * keeps them sealed, or in storage.session); storage.local gets the profiles without secrets and an
 * opaque 'vault' record, as with the real one. Messages it does not handle go to `other`.
 */
export class FakeBackground {
  status: 'off' | 'locked' | 'unlocked' = 'off';
  passphrase = '';
  autoLockMinutes = 15;
  /** Profile id -> secrets, held by the vault while it is on. */
  sealed: Record<string, SecretSet> = {};
  other: (type: string, data: unknown) => unknown = () => ({ ok: true });

  /** Turns the vault on with these sealed secrets, as if done earlier. */
  async vaultOn(passphrase: string, sealed: Record<string, SecretSet>, status: 'locked' | 'unlocked' = 'unlocked') {
    this.status = status;
    this.passphrase = passphrase;
    this.sealed = { ...sealed };
    await fakeBrowser.storage.local.set({ vault: { v: 1, sealed: 'opaque' }, vault$: { v: 1 } });
  }

  handle = async (type: string, data?: unknown): Promise<unknown> => {
    const d = (data ?? {}) as { passphrase: string; oldPassphrase: string; newPassphrase: string; minutes: number };
    const wrong = { ok: false, error: 'wrong-passphrase' };
    const state = { ok: false, error: 'state' };
    switch (type) {
      case 'vaultStatus':
        return { ok: true, status: this.status, autoLockMinutes: this.autoLockMinutes };
      case 'vaultEnable': {
        if (this.status !== 'off') return state;
        if (d.passphrase.length < 8) return { ok: false, error: 'weak-passphrase' };
        await this.vaultOn(d.passphrase, await secretsItem.getValue());
        await secretsItem.removeValue();
        return { ok: true };
      }
      case 'vaultUnlock':
        if (this.status === 'off') return state;
        if (d.passphrase !== this.passphrase) return wrong;
        this.status = 'unlocked';
        return { ok: true };
      case 'vaultLock':
        if (this.status === 'unlocked') this.status = 'locked';
        return { ok: true };
      case 'vaultChangePassphrase':
        if (this.status === 'off') return state;
        if (d.newPassphrase.length < 8) return { ok: false, error: 'weak-passphrase' };
        if (d.oldPassphrase !== this.passphrase) return wrong;
        this.passphrase = d.newPassphrase;
        return { ok: true };
      case 'vaultDisable': {
        if (this.status === 'off') return state;
        if (d.passphrase !== this.passphrase) return wrong;
        await secretsItem.setValue(this.sealed);
        await fakeBrowser.storage.local.remove(['vault', 'vault$']);
        this.status = 'off';
        this.passphrase = '';
        this.sealed = {};
        return { ok: true };
      }
      case 'vaultSetAutoLock':
        this.autoLockMinutes = d.minutes;
        return { ok: true };
      case 'storeSecrets': {
        const { profileId, ...change } = data as { profileId: string; accessKeySecret?: string; securityToken?: string };
        const book = await profilesItem.getValue();
        if (!book.profiles.some((p) => p.id === profileId)) return { ok: false, error: 'no-profile' };
        if (this.status === 'locked') return { ok: false, error: 'locked' };
        const stored = this.status === 'unlocked' ? this.sealed : await secretsItem.getValue();
        // A token alone goes beside the stored secret, as the worker does.
        const secret = change.accessKeySecret ?? stored[profileId]?.accessKeySecret;
        if (!secret) return { ok: false, error: 'no-secret' };
        const set: SecretSet = { accessKeySecret: secret, ...(change.securityToken ? { securityToken: change.securityToken } : {}) };
        const next = { ...stored, [profileId]: set };
        if (this.status === 'unlocked') this.sealed = next;
        else await secretsItem.setValue(next);
        await profilesItem.setValue({
          ...book,
          profiles: book.profiles.map((p) => (p.id === profileId ? { ...p, hasSecret: true, sts: Boolean(set.securityToken) } : p)),
        });
        return { ok: true };
      }
      default:
        return this.other(type, data);
    }
  };
}

/** The messages sent to the background, without the vault status questions the pages ask on their own. */
export function sentActions(send: { mock: { calls: unknown[][] } }): unknown[][] {
  return send.mock.calls.filter(([type]) => type !== 'vaultStatus');
}

/** Everything in storage.local, as one string: what a disk dump of the browser profile would show. */
export async function localDump(): Promise<string> {
  return JSON.stringify(await fakeBrowser.storage.local.get(null));
}
