// @vitest-environment happy-dom
// The options page's side of the vault work: the passphrase strength meter, the vault offered on
// the first save, the advice to rotate a key stored before the vault, and the settings of the
// history, the clipboard and the idle lock.
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { App } from '../../entrypoints/options/App';
import { retentionChoices, retentionLabel } from '../../entrypoints/options/components/PrivacySettings';
import { hasSavedSecret, offersVaultFirst, plainSecretsStored, RAM_CONSOLE_AK } from '../../entrypoints/options/vault-offer';
import { strengthWords, whyWeak } from '../../entrypoints/options/components/PassphraseStrength';
import { assessPassphrase } from '../../lib/credentials/passphrase-strength';
import { profilesItem, type Profile, type ProfileBook } from '../../lib/credentials/profiles';
import { t as translate, type MessageKey } from '../../lib/i18n';
import '../../lib/i18n/pages';
import { sendMessage } from '../../lib/protocol/index';
import type { PageVaultState } from '../../lib/protocol/client';
import { settingsItem } from '../../lib/storage';
import { FakeBackground, localDump, renderPage, sentActions } from './helpers/render';

vi.mock('../../lib/protocol/index', () => ({ sendMessage: vi.fn() }));
const send = vi.mocked(sendMessage);
let background: FakeBackground;
let lockOnIdle: boolean;

const SECRET = 'Sup3r-Secret-Value';
const STRONG = 'Umber falcon, quietly ninety-seven lanterns';
type User = ReturnType<typeof userEvent.setup>;
/** The permissions API as the page uses it (the promise forms; fakeBrowser does not implement it). */
const permissions = () => fakeBrowser.permissions as unknown as { contains(p: unknown): Promise<boolean>; request(p: unknown): Promise<boolean> };

async function openOptions(): Promise<User> {
  const user = userEvent.setup();
  renderPage(<App />);
  await screen.findByLabelText('AccessKey ID');
  return user;
}

const security = () => screen.getByRole('region', { name: 'Security' });
const offer = () => screen.getByRole('region', { name: 'Encrypt this AccessKey with a passphrase?' });
const storeCalls = () => send.mock.calls.filter(([type]) => type === 'storeSecrets');

async function typeKey(user: User) {
  await user.type(screen.getByLabelText('AccessKey ID'), 'LTAI5tExample');
  await user.type(screen.getByLabelText('AccessKey Secret'), SECRET);
  await user.click(screen.getByRole('button', { name: 'Save' }));
}

beforeEach(() => {
  fakeBrowser.reset();
  localStorage.clear();
  send.mockReset();
  background = new FakeBackground();
  lockOnIdle = false;
  // The fake background, with the idle lock the worker now answers too.
  send.mockImplementation((async (type: string, data?: unknown) => {
    if (type === 'vaultSetLockOnIdle') {
      lockOnIdle = (data as { on: boolean }).on;
      return { ok: true };
    }
    const answer = await background.handle(type, data);
    return type === 'vaultStatus' ? { ...(answer as object), lockOnIdle } : answer;
  }) as never);
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('the strength meter, while choosing a passphrase', () => {
  it('shows the level and the reasons as you type, and refuses "password1" with them, sending nothing', async () => {
    const user = await openOptions();
    const field = (await within(security()).findByLabelText('Passphrase')) as HTMLInputElement;
    await user.type(field, 'password1');
    const text = document.getElementById('vault-enable-strength')!;
    expect(text.getAttribute('aria-live')).toBe('polite');
    expect(text.textContent).toBe('Strength: very weak. This is a commonly used password. Add more words, less common ones.');
    expect(field.getAttribute('aria-describedby')).toContain('vault-enable-strength');
    const meter = within(security()).getByLabelText('Passphrase strength');
    expect(meter.tagName).toBe('METER');
    expect(meter.getAttribute('aria-valuetext')).toBe('very weak');

    await user.type(within(security()).getByLabelText('Repeat passphrase'), 'password1');
    await user.click(within(security()).getByRole('button', { name: 'Encrypt with passphrase' }));
    expect((await within(security()).findByRole('alert')).textContent).toBe(
      'This passphrase is too easy to guess. Nothing was changed. This is a commonly used password. Add more words, less common ones.',
    );
    expect(field.value).toBe('');
    expect(sentActions(send)).toEqual([]);
    expect(background.status).toBe('off');
  });

  it('accepts a strong passphrase: "Strong enough", then vaultEnable', async () => {
    const user = await openOptions();
    await user.type(await within(security()).findByLabelText('Passphrase'), STRONG);
    expect(document.getElementById('vault-enable-strength')!.textContent).toBe('Strength: very strong. Strong enough.');
    await user.type(within(security()).getByLabelText('Repeat passphrase'), `${STRONG}{Enter}`);
    await waitFor(() => expect(send).toHaveBeenCalledWith('vaultEnable', { passphrase: STRONG }));
    expect(await within(security()).findByText('Encrypted; unlocked')).toBeTruthy();
  });

  it('changing the passphrase judges the new one, not the current one', async () => {
    await profilesItem.setValue({ activeId: 'p1', profiles: [{ id: 'p1', name: 'work', site: 'cn', accessKeyId: 'ID', hasSecret: true }] });
    await background.vaultOn(STRONG, { p1: { accessKeySecret: SECRET } });
    const user = await openOptions();
    await within(security()).findByText('Encrypted; unlocked');
    await user.type(within(security()).getByLabelText('Current passphrase'), STRONG);
    await user.type(within(security()).getByLabelText('New passphrase'), '12345678');
    await user.type(within(security()).getByLabelText('Repeat new passphrase'), '12345678');
    expect(document.getElementById('vault-change-strength')!.textContent).toMatch(/^Strength: very weak\. This is one of the ten most used passwords\./);
    await user.click(within(security()).getByRole('button', { name: 'Change passphrase' }));
    expect((await within(security()).findByRole('alert')).textContent).toMatch(/^This passphrase is too easy to guess\./);
    expect(sentActions(send)).toEqual([]);
  });

  it('says the worker’s refusal of a weak passphrase in the same words', async () => {
    background.other = () => ({ ok: false, error: 'weak-passphrase' });
    const original = background.handle;
    background.handle = async (type, data) => (type === 'vaultEnable' ? { ok: false, error: 'weak-passphrase' } : original(type, data));
    const user = await openOptions();
    await user.type(await within(security()).findByLabelText('Passphrase'), STRONG);
    await user.type(within(security()).getByLabelText('Repeat passphrase'), `${STRONG}{Enter}`);
    expect((await within(security()).findByRole('alert')).textContent).toBe('This passphrase is too easy to guess. Nothing was changed.');
  });

  it('speaks Chinese', async () => {
    await settingsItem.setValue({ language: 'zh' });
    const user = userEvent.setup();
    renderPage(<App />);
    const field = await screen.findByLabelText('口令');
    await user.type(field, 'aaaaaaaa');
    expect(document.getElementById('vault-enable-strength')!.textContent).toBe('强度：很弱。 像“aaa”这样的重复字符很容易被猜到。 再加几个不常见的词。 避免重复的单词和字符。');
  });
});

describe('strengthWords and whyWeak', () => {
  const en = (key: MessageKey, params?: Record<string, string | number>) => translate('en', key, params);
  it.each([
    ['', ['Strength: very weak.', 'It needs at least 8 characters.', 'Use several words, but not a common phrase.', 'No symbols, digits or capitals are needed: several uncommon words make a strong passphrase.']],
    ['password1', ['Strength: very weak.', 'This is a commonly used password.', 'Add more words, less common ones.']],
    ['correct horse battery staple', ['Strength: very strong.', 'Strong enough.']],
  ])('%j', (text, words) => {
    expect(strengthWords(assessPassphrase(text), en)).toEqual(words);
  });

  it('has words for every warning and suggestion, in both languages', () => {
    const keys = whyWeak({ ok: false, score: 0, warning: 'tooShort', suggestions: ['l33t', 'pwned', 'noNeed'] });
    expect(keys).toEqual(['pwWarnTooShort', 'pwTipL33t', 'pwTipPwned', 'pwTipNoNeed']);
    for (const key of keys) expect(translate('zh', key)).not.toBe(key);
  });
});

describe('the first save offers the vault', () => {
  it('asks for a passphrase before the secret is written; "Save without passphrase" saves it unencrypted, with the warning', async () => {
    const user = await openOptions();
    await typeKey(user);
    const region = await screen.findByRole('region', { name: 'Encrypt this AccessKey with a passphrase?' });
    expect(within(region).getByText(/the secret is encrypted before it is saved/)).toBeTruthy();
    const skip = within(region).getByRole('button', { name: 'Save without passphrase' });
    expect(skip.getAttribute('aria-describedby')).toBe('vault-offer-skip-warning');
    expect(within(region).getByText(/Without a passphrase, the secret is stored unencrypted/)).toBeTruthy();
    expect(document.activeElement).toBe(within(region).getByLabelText('New passphrase'));
    // Nothing is written while the offer waits.
    expect(storeCalls()).toEqual([]);
    expect((await profilesItem.getValue()).profiles).toEqual([]);

    await user.click(skip);
    await waitFor(() => expect(storeCalls()).toHaveLength(1));
    expect(storeCalls()[0]![1]).toMatchObject({ accessKeySecret: SECRET });
    expect(background.status).toBe('off');
    expect(await screen.findByText('Saved')).toBeTruthy();
    expect(screen.queryByRole('region', { name: 'Encrypt this AccessKey with a passphrase?' })).toBeNull();
  });

  it('"Encrypt and save": refuses a weak passphrase, then turns the vault on and the secret goes to the worker sealed', async () => {
    const user = await openOptions();
    await typeKey(user);
    await screen.findByRole('region', { name: 'Encrypt this AccessKey with a passphrase?' });
    await user.type(within(offer()).getByLabelText('New passphrase'), 'password1');
    await user.type(within(offer()).getByLabelText('Repeat new passphrase'), 'password1');
    await user.click(within(offer()).getByRole('button', { name: 'Encrypt and save' }));
    expect((await within(offer()).findByRole('alert')).textContent).toMatch(/^This passphrase is too easy to guess\./);
    expect(sentActions(send)).toEqual([]);

    await user.type(within(offer()).getByLabelText('New passphrase'), STRONG);
    await user.type(within(offer()).getByLabelText('Repeat new passphrase'), STRONG);
    await user.click(within(offer()).getByRole('button', { name: 'Encrypt and save' }));
    await waitFor(() => expect(storeCalls()).toHaveLength(1));
    const actions = sentActions(send).map(([type]) => type);
    expect(actions.indexOf('vaultEnable')).toBeLessThan(actions.indexOf('storeSecrets'));
    expect(Object.values(background.sealed)).toEqual([{ accessKeySecret: SECRET }]);
    expect(await screen.findByText('Saved')).toBeTruthy();
    expect(await within(security()).findByText('Encrypted; unlocked')).toBeTruthy();
    expect(await localDump()).not.toContain(SECRET);
    expect(document.documentElement.outerHTML).not.toContain(SECRET);
    // The key was never stored in plain text: no advice to rotate it.
    expect(screen.queryByRole('link', { name: 'Open the AccessKeys in the RAM console' })).toBeNull();
  });

  it('editing the form drops the offer and the pending save', async () => {
    const user = await openOptions();
    await typeKey(user);
    await screen.findByRole('region', { name: 'Encrypt this AccessKey with a passphrase?' });
    await user.type(screen.getByLabelText('Profile name'), 'work');
    expect(screen.queryByRole('region', { name: 'Encrypt this AccessKey with a passphrase?' })).toBeNull();
    expect(storeCalls()).toEqual([]);
  });

  it('leaving the form (another profile, a new one) drops the offer too', async () => {
    const user = await openOptions();
    await typeKey(user);
    await screen.findByRole('region', { name: 'Encrypt this AccessKey with a passphrase?' });
    await user.click(screen.getByRole('button', { name: 'Add profile' }));
    expect(screen.queryByRole('region', { name: 'Encrypt this AccessKey with a passphrase?' })).toBeNull();
    expect(storeCalls()).toEqual([]);
    expect((await profilesItem.getValue()).profiles).toEqual([]);
  });

  it('is not offered once a secret is stored, nor with the vault on', async () => {
    await profilesItem.setValue({ activeId: 'p1', profiles: [{ id: 'p1', name: 'work', site: 'cn', accessKeyId: 'ID', hasSecret: true }] });
    const user = await openOptions();
    await user.click(screen.getByRole('button', { name: 'Add profile' }));
    await typeKey(user);
    await waitFor(() => expect(storeCalls()).toHaveLength(1));
    expect(screen.queryByRole('region', { name: 'Encrypt this AccessKey with a passphrase?' })).toBeNull();
  });

  const book = (...profiles: Array<Partial<Profile>>): ProfileBook => ({
    activeId: null,
    profiles: profiles.map((p, i) => ({ id: `p${i}`, name: `n${i}`, site: 'cn', accessKeyId: 'ID', ...p })),
  });
  it.each<[string, ProfileBook, PageVaultState, boolean, boolean]>([
    ['no profile, vault off', book(), 'off', true, false],
    ['a profile without a secret, vault off', book({ hasSecret: false }), 'off', true, false],
    ['a profile with a secret, vault off', book({ hasSecret: true }), 'off', false, true],
    ['a profile not known to have one, vault off', book({}), 'off', false, true],
    ['no profile, vault unlocked', book(), 'unlocked', false, false],
    ['no profile, vault locked', book(), 'locked', false, false],
    ['no profile, vault state unknown', book(), 'unknown', false, false],
    ['a secret, vault unlocked', book({ hasSecret: true }), 'unlocked', false, false],
  ])('%s', (_case, profiles, vault, offers, rotate) => {
    expect(offersVaultFirst(profiles, vault)).toBe(offers);
    expect(plainSecretsStored(profiles, vault)).toBe(rotate);
    expect(hasSavedSecret(profiles)).toBe(profiles.profiles.some((p) => p.hasSecret !== false));
  });
});

describe('turning the vault on over secrets stored unencrypted', () => {
  it('says the old copy may linger on disk and links the RAM console, before and after', async () => {
    await profilesItem.setValue({ activeId: 'p1', profiles: [{ id: 'p1', name: 'work', site: 'cn', accessKeyId: 'ID', hasSecret: true }] });
    const user = await openOptions();
    expect(await within(security()).findByText(/may stay unencrypted on this computer’s disk/)).toBeTruthy();
    expect(within(security()).getByText(/Rotate the AccessKey after turning encryption on/)).toBeTruthy();
    const link = within(security()).getByRole('link', { name: 'Open the AccessKeys in the RAM console' });
    expect(link.getAttribute('href')).toBe('https://ram.console.aliyun.com/manage/ak');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toBe('noopener');

    await user.type(within(security()).getByLabelText('Passphrase'), STRONG);
    await user.type(within(security()).getByLabelText('Repeat passphrase'), `${STRONG}{Enter}`);
    expect(await within(security()).findByText('Encrypted; unlocked')).toBeTruthy();
    expect(within(security()).getByRole('link', { name: 'Open the AccessKeys in the RAM console' })).toBeTruthy();
  });

  it('links the International site’s console for an International profile; nothing without a stored secret', async () => {
    await profilesItem.setValue({ activeId: 'p1', profiles: [{ id: 'p1', name: 'work', site: 'intl', accessKeyId: 'ID', hasSecret: true }] });
    await openOptions();
    const link = await within(security()).findByRole('link', { name: 'Open the AccessKeys in the RAM console' });
    expect(link.getAttribute('href')).toBe(RAM_CONSOLE_AK.intl);
    expect(RAM_CONSOLE_AK.intl).toBe('https://ram.console.alibabacloud.com/manage/ak');
    cleanup();
    await profilesItem.setValue({ activeId: null, profiles: [] });
    await openOptions();
    await within(security()).findByText('The AccessKey secret is stored unencrypted in this browser profile.');
    expect(within(security()).queryByRole('link', { name: 'Open the AccessKeys in the RAM console' })).toBeNull();
  });
});

describe('settings', () => {
  const privacy = () => screen.getByRole('region', { name: 'History and clipboard' });

  it('"Lock when the computer is idle or locked" sends vaultSetLockOnIdle and shows the worker’s state', async () => {
    await profilesItem.setValue({ activeId: 'p1', profiles: [{ id: 'p1', name: 'work', site: 'cn', accessKeyId: 'ID', hasSecret: true }] });
    await background.vaultOn(STRONG, { p1: { accessKeySecret: SECRET } });
    const user = await openOptions();
    const box = (await within(security()).findByRole('checkbox', { name: 'Lock when the computer is idle or locked' })) as HTMLInputElement;
    expect(box.checked).toBe(false);
    await user.click(box);
    await waitFor(() => expect(send).toHaveBeenCalledWith('vaultSetLockOnIdle', { on: true }));
    await waitFor(() => expect(box.checked).toBe(true));
    expect(lockOnIdle).toBe(true);
    await user.click(box);
    await waitFor(() => expect(send).toHaveBeenLastCalledWith('vaultStatus'));
    expect(send).toHaveBeenCalledWith('vaultSetLockOnIdle', { on: false });
    await waitFor(() => expect(box.checked).toBe(false));
  });

  it('code retention: 30 days by default; a choice is saved at once, keeping the other settings', async () => {
    await settingsItem.setValue({ language: 'en', hideCodesInNotifications: true });
    const user = await openOptions();
    const select = within(privacy()).getByLabelText('Delete transfer codes after') as HTMLSelectElement;
    await waitFor(() => expect(select.disabled).toBe(false));
    expect(select.value).toBe('30');
    expect([...select.options].map((o) => o.textContent)).toEqual(['1 day', '7 days', '30 days', '90 days', 'Never']);
    await user.selectOptions(select, 'Never');
    await waitFor(async () => expect(await settingsItem.getValue()).toEqual({ language: 'en', hideCodesInNotifications: true, codeRetentionDays: 0 }));
    await user.selectOptions(select, '7 days');
    await waitFor(async () => expect((await settingsItem.getValue()).codeRetentionDays).toBe(7));
  });

  it('clearing the clipboard is on by default and saved when turned off', async () => {
    vi.spyOn(permissions(), 'contains').mockResolvedValue(true);
    const user = await openOptions();
    const box = within(privacy()).getByRole('checkbox', { name: 'Clear the clipboard 60 s after a copy' }) as HTMLInputElement;
    await waitFor(() => expect(box.disabled).toBe(false));
    expect(box.checked).toBe(true);
    await user.click(box);
    await waitFor(async () => expect((await settingsItem.getValue()).clearClipboard).toBe(false));
    expect(box.checked).toBe(false);
    expect(await within(privacy()).findByText('Reading the clipboard: allowed.')).toBeTruthy();
    expect(within(privacy()).queryByRole('button', { name: 'Allow reading the clipboard' })).toBeNull();
  });

  it('asks for the clipboardRead permission in the click, and shows whether it was given', async () => {
    const contains = vi.spyOn(permissions(), 'contains').mockResolvedValue(false);
    const request = vi.spyOn(permissions(), 'request').mockResolvedValueOnce(false).mockResolvedValueOnce(true);
    const user = await openOptions();
    expect(await within(privacy()).findByText('Reading the clipboard: not allowed.')).toBeTruthy();
    expect(contains).toHaveBeenCalledWith({ permissions: ['clipboardRead'] });
    await user.click(within(privacy()).getByRole('button', { name: 'Allow reading the clipboard' }));
    expect(request).toHaveBeenCalledWith({ permissions: ['clipboardRead'] });
    expect(await within(privacy()).findByText('Reading the clipboard: not allowed. The permission was not given.')).toBeTruthy();
    await user.click(within(privacy()).getByRole('button', { name: 'Allow reading the clipboard' }));
    expect(await within(privacy()).findByText('Reading the clipboard: allowed.')).toBeTruthy();
    expect(within(privacy()).queryByRole('button', { name: 'Allow reading the clipboard' })).toBeNull();
  });

  it('says "not allowed" when the browser cannot say', async () => {
    vi.spyOn(permissions(), 'contains').mockRejectedValue(new Error('not implemented'));
    await openOptions();
    expect(await within(privacy()).findByText('Reading the clipboard: not allowed.')).toBeTruthy();
  });

  it('shows the settings in Chinese', async () => {
    await settingsItem.setValue({ language: 'zh' });
    renderPage(<App />);
    const region = await screen.findByRole('region', { name: '历史记录和剪贴板' });
    expect(within(region).getByLabelText('转移密码保留时间')).toBeTruthy();
    expect(within(region).getByRole('checkbox', { name: '复制 60 秒后清空剪贴板' })).toBeTruthy();
  });

  const en = (key: MessageKey, params?: Record<string, string | number>) => translate('en', key, params);
  it.each<[number, number[], string]>([
    [30, [1, 7, 30, 90, 0], '30 days'],
    [0, [1, 7, 30, 90, 0], 'Never'],
    [1, [1, 7, 30, 90, 0], '1 day'],
    [14, [1, 7, 14, 30, 90, 0], '14 days'],
    [365, [1, 7, 30, 90, 365, 0], '365 days'],
  ])('retention %i days: choices %j, shown as %s', (days, choices, label) => {
    expect(retentionChoices(days)).toEqual(choices);
    expect(retentionLabel(days, en)).toBe(label);
  });
});
