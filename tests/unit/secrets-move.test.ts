// The secrets leave the profiles that pages read (issue 15, "Pages never hold secrets"): the
// worker's one-time move of what the landed version stored, and the layout after each change.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { hasLegacyFields, legacySecretOf, withoutSecrets } from '../../lib/credentials/secrets-move';
import {
  checkPassphrase,
  credentialsFor,
  disableVault,
  enableVault,
  lockVault,
  parseContents,
  storeSecrets,
  unlockVault,
  applySecretChange,
} from '../../lib/credentials/vault';
import { seal } from '../../lib/credentials/vault-crypto';
import { legacyProfilesItem, profilesItem, secretsItem, unlockedItem, vaultItem, type LegacyProfile } from '../../lib/storage';
import { limitSessionStorage } from '../../entrypoints/background/session-access';

const PASS = 'seven purple walruses juggle quietly';
const local = async () => JSON.stringify(await fakeBrowser.storage.local.get(null));
const session = async () => JSON.stringify(await fakeBrowser.storage.session.get(null));
const meta = { name: 'default', site: 'cn' as const, accessKeyId: 'AKID' };

beforeEach(() => fakeBrowser.reset());

describe('the pure parts', () => {
  it.each<[string, LegacyProfile, boolean]>([
    ['a landed profile with a secret', { id: 'a', ...meta, accessKeySecret: 's' }, true],
    ['a landed profile stripped by the vault', { id: 'a', ...meta, accessKeySecret: '' }, true],
    ['a token field alone', { id: 'a', ...meta, securityToken: 't' }, true],
    ['a moved profile', { id: 'a', ...meta, hasSecret: true, sts: false }, false],
    ['a moved profile, not known', { id: 'a', ...meta }, false],
  ])('%s: legacy fields %s', (_name, profile, legacy) => {
    expect(hasLegacyFields(profile)).toBe(legacy);
  });

  it.each<[string, LegacyProfile, unknown]>([
    ['secret and token', { id: 'a', ...meta, accessKeySecret: 's', securityToken: 't' }, { accessKeySecret: 's', securityToken: 't' }],
    ['secret alone', { id: 'a', ...meta, accessKeySecret: 's', securityToken: '' }, { accessKeySecret: 's' }],
    ['emptied by the vault', { id: 'a', ...meta, accessKeySecret: '' }, undefined],
    ['a token without a secret', { id: 'a', ...meta, securityToken: 't' }, undefined],
  ])('legacySecretOf: %s', (_name, profile, expected) => {
    expect(legacySecretOf(profile)).toEqual(expected);
  });

  it('withoutSecrets keeps the metadata and says what is known', () => {
    const p: LegacyProfile = { id: 'a', ...meta, accessKeySecret: 's', securityToken: 't' };
    expect(withoutSecrets(p, { accessKeySecret: 's', securityToken: 't' })).toEqual({ id: 'a', ...meta, hasSecret: true, sts: true });
    expect(withoutSecrets(p, undefined)).toEqual({ id: 'a', ...meta, hasSecret: false, sts: false });
    expect(withoutSecrets(p, 'unknown')).toEqual({ id: 'a', ...meta });
  });

  it.each<[string, Parameters<typeof applySecretChange>, unknown]>([
    ['a new secret replaces secret and token', [{ accessKeySecret: 'old', securityToken: 't' }, { accessKeySecret: 'new' }], { accessKeySecret: 'new' }],
    ['a new secret with a token', [undefined, { accessKeySecret: 'new', securityToken: 'tok' }], { accessKeySecret: 'new', securityToken: 'tok' }],
    ['a token alone goes beside the stored secret', [{ accessKeySecret: 'old' }, { securityToken: 'tok' }], { accessKeySecret: 'old', securityToken: 'tok' }],
    ['a token alone without a stored secret', [undefined, { securityToken: 'tok' }], 'no-secret'],
  ])('applySecretChange: %s', (_name, args, expected) => {
    expect(applySecretChange(...args)).toEqual(expected);
  });

  it.each<[string, string, unknown]>([
    ['the new form', JSON.stringify({ secrets: { a: { accessKeySecret: 's' } }, codeKey: 'K' }), { secrets: { a: { accessKeySecret: 's' } }, codeKey: 'K' }],
    ['the landed form: the map alone', JSON.stringify({ a: { accessKeySecret: 's' } }), { secrets: { a: { accessKeySecret: 's' } } }],
    ['a profile named "secrets" in the landed form', JSON.stringify({ secrets: { accessKeySecret: 's' } }), { secrets: { secrets: { accessKeySecret: 's' } } }],
  ])('parseContents: %s', (_name, text, expected) => {
    expect(parseContents(text)).toEqual(expected);
  });
});

describe('the move out of the profiles', () => {
  it('vault off: the secrets go to local:secrets, the profiles keep only what a page may see', async () => {
    await legacyProfilesItem.setValue({
      activeId: 'a',
      profiles: [
        { id: 'a', ...meta, accessKeySecret: 'secret-A-123', securityToken: 'token-A-456' },
        { id: 'b', ...meta, name: 'b', accessKeySecret: '' },
      ],
    });
    expect(await credentialsFor({ id: 'a', accessKeyId: 'AKID' })).toEqual({ accessKeyId: 'AKID', accessKeySecret: 'secret-A-123', securityToken: 'token-A-456' });
    expect(await secretsItem.getValue()).toEqual({ a: { accessKeySecret: 'secret-A-123', securityToken: 'token-A-456' } });
    const book = await profilesItem.getValue();
    expect(book.profiles).toEqual([
      { id: 'a', ...meta, hasSecret: true, sts: true },
      { id: 'b', ...meta, name: 'b', hasSecret: false, sts: false },
    ]);
    expect(JSON.stringify(book)).not.toContain('secret-A-123');
  });

  it('vault on: the emptied fields go; whether a secret is sealed is learnt at the next unlock', async () => {
    await legacyProfilesItem.setValue({ activeId: 'a', profiles: [{ id: 'a', ...meta, accessKeySecret: 's' }] });
    expect(await enableVault(PASS)).toEqual({ ok: true });
    await lockVault();
    // What the landed version left: a sealed map alone (no code key) and an emptied profile.
    await vaultItem.setValue(await seal(JSON.stringify({ a: { accessKeySecret: 'sealed-secret-9' } }), PASS, 1000));
    await legacyProfilesItem.setValue({ activeId: 'a', profiles: [{ id: 'a', ...meta, accessKeySecret: '' }] });
    expect(await credentialsFor({ id: 'a', accessKeyId: 'AKID' })).toBe('locked');
    expect((await profilesItem.getValue()).profiles).toEqual([{ id: 'a', ...meta }]);
    expect(await unlockVault(PASS)).toEqual({ ok: true });
    expect((await profilesItem.getValue()).profiles).toEqual([{ id: 'a', ...meta, hasSecret: true, sts: false }]);
    // The unlock gave the record a code key and today's iterations, sealed with the secrets.
    expect(await session()).toContain('codeKey');
    expect((await vaultItem.getValue())?.kdf.iterations).toBeGreaterThan(1000);
    expect(await credentialsFor({ id: 'a', accessKeyId: 'AKID' })).toMatchObject({ accessKeySecret: 'sealed-secret-9' });
  });

  it('a plain copy left beside a vault (a stop between sealing and removing it) is removed', async () => {
    await legacyProfilesItem.setValue({ activeId: 'a', profiles: [{ id: 'a', ...meta, accessKeySecret: 'stray-secret-1' }] });
    expect(await enableVault(PASS)).toEqual({ ok: true });
    await secretsItem.setValue({ a: { accessKeySecret: 'stray-secret-1' } });
    expect(await credentialsFor({ id: 'a', accessKeyId: 'AKID' })).toMatchObject({ accessKeySecret: 'stray-secret-1' });
    expect(await local()).not.toContain('stray-secret-1');
  });
});

describe('the layout after each change', () => {
  beforeEach(async () => {
    await profilesItem.setValue({ activeId: 'a', profiles: [{ id: 'a', ...meta, hasSecret: false, sts: false }] });
  });

  it('pages never find a secret in the profiles, and the session never holds one', async () => {
    expect(await storeSecrets('a', { accessKeySecret: 'plain-secret-77' })).toEqual({ ok: true });
    expect(JSON.stringify(await profilesItem.getValue())).not.toContain('plain-secret-77');
    expect((await profilesItem.getValue()).profiles[0]).toMatchObject({ hasSecret: true, sts: false });
    expect(await storeSecrets('a', { securityToken: 'token-x-88' })).toEqual({ ok: true });
    expect(await secretsItem.getValue()).toEqual({ a: { accessKeySecret: 'plain-secret-77', securityToken: 'token-x-88' } });
    expect((await profilesItem.getValue()).profiles[0]).toMatchObject({ hasSecret: true, sts: true });

    expect(await enableVault(PASS)).toEqual({ ok: true });
    expect(await local()).not.toContain('plain-secret-77');
    expect(await session()).not.toContain('plain-secret-77');
    expect(await session()).not.toContain('token-x-88');
    expect(await storeSecrets('a', { securityToken: 'token-y-99' })).toEqual({ ok: true });
    expect(await credentialsFor({ id: 'a', accessKeyId: 'AKID' })).toEqual({ accessKeyId: 'AKID', accessKeySecret: 'plain-secret-77', securityToken: 'token-y-99' });
    for (const s of ['plain-secret-77', 'token-y-99']) {
      expect(await local()).not.toContain(s);
      expect(await session()).not.toContain(s);
    }

    expect(await disableVault(PASS)).toEqual({ ok: true });
    expect(await secretsItem.getValue()).toEqual({ a: { accessKeySecret: 'plain-secret-77', securityToken: 'token-y-99' } });
    expect(JSON.stringify(await profilesItem.getValue())).not.toContain('plain-secret-77');
  });

  it('a token alone with no stored secret is refused', async () => {
    expect(await storeSecrets('a', { securityToken: 'tok' })).toEqual({ ok: false, error: 'no-secret' });
  });

  it('a passphrase under 8 characters (code points of its NFC form) is refused by the worker, whatever the page checked', async () => {
    for (const short of ['', '1234567', '😀😀😀😀😀😀😀', 'e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301']) {
      expect(await enableVault(short)).toEqual({ ok: false, error: 'weak-passphrase' });
    }
    expect(await vaultItem.getValue()).toBeNull();
  });

  it('NFC: the passphrase typed precomposed or decomposed opens the same vault', async () => {
    const composed = 'Crème brûlée à la façon de Zoë 1987';
    const decomposed = composed.normalize('NFD');
    expect(decomposed).not.toBe(composed);
    expect(await enableVault(composed)).toEqual({ ok: true });
    await lockVault();
    expect(await unlockVault(decomposed)).toEqual({ ok: true });
    expect(await checkPassphrase(composed)).toBe(true);
  });

  it('a record sealed before the NFC rule (as typed) opens, and is sealed again in NFC', async () => {
    const typed = 'Crème brûlée à la façon de Zoë 1987'.normalize('NFD');
    await vaultItem.setValue(await seal(JSON.stringify({ a: { accessKeySecret: 'old-form-secret' } }), typed, 1000, 'as-typed'));
    expect(await unlockVault(typed)).toEqual({ ok: true });
    await lockVault();
    // Now sealed with the NFC form: the precomposed typing opens it too.
    expect(await unlockVault(typed.normalize('NFC'))).toEqual({ ok: true });
    expect(await credentialsFor({ id: 'a', accessKeyId: 'AKID' })).toMatchObject({ accessKeySecret: 'old-form-secret' });
  });

  it('a session record sealed by another key than the session holds reads as locked', async () => {
    expect(await enableVault(PASS)).toEqual({ ok: true });
    const open = (await unlockedItem.getValue())!;
    await unlockedItem.setValue({ ...open, key: btoa(String.fromCharCode(...new Uint8Array(32))) });
    expect(await credentialsFor({ id: 'a', accessKeyId: 'AKID' })).toBe('locked');
  });
});

describe('storage.session access', () => {
  it('is set to trusted contexts explicitly where the browser has the call', async () => {
    const setAccessLevel = vi.fn(async () => undefined);
    Object.assign(fakeBrowser.storage.session, { setAccessLevel });
    await limitSessionStorage();
    expect(setAccessLevel).toHaveBeenCalledWith({ accessLevel: 'TRUSTED_CONTEXTS' });
  });
});
