// @vitest-environment happy-dom
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { SUGGESTED_SHORTCUT } from '../../entrypoints/options/components/KeyboardShortcut';
import { RAM_POLICY, READINESS_POLICY } from '../../entrypoints/options/components/RamPolicy';
import config, { POPUP_SHORTCUT } from '../../wxt.config';
import { App } from '../../entrypoints/options/App';
import { planProfileSave, profilesItem, type Profile, type ProfileBook } from '../../lib/credentials/profiles';
import { sendMessage } from '../../lib/protocol/index';
import { secretsItem, settingsItem } from '../../lib/storage';
import { FakeBackground, localDump, renderPage, sentActions } from './helpers/render';

// The fake background: the vault messages as lib/background/vault-messages answers them; each test
// says what the others answer (background.other).
vi.mock('../../lib/protocol/index', () => ({ sendMessage: vi.fn() }));
const send = vi.mocked(sendMessage);
let background: FakeBackground;

const SECRET = 'Sup3r-Secret-Value';

async function openOptions() {
  const user = userEvent.setup();
  renderPage(<App />);
  await screen.findByLabelText('AccessKey ID');
  return user;
}

const secretInput = () => screen.getByLabelText('AccessKey Secret') as HTMLInputElement;
/** The first key saved with the vault off is offered a passphrase first: declined here (tests/unit/options-vault.test.tsx has the offer). */
const skipVaultOffer = async (user: ReturnType<typeof userEvent.setup>) => user.click(await screen.findByRole('button', { name: 'Save without passphrase' }));
const stored = () => profilesItem.getValue();
/** The secrets the (fake) worker keeps unencrypted while the vault is off: local:secrets. */
const storedSecrets = () => secretsItem.getValue();

function cliFile(content: string) {
  return new File([content], 'config.json', { type: 'application/json' });
}

beforeEach(() => {
  fakeBrowser.reset();
  localStorage.clear();
  send.mockReset();
  background = new FakeBackground();
  send.mockImplementation(background.handle as never);
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('options: first use', () => {
  it('saves a profile from only the ID and the secret, and never shows the secret again', async () => {
    const user = await openOptions();
    expect(secretInput().type).toBe('password');
    await user.type(screen.getByLabelText('AccessKey ID'), 'LTAI5tExample');
    await user.type(secretInput(), SECRET);
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await skipVaultOffer(user);

    await waitFor(async () => expect((await stored()).profiles).toHaveLength(1));
    const book = await stored();
    expect(book).toEqual({
      activeId: book.profiles[0]!.id,
      profiles: [{ id: book.profiles[0]!.id, name: 'default', site: 'cn', accessKeyId: 'LTAI5tExample', hasSecret: true, sts: false }],
    });
    // The secret is the worker's, apart from the profiles that pages read.
    expect(await storedSecrets()).toEqual({ [book.profiles[0]!.id]: { accessKeySecret: SECRET } });
    expect(await screen.findByText('Saved')).toBeTruthy();
    expect(screen.getAllByRole('status').some((s) => s.textContent === 'Saved')).toBe(true);
    expect(secretInput().value).toBe('');
    expect(screen.getByText(/A secret is stored/)).toBeTruthy();
    expect(secretInput().placeholder).toMatch(/Stored/);
    expect(document.documentElement.outerHTML).not.toContain(SECRET);
  });

  it('saves with Enter in a field', async () => {
    const user = await openOptions();
    await user.type(screen.getByLabelText('AccessKey ID'), 'ID1');
    await user.type(secretInput(), `${SECRET}{Enter}`);
    await skipVaultOffer(user);
    await waitFor(async () => expect((await stored()).profiles[0]?.accessKeyId).toBe('ID1'));
  });

  it('refuses to save without an ID or without a secret', async () => {
    const user = await openOptions();
    await user.type(secretInput(), SECRET);
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Enter the AccessKey ID.');
    expect(screen.getByLabelText('AccessKey ID').getAttribute('aria-describedby')).toContain('access-key-id-error');
    await user.clear(secretInput());
    await user.type(screen.getByLabelText('AccessKey ID'), 'ID');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Enter the AccessKey Secret.');
    expect((await stored()).profiles).toEqual([]);
  });

  it('defaults to the China site and saves the International one when chosen', async () => {
    const user = await openOptions();
    const china = screen.getByRole('radio', { name: 'China (domain.aliyuncs.com)' }) as HTMLInputElement;
    expect(china.checked).toBe(true);
    await user.click(screen.getByRole('radio', { name: 'International (domain-intl.aliyuncs.com)' }));
    await user.type(screen.getByLabelText('AccessKey ID'), 'ID');
    await user.type(secretInput(), SECRET);
    await user.type(screen.getByLabelText('STS token'), 'TOKEN-7f3a9');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await skipVaultOffer(user);
    await waitFor(async () => expect((await stored()).profiles[0]).toMatchObject({ site: 'intl', hasSecret: true, sts: true }));
    expect(Object.values(await storedSecrets())).toEqual([{ accessKeySecret: SECRET, securityToken: 'TOKEN-7f3a9' }]);
    expect(document.documentElement.outerHTML).not.toContain('TOKEN-7f3a9');
  });
});

describe('options: an existing profile', () => {
  const existing: Profile = { id: 'p1', name: 'work', site: 'cn', accessKeyId: 'OLD-ID', hasSecret: true, sts: true };

  beforeEach(async () => {
    await profilesItem.setValue({ activeId: 'p1', profiles: [existing] });
    await secretsItem.setValue({ p1: { accessKeySecret: SECRET, securityToken: 'tok' } });
  });

  it('shows the ID, not the secret or token; an empty secret on Save keeps the stored one', async () => {
    const user = await openOptions();
    expect((screen.getByLabelText('AccessKey ID') as HTMLInputElement).value).toBe('OLD-ID');
    expect(secretInput().value).toBe('');
    expect((screen.getByLabelText('STS token') as HTMLInputElement).value).toBe('');
    expect(document.documentElement.outerHTML).not.toContain(SECRET);
    const id = screen.getByLabelText('AccessKey ID');
    await user.clear(id);
    await user.type(id, 'NEW-ID');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(async () => expect((await stored()).profiles[0]).toEqual({ ...existing, accessKeyId: 'NEW-ID' }));
  });

  it('drops the STS token when a new secret is saved without one', async () => {
    const user = await openOptions();
    await user.type(secretInput(), 'another-secret');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(async () => expect((await storedSecrets()).p1).toEqual({ accessKeySecret: 'another-secret' }));
    expect((await stored()).profiles[0]).toMatchObject({ hasSecret: true, sts: false });
  });

  it('adds a second profile, switches the active one, and deletes one', async () => {
    const user = await openOptions();
    await user.click(screen.getByRole('button', { name: 'Add profile' }));
    await user.type(screen.getByLabelText('Profile name'), 'home');
    await user.type(screen.getByLabelText('AccessKey ID'), 'HOME-ID');
    await user.type(secretInput(), 'home-secret');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(async () => expect((await stored()).profiles).toHaveLength(2));
    const home = (await stored()).profiles.find((p) => p.name === 'home')!;
    expect((await stored()).activeId).toBe(home.id);

    const group = screen.getByRole('group', { name: 'Active profile' });
    expect((within(group).getByRole('radio', { name: /home/ }) as HTMLInputElement).checked).toBe(true);
    await user.click(within(group).getByRole('radio', { name: /work/ }));
    await waitFor(async () => expect((await stored()).activeId).toBe('p1'));
    expect((screen.getByLabelText('AccessKey ID') as HTMLInputElement).value).toBe('OLD-ID');

    await user.click(screen.getByRole('button', { name: 'Delete profile work' }));
    await waitFor(async () => expect(await stored()).toEqual({ activeId: home.id, profiles: [home] }));
  });

  it('refuses a name another profile has', async () => {
    const user = await openOptions();
    await user.click(screen.getByRole('button', { name: 'Add profile' }));
    await user.type(screen.getByLabelText('Profile name'), 'work');
    await user.type(screen.getByLabelText('AccessKey ID'), 'X');
    await user.type(secretInput(), 'y');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Another profile already has this name.');
    expect((await stored()).profiles).toHaveLength(1);
  });

  it('tests the connection: keys work', async () => {
    background.other = () => ({ ok: true });
    const user = await openOptions();
    await user.click(screen.getByRole('button', { name: 'Test connection' }));
    expect(send).toHaveBeenCalledWith('testConnection');
    expect(await screen.findByText('Keys work')).toBeTruthy();
  });

  it('tests the connection: shows the cause and the API code', async () => {
    const message = 'The AccessKey secret is wrong: check it on the options page. (SignatureDoesNotMatch)';
    background.other = () => ({ ok: false, error: 'api', code: 'SignatureDoesNotMatch', message });
    const user = await openOptions();
    await user.click(screen.getByRole('button', { name: 'Test connection' }));
    const status = await screen.findByText(message);
    expect(status.getAttribute('role')).toBe('status');
  });

  it('tests the connection: no key, and no answer', async () => {
    const answers = [() => ({ ok: false, error: 'no-credentials' }), () => Promise.reject(new Error('gone'))];
    background.other = () => answers.shift()!();
    const user = await openOptions();
    await user.click(screen.getByRole('button', { name: 'Test connection' }));
    expect(await screen.findByText('Save an AccessKey first.')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Test connection' }));
    expect(await screen.findByText(/did not answer/)).toBeTruthy();
  });
});

describe('options: import from the aliyun CLI', () => {
  const good = JSON.stringify({
    current: 'temp',
    profiles: [
      { name: 'default', mode: 'AK', access_key_id: 'AK-ID', access_key_secret: 'ak-secret', region_id: 'cn-hangzhou' },
      { name: 'temp', mode: 'StsToken', access_key_id: 'STS.ID', access_key_secret: 'sts-secret', sts_token: 'TOKEN-b81c', region_id: 'ap-southeast-1' },
      { name: 'role', mode: 'RamRoleArn', access_key_id: 'R', access_key_secret: 'r', ram_role_arn: 'acs:ram::1:role/x' },
    ],
  });

  it('imports AK and StsToken profiles, makes the current one active, and says what was refused', async () => {
    const user = await openOptions();
    await user.upload(screen.getByLabelText('Import aliyun CLI config'), cliFile(good));
    expect(await screen.findByText('Imported: default, temp.')).toBeTruthy();
    expect(screen.getByText('role: mode RamRoleArn is not supported (only AK and StsToken are).')).toBeTruthy();
    expect(screen.getByText(/temp uses region ap-southeast-1/)).toBeTruthy();

    const book = await stored();
    const temp = book.profiles.find((p) => p.name === 'temp');
    expect(book.activeId).toBe(temp?.id);
    expect(book.profiles.map(({ id: _id, ...rest }) => rest)).toEqual([
      { name: 'default', site: 'cn', accessKeyId: 'AK-ID', hasSecret: true, sts: false },
      { name: 'temp', site: 'cn', accessKeyId: 'STS.ID', hasSecret: true, sts: true },
    ]);
    expect(await storedSecrets()).toEqual({
      [book.profiles[0]!.id]: { accessKeySecret: 'ak-secret' },
      [temp!.id]: { accessKeySecret: 'sts-secret', securityToken: 'TOKEN-b81c' },
    });
    // The editor now shows the imported active profile, still without its secret.
    await waitFor(() => expect((screen.getByLabelText('AccessKey ID') as HTMLInputElement).value).toBe('STS.ID'));
    const html = document.documentElement.outerHTML;
    for (const secret of ['ak-secret', 'sts-secret', 'TOKEN-b81c']) expect(html).not.toContain(secret);
  });

  it('refuses malformed JSON with a message and changes nothing', async () => {
    const user = await openOptions();
    await user.upload(screen.getByLabelText('Import aliyun CLI config'), cliFile('{"profiles": [ {'));
    expect(await screen.findByText(/not valid JSON/)).toBeTruthy();
    expect(await stored()).toEqual({ activeId: null, profiles: [] });
  });

  it('imports nothing from a file with only a RamRoleArn profile, and says why', async () => {
    const user = await openOptions();
    const onlyRole = JSON.stringify({ current: 'role', profiles: [{ name: 'role', mode: 'RamRoleArn', access_key_id: 'R', access_key_secret: 'r' }] });
    await user.upload(screen.getByLabelText('Import aliyun CLI config'), cliFile(onlyRole));
    expect(await screen.findByText('No profile was imported.')).toBeTruthy();
    expect(screen.getByText(/role: mode RamRoleArn is not supported/)).toBeTruthy();
    expect(await stored()).toEqual({ activeId: null, profiles: [] });
  });

  it('refuses JSON that is not a CLI config', async () => {
    const user = await openOptions();
    await user.upload(screen.getByLabelText('Import aliyun CLI config'), cliFile('{"hello": 1}'));
    expect(await screen.findByText(/not an aliyun CLI config/)).toBeTruthy();
  });
});

describe('options: language and policy', () => {
  it('switches the whole page to Chinese at once, and back', async () => {
    const user = await openOptions();
    await user.selectOptions(screen.getByLabelText('Language'), 'zh');
    expect(await screen.findByRole('button', { name: '保存' })).toBeTruthy();
    expect(screen.getByLabelText('AccessKey Secret')).toBeTruthy();
    expect(screen.getByRole('radio', { name: '中国站（domain.aliyuncs.com）' })).toBeTruthy();
    expect(screen.getByLabelText('导入阿里云 CLI 配置')).toBeTruthy();
    expect(await settingsItem.getValue()).toEqual({ language: 'zh' });
    // The document's language is set by an effect after that render (React's scheduler: later on a loaded machine).
    await waitFor(() => expect(document.documentElement.lang).toBe('zh-CN'));
    await user.selectOptions(screen.getByLabelText('语言'), 'en');
    expect(await screen.findByRole('button', { name: 'Save' })).toBeTruthy();
  });

  it('"Hide codes in notifications" is off by default and saved at once, keeping the other settings', async () => {
    await settingsItem.setValue({ language: 'en', requestsPerSecond: 7 });
    const user = await openOptions();
    const box = await screen.findByRole('checkbox', { name: 'Hide codes in notifications' });
    await waitFor(() => expect((box as HTMLInputElement).disabled).toBe(false));
    expect((box as HTMLInputElement).checked).toBe(false);
    await user.click(box);
    await waitFor(async () => expect(await settingsItem.getValue()).toEqual({ language: 'en', requestsPerSecond: 7, hideCodesInNotifications: true }));
    expect((box as HTMLInputElement).checked).toBe(true);
    await user.click(box);
    await waitFor(async () => expect((await settingsItem.getValue()).hideCodesInNotifications).toBe(false));
  });

  it('shows the least-privilege policy and copies it', async () => {
    const user = await openOptions();
    const pre = screen.getByText(/domain:DomainTransferOutOperation/);
    expect(pre.tagName).toBe('PRE');
    expect(JSON.parse(pre.textContent ?? '')).toEqual({
      Version: '1',
      Statement: [
        { Effect: 'Allow', Action: 'domain:DomainTransferOutOperation', Resource: 'acs:domain:*:*:domain/*' },
        { Effect: 'Allow', Action: 'domain:QueryDomainTask', Resource: 'acs:domain:*:*:*' },
      ],
    });
    const write = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue(undefined);
    await user.click(screen.getByRole('button', { name: 'Copy policy' }));
    expect(write).toHaveBeenCalledWith(RAM_POLICY);
    expect(await screen.findByText('Copied')).toBeTruthy();
  });
});

describe('options: security, vault off', () => {
  it('says plainly that the secret is stored unencrypted, and offers the passphrase', async () => {
    await openOptions();
    const section = screen.getByRole('region', { name: 'Security' });
    expect(await within(section).findByText('The AccessKey secret is stored unencrypted in this browser profile.')).toBeTruthy();
    expect((within(section).getByLabelText('Passphrase') as HTMLInputElement).type).toBe('password');
    expect((within(section).getByLabelText('Repeat passphrase') as HTMLInputElement).type).toBe('password');
    expect(within(section).getByRole('button', { name: 'Encrypt with passphrase' })).toBeTruthy();
    expect(within(section).getByText(/At least 8 characters/)).toBeTruthy();
  });

  it.each([
    ['different passphrases', 'correct horse 1', 'correct horse 2', 'The passphrases do not match. Nothing was changed.'],
    ['a short passphrase', 'short', 'short', 'The passphrase needs at least 8 characters. Nothing was changed.'],
    ['an empty passphrase', '', '', 'The passphrase needs at least 8 characters. Nothing was changed.'],
  ])('refuses %s inline, sends nothing and clears the fields', async (_case, first, second, message) => {
    const user = await openOptions();
    const section = screen.getByRole('region', { name: 'Security' });
    const passphrase = (await within(section).findByLabelText('Passphrase')) as HTMLInputElement;
    if (first) await user.type(passphrase, first);
    if (second) await user.type(within(section).getByLabelText('Repeat passphrase'), second);
    await user.click(within(section).getByRole('button', { name: 'Encrypt with passphrase' }));
    expect((await within(section).findByRole('alert')).textContent).toBe(message);
    expect(passphrase.value).toBe('');
    expect((within(section).getByLabelText('Repeat passphrase') as HTMLInputElement).value).toBe('');
    expect(passphrase.getAttribute('aria-invalid')).toBe('true');
    expect(sentActions(send)).toEqual([]);
    expect(background.status).toBe('off');
  });

  it('turns encryption on with vaultEnable, then shows the new state; the passphrase is shown nowhere', async () => {
    await profilesItem.setValue({ activeId: 'p1', profiles: [{ id: 'p1', name: 'work', site: 'cn', accessKeyId: 'ID', hasSecret: true }] });
    await secretsItem.setValue({ p1: { accessKeySecret: SECRET } });
    const user = await openOptions();
    const section = screen.getByRole('region', { name: 'Security' });
    await user.type(await within(section).findByLabelText('Passphrase'), 'a long passphrase');
    await user.type(within(section).getByLabelText('Repeat passphrase'), 'a long passphrase{Enter}');
    await waitFor(() => expect(send).toHaveBeenCalledWith('vaultEnable', { passphrase: 'a long passphrase' }));
    expect(await within(section).findByText('Encrypted; unlocked')).toBeTruthy();
    expect(within(section).getByText('Encryption is on: the secrets are sealed with your passphrase.')).toBeTruthy();
    expect(within(section).queryByText('The AccessKey secret is stored unencrypted in this browser profile.')).toBeNull();
    // The plain copy is removed by the background; the page still knows a secret is stored.
    await waitFor(async () => expect(await storedSecrets()).toEqual({}));
    expect(screen.getByText(/A secret is stored/)).toBeTruthy();
    expect(screen.getByText(/encrypted with your passphrase: it is never stored in plain text/)).toBeTruthy();
    const html = document.documentElement.outerHTML;
    expect(html).not.toContain('a long passphrase');
    expect(html).not.toContain(SECRET);
    expect(await localDump()).not.toContain('a long passphrase');
  });

  it('links the least-privilege advice to the RAM policy, which recommends a RAM user with only it', async () => {
    await openOptions();
    const link = within(screen.getByRole('region', { name: 'Security' })).getByRole('link', { name: 'Show the RAM policy' });
    const target = document.getElementById(link.getAttribute('href')!.slice(1));
    expect(target?.textContent).toBe('Least-privilege RAM policy');
    expect(screen.getByText(/Create a RAM user with only this policy and use its AccessKey here.*README, Security/)).toBeTruthy();
  });
});

describe('options: security, vault on', () => {
  const sealedProfile: Profile = { id: 'p1', name: 'work', site: 'cn', accessKeyId: 'ID', hasSecret: true, sts: false };

  beforeEach(async () => {
    await profilesItem.setValue({ activeId: 'p1', profiles: [sealedProfile] });
    await background.vaultOn('the right passphrase', { p1: { accessKeySecret: SECRET } });
  });

  const security = () => screen.getByRole('region', { name: 'Security' });

  it('locked: a wrong passphrase is refused with an alert and changes nothing; the right one unlocks', async () => {
    background.status = 'locked';
    const user = await openOptions();
    expect(await within(security()).findByText('Encrypted; locked')).toBeTruthy();
    const field = within(security()).getByLabelText('Passphrase') as HTMLInputElement;
    await user.type(field, 'not the passphrase');
    await user.click(within(security()).getByRole('button', { name: 'Unlock' }));
    expect((await within(security()).findByRole('alert')).textContent).toBe('Wrong passphrase. Nothing was changed.');
    expect(send).toHaveBeenCalledWith('vaultUnlock', { passphrase: 'not the passphrase' });
    expect(field.value).toBe('');
    expect(background.status).toBe('locked');
    expect(within(security()).getByText('Encrypted; locked')).toBeTruthy();

    await user.type(field, 'the right passphrase{Enter}');
    expect(await within(security()).findByText('Encrypted; unlocked')).toBeTruthy();
    expect(within(security()).queryByRole('alert')).toBeNull();
    expect(document.documentElement.outerHTML).not.toContain('passphrase{');
  });

  it('an empty passphrase is refused without a message to the background', async () => {
    background.status = 'locked';
    const user = await openOptions();
    await user.click(await within(security()).findByRole('button', { name: 'Unlock' }));
    expect((await within(security()).findByRole('alert')).textContent).toBe('Enter the passphrase.');
    expect(sentActions(send)).toEqual([]);
  });

  it('locked: a forgotten passphrase can be reset, after a confirmation', async () => {
    background.status = 'locked';
    const confirm = vi.fn().mockReturnValueOnce(false).mockReturnValueOnce(true);
    vi.stubGlobal('confirm', confirm);
    background.other = (type) => {
      if (type === 'vaultReset') background.status = 'off';
      return { ok: true };
    };
    const user = await openOptions();
    await user.click(await within(security()).findByText('Forgot the passphrase?'));
    await user.click(within(security()).getByRole('button', { name: 'Reset encryption' }));
    expect(sentActions(send)).not.toContainEqual(['vaultReset']);
    await user.click(within(security()).getByRole('button', { name: 'Reset encryption' }));
    await waitFor(() => expect(send).toHaveBeenCalledWith('vaultReset'));
    expect(confirm).toHaveBeenCalledTimes(2);
    expect(await within(security()).findByText('The AccessKey secret is stored unencrypted in this browser profile.')).toBeTruthy();
  });

  it('deleting a profile asks the background to drop its sealed secret', async () => {
    const user = await openOptions();
    await user.click(await screen.findByRole('button', { name: 'Delete profile work' }));
    await waitFor(() => expect(send).toHaveBeenCalledWith('forgetDeletedSecrets'));
    expect((await stored()).profiles).toEqual([]);
  });

  it('unlocked: "Lock now" locks', async () => {
    const user = await openOptions();
    await user.click(await within(security()).findByRole('button', { name: 'Lock now' }));
    expect(send).toHaveBeenCalledWith('vaultLock');
    expect(await within(security()).findByText('Encrypted; locked')).toBeTruthy();
    expect(background.status).toBe('locked');
    expect(within(security()).getByLabelText('Passphrase')).toBeTruthy();
  });

  it('the auto-lock select shows the saved time (15 minutes by default) and saves a new one', async () => {
    const user = await openOptions();
    const select = (await within(security()).findByLabelText('Auto-lock after')) as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent)).toEqual(['Never', '5 minutes', '15 minutes', '30 minutes', '1 hour', '4 hours']);
    expect(select.value).toBe('15');
    await user.selectOptions(select, '4 hours');
    await waitFor(() => expect(send).toHaveBeenCalledWith('vaultSetAutoLock', { minutes: 240 }));
    expect(await within(security()).findByText('Auto-lock saved.')).toBeTruthy();
    expect(select.value).toBe('240');
    await user.selectOptions(select, 'Never');
    await waitFor(() => expect(send).toHaveBeenCalledWith('vaultSetAutoLock', { minutes: 0 }));
    expect(background.autoLockMinutes).toBe(0);
  });

  it('shows an auto-lock time set elsewhere that is not one of the choices', async () => {
    background.autoLockMinutes = 10;
    await openOptions();
    const select = (await within(security()).findByLabelText('Auto-lock after')) as HTMLSelectElement;
    expect(select.value).toBe('10');
    expect(select.selectedOptions[0]?.textContent).toBe('10 minutes');
  });

  it('changes the passphrase: refuses a mismatch locally, a wrong current one with an alert, then changes it', async () => {
    const user = await openOptions();
    const current = (await within(security()).findByLabelText('Current passphrase')) as HTMLInputElement;
    const next = within(security()).getByLabelText('New passphrase') as HTMLInputElement;
    const repeat = within(security()).getByLabelText('Repeat new passphrase') as HTMLInputElement;
    const change = within(security()).getByRole('button', { name: 'Change passphrase' });

    await user.type(current, 'the right passphrase');
    await user.type(next, 'new passphrase 1');
    await user.type(repeat, 'new passphrase 2');
    await user.click(change);
    expect((await within(security()).findByRole('alert')).textContent).toBe('The passphrases do not match. Nothing was changed.');
    expect(sentActions(send)).toEqual([]);
    expect([current.value, next.value, repeat.value]).toEqual(['', '', '']);

    await user.type(current, 'a wrong passphrase');
    await user.type(next, 'new passphrase 1');
    await user.type(repeat, 'new passphrase 1');
    await user.click(change);
    await waitFor(() => expect(within(security()).getByRole('alert').textContent).toBe('Wrong passphrase. Nothing was changed.'));
    expect(background.passphrase).toBe('the right passphrase');
    expect([current.value, next.value, repeat.value]).toEqual(['', '', '']);

    await user.type(current, 'the right passphrase');
    await user.type(next, 'new passphrase 1');
    await user.type(repeat, 'new passphrase 1{Enter}');
    expect(await within(security()).findByText('Passphrase changed.')).toBeTruthy();
    expect(send).toHaveBeenCalledWith('vaultChangePassphrase', { oldPassphrase: 'the right passphrase', newPassphrase: 'new passphrase 1' });
    expect(background.passphrase).toBe('new passphrase 1');
    expect(within(security()).queryByRole('alert')).toBeNull();
  });

  it('turns encryption off only with the passphrase', async () => {
    const user = await openOptions();
    const heading = await within(security()).findByRole('heading', { name: 'Turn off encryption' });
    const form = heading.closest('form')!;
    await user.type(within(form).getByLabelText('Passphrase'), 'wrong passphrase');
    await user.click(within(form).getByRole('button', { name: 'Turn off encryption' }));
    expect((await within(form).findByRole('alert')).textContent).toBe('Wrong passphrase. Nothing was changed.');
    expect(background.status).toBe('unlocked');
    expect((within(form).getByLabelText('Passphrase') as HTMLInputElement).value).toBe('');

    await user.type(within(form).getByLabelText('Passphrase'), 'the right passphrase{Enter}');
    expect(await within(security()).findByText('The AccessKey secret is stored unencrypted in this browser profile.')).toBeTruthy();
    expect(send).toHaveBeenCalledWith('vaultDisable', { passphrase: 'the right passphrase' });
    expect(within(security()).getByText('Encryption is off: the secrets are stored unencrypted again.')).toBeTruthy();
    await waitFor(async () => expect((await storedSecrets()).p1?.accessKeySecret).toBe(SECRET));
  });

  it('says a stored profile has a secret although its secret field is empty, and keeps it on Save', async () => {
    const user = await openOptions();
    await screen.findByText('Encrypted; unlocked');
    expect(screen.getByText(/A secret is stored/)).toBeTruthy();
    expect(secretInput().placeholder).toMatch(/Stored/);
    const id = screen.getByLabelText('AccessKey ID');
    await user.clear(id);
    await user.type(id, 'NEW-ID');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Saved')).toBeTruthy();
    expect(await stored()).toEqual({ activeId: 'p1', profiles: [{ ...sealedProfile, accessKeyId: 'NEW-ID' }] });
    expect(sentActions(send).filter(([type]) => type === 'storeSecrets')).toEqual([]);
    expect(background.sealed).toEqual({ p1: { accessKeySecret: SECRET } });
  });

  it('saving a new profile never writes its secret or token to storage.local: they go to storeSecrets', async () => {
    const user = await openOptions();
    await screen.findByText('Encrypted; unlocked');
    await user.click(screen.getByRole('button', { name: 'Add profile' }));
    await user.type(screen.getByLabelText('Profile name'), 'home');
    await user.type(screen.getByLabelText('AccessKey ID'), 'HOME-ID');
    await user.type(secretInput(), 'home-Secret-42');
    await user.type(screen.getByLabelText('STS token'), 'TOKEN-c0ffee');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Saved')).toBeTruthy();

    const home = (await stored()).profiles.find((p) => p.name === 'home')!;
    expect(home).toEqual({ id: home.id, name: 'home', site: 'cn', accessKeyId: 'HOME-ID', hasSecret: true, sts: true });
    expect(send).toHaveBeenCalledWith('storeSecrets', { profileId: home.id, accessKeySecret: 'home-Secret-42', securityToken: 'TOKEN-c0ffee' });
    expect(background.sealed[home.id]).toEqual({ accessKeySecret: 'home-Secret-42', securityToken: 'TOKEN-c0ffee' });
    const dump = await localDump();
    for (const secret of ['home-Secret-42', 'TOKEN-c0ffee', SECRET]) expect(dump).not.toContain(secret);
    expect(secretInput().value).toBe('');
    expect(screen.getByText(/A secret is stored/)).toBeTruthy();
    expect(document.documentElement.outerHTML).not.toContain('home-Secret-42');
  });

  it('a new secret for an existing profile is sealed, not stored in the profile', async () => {
    const user = await openOptions();
    await screen.findByText('Encrypted; unlocked');
    await user.type(secretInput(), 'rotated-Secret-7');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Saved')).toBeTruthy();
    expect(background.sealed.p1).toEqual({ accessKeySecret: 'rotated-Secret-7' });
    expect(await stored()).toEqual({ activeId: 'p1', profiles: [sealedProfile] });
    expect(await localDump()).not.toContain('rotated-Secret-7');
  });

  it('a new STS token alone goes to the worker, which seals it beside the stored secret (the page never reads it)', async () => {
    const user = await openOptions();
    await screen.findByText('Encrypted; unlocked');
    await user.type(screen.getByLabelText('STS token'), 'TOKEN-only');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Saved')).toBeTruthy();
    expect(send).toHaveBeenCalledWith('storeSecrets', { profileId: 'p1', securityToken: 'TOKEN-only' });
    expect(background.sealed.p1).toEqual({ accessKeySecret: SECRET, securityToken: 'TOKEN-only' });
    expect(document.documentElement.outerHTML).not.toContain('TOKEN-only');
  });

  it('locked: saving a new secret asks to unlock first and writes nothing; after the unlock, Save works', async () => {
    background.status = 'locked';
    const user = await openOptions();
    await screen.findByText('Encrypted; locked');
    await user.click(screen.getByRole('button', { name: 'Add profile' }));
    await user.type(screen.getByLabelText('AccessKey ID'), 'HOME-ID');
    await user.type(secretInput(), 'home-Secret-42');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect((await screen.findByText('Your AccessKey is locked: unlock it under Security first.')).getAttribute('role')).toBe('alert');
    expect(await stored()).toEqual({ activeId: 'p1', profiles: [sealedProfile] });
    expect(sentActions(send)).toEqual([]);

    await user.type(within(security()).getByLabelText('Passphrase'), 'the right passphrase{Enter}');
    await within(security()).findByText('Encrypted; unlocked');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Saved')).toBeTruthy();
    expect((await stored()).profiles).toHaveLength(2);
    expect(Object.values(background.sealed)).toContainEqual({ accessKeySecret: 'home-Secret-42' });
    expect(await localDump()).not.toContain('home-Secret-42');
  });

  it('takes a new profile back when its secret could not be stored (the vault locked meanwhile)', async () => {
    send.mockImplementation((async (type: string, data: unknown) =>
      type === 'storeSecrets' ? { ok: false, error: 'locked' } : background.handle(type, data)) as never);
    const user = await openOptions();
    await screen.findByText('Encrypted; unlocked');
    await user.click(screen.getByRole('button', { name: 'Add profile' }));
    await user.type(screen.getByLabelText('AccessKey ID'), 'HOME-ID');
    await user.type(secretInput(), 'home-Secret-42');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Your AccessKey is locked: unlock it under Security first.')).toBeTruthy();
    expect(send).toHaveBeenCalledWith('storeSecrets', expect.objectContaining({ accessKeySecret: 'home-Secret-42' }));
    expect(await stored()).toEqual({ activeId: 'p1', profiles: [sealedProfile] });
  });

  it('imports CLI profiles with their secrets sealed, never in storage.local', async () => {
    const user = await openOptions();
    await screen.findByText('Encrypted; unlocked');
    const config = JSON.stringify({
      current: 'temp',
      profiles: [
        { name: 'default', mode: 'AK', access_key_id: 'AK-ID', access_key_secret: 'ak-Secret-1' },
        { name: 'temp', mode: 'StsToken', access_key_id: 'STS.ID', access_key_secret: 'sts-Secret-2', sts_token: 'TOKEN-d00d' },
      ],
    });
    await user.upload(screen.getByLabelText('Import aliyun CLI config'), cliFile(config));
    expect(await screen.findByText('Imported: default, temp.')).toBeTruthy();

    const book = await stored();
    expect(book.profiles.map(({ id: _id, ...rest }) => rest)).toEqual([
      { name: 'work', site: 'cn', accessKeyId: 'ID', hasSecret: true, sts: false },
      { name: 'default', site: 'cn', accessKeyId: 'AK-ID', hasSecret: true, sts: false },
      { name: 'temp', site: 'cn', accessKeyId: 'STS.ID', hasSecret: true, sts: true },
    ]);
    const id = (name: string) => book.profiles.find((p) => p.name === name)!.id;
    expect(book.activeId).toBe(id('temp'));
    expect(send).toHaveBeenCalledWith('storeSecrets', { profileId: id('default'), accessKeySecret: 'ak-Secret-1' });
    expect(send).toHaveBeenCalledWith('storeSecrets', { profileId: id('temp'), accessKeySecret: 'sts-Secret-2', securityToken: 'TOKEN-d00d' });
    expect(background.sealed[id('temp')]).toEqual({ accessKeySecret: 'sts-Secret-2', securityToken: 'TOKEN-d00d' });
    const dump = await localDump();
    for (const secret of ['ak-Secret-1', 'sts-Secret-2', 'TOKEN-d00d']) expect(dump).not.toContain(secret);
  });

  it('locked: a CLI import asks to unlock first and imports nothing', async () => {
    background.status = 'locked';
    const user = await openOptions();
    await screen.findByText('Encrypted; locked');
    const config = JSON.stringify({ profiles: [{ name: 'x', mode: 'AK', access_key_id: 'X', access_key_secret: 'x-Secret' }] });
    await user.upload(screen.getByLabelText('Import aliyun CLI config'), cliFile(config));
    expect(await screen.findByText('Your AccessKey is locked: unlock it under Security first.')).toBeTruthy();
    expect(await stored()).toEqual({ activeId: 'p1', profiles: [sealedProfile] });
    expect(sentActions(send)).toEqual([]);
  });

  it('the connection test says when the key is locked', async () => {
    background.status = 'locked';
    background.other = (type) => (type === 'testConnection' ? { ok: false, error: 'locked' } : { ok: true });
    const user = await openOptions();
    await user.click(screen.getByRole('button', { name: 'Test connection' }));
    expect(await screen.findByText('Your AccessKey is locked: unlock it under Security first.')).toBeTruthy();
  });

  it('reads the state again when the page gets focus (locked elsewhere meanwhile)', async () => {
    await openOptions();
    await within(security()).findByText('Encrypted; unlocked');
    background.status = 'locked';
    await act(async () => {
      window.dispatchEvent(new Event('focus'));
    });
    expect(await within(security()).findByText('Encrypted; locked')).toBeTruthy();
  });

  it('shows the section in Chinese', async () => {
    await settingsItem.setValue({ language: 'zh' });
    renderPage(<App />);
    const section = await screen.findByRole('region', { name: '安全' });
    expect(await within(section).findByText('已加密；已解锁')).toBeTruthy();
    expect(within(section).getByRole('button', { name: '立即锁定' })).toBeTruthy();
    expect(within(section).getByLabelText('自动锁定时间')).toBeTruthy();
  });
});

// What applyProfileInput (removed: dead code) was tested for, now through planProfileSave, which
// the options page uses.
describe('planProfileSave: names, kept secrets, trimming', () => {
  const book: ProfileBook = { activeId: 'a', profiles: [{ id: 'a', name: 'default', site: 'cn', accessKeyId: 'A', hasSecret: true, sts: true }] };
  const input = { name: '', site: 'cn' as const, accessKeyId: 'B', accessKeySecret: 'x', securityToken: '' };
  const newId = () => 'n';

  it('names a new profile "default", or "default 2" when that is taken', () => {
    expect(planProfileSave({ activeId: null, profiles: [] }, undefined, input, newId, 'off')).toMatchObject({ ok: true, meta: { name: 'default' } });
    expect(planProfileSave(book, undefined, input, newId, 'off')).toMatchObject({ ok: true, meta: { id: 'n', name: 'default 2' } });
  });

  it('keeps the secret and token when both fields are empty', () => {
    const edit = planProfileSave(book, book.profiles[0], { ...input, accessKeySecret: '' }, newId, 'off');
    // No new secrets: the stored secret and token stay as they are.
    expect(edit).toEqual({ ok: true, meta: { id: 'a', name: 'default', site: 'cn', accessKeyId: 'B' } });
  });

  it('trims pasted whitespace', () => {
    const edit = planProfileSave(book, undefined, { ...input, name: ' x ', accessKeyId: ' B\n', accessKeySecret: ' x ' }, newId, 'off');
    expect(edit).toMatchObject({ ok: true, meta: { name: 'x', accessKeyId: 'B' }, secrets: { accessKeySecret: 'x' } });
  });
});

describe('planProfileSave', () => {
  const plain: Profile = { id: 'a', name: 'default', site: 'cn', accessKeyId: 'A', hasSecret: true, sts: true };
  // Moved while the vault was locked: whether it has a secret is not known yet.
  const sealed: Profile = { id: 'a', name: 'default', site: 'cn', accessKeyId: 'A' };
  const input = { name: '', site: 'cn' as const, accessKeyId: 'B', accessKeySecret: '', securityToken: '' };
  const book = (p: Profile): ProfileBook => ({ activeId: p.id, profiles: [p] });
  const newId = () => 'n';

  it('never puts a secret into the metadata; a new secret (and token) is a separate set', () => {
    expect(planProfileSave(book(plain), plain, { ...input, accessKeySecret: ' x ', securityToken: 'y' }, newId, 'unlocked')).toEqual({
      ok: true,
      meta: { id: 'a', name: 'default', site: 'cn', accessKeyId: 'B' },
      secrets: { accessKeySecret: 'x', securityToken: 'y' },
    });
  });

  it('keeps what is stored when both fields are empty, with the vault off or on', () => {
    expect(planProfileSave(book(plain), plain, input, newId, 'off')).toEqual({ ok: true, meta: { id: 'a', name: 'default', site: 'cn', accessKeyId: 'B' } });
    expect(planProfileSave(book(sealed), sealed, input, newId, 'locked')).toEqual({ ok: true, meta: { id: 'a', name: 'default', site: 'cn', accessKeyId: 'B' } });
  });

  it('with the vault off, an empty secret field means no secret; with it on, the vault has it', () => {
    expect(planProfileSave(book(sealed), sealed, input, newId, 'off')).toEqual({ ok: false, error: 'need-secret' });
    expect(planProfileSave(book(sealed), undefined, { ...input, name: 'new' }, newId, 'unlocked')).toEqual({ ok: false, error: 'need-secret' });
  });

  it('a new token alone goes to the worker alone: the page never has the stored secret', () => {
    expect(planProfileSave(book(plain), plain, { ...input, securityToken: 'T2' }, newId, 'off')).toEqual({ ok: true, meta: { id: 'a', name: 'default', site: 'cn', accessKeyId: 'B' }, secrets: { securityToken: 'T2' } });
    expect(planProfileSave(book(sealed), sealed, { ...input, securityToken: 'T2' }, newId, 'unlocked')).toMatchObject({ ok: true, secrets: { securityToken: 'T2' } });
  });

  it('a profile says whether the worker holds its secret; not known means held only while the vault is on', () => {
    const none: Profile = { ...plain, hasSecret: false, sts: false };
    expect(planProfileSave(book(none), none, input, newId, 'unlocked')).toEqual({ ok: false, error: 'need-secret' });
    expect(planProfileSave(book(plain), plain, input, newId, 'off')).toMatchObject({ ok: true });
  });
});

describe('options: keyboard shortcut', () => {
  function stubCommands(getAll: () => Promise<unknown>) {
    Object.assign(fakeBrowser, { commands: { getAll: vi.fn(getAll) } });
  }

  it('shows the shortcut the browser has set', async () => {
    stubCommands(async () => [
      { name: 'other', shortcut: 'Ctrl+Q' },
      { name: '_execute_action', shortcut: 'Ctrl+Shift+Y', description: 'Open' },
    ]);
    await openOptions();
    const section = screen.getByRole('region', { name: 'Keyboard shortcut' });
    await waitFor(() => expect(within(section).getByText('Ctrl+Shift+Y').tagName).toBe('KBD'));
    expect(within(section).getByText(/Opens the popup:/)).toBeTruthy();
    expect(within(section).getByText('To set or change it, open chrome://extensions/shortcuts in a new tab.')).toBeTruthy();
    expect(within(section).queryByRole('link')).toBeNull();
  });

  it('reads the MV2 command name too (Firefox)', async () => {
    stubCommands(async () => [{ name: '_execute_browser_action', shortcut: 'Alt+Shift+T' }]);
    await openOptions();
    await waitFor(() => expect(within(screen.getByRole('region', { name: 'Keyboard shortcut' })).getByText('Alt+Shift+T').tagName).toBe('KBD'));
  });

  it.each([
    ['no shortcut is set', () => Promise.resolve([{ name: '_execute_action', shortcut: '' }])],
    ['the API fails', () => Promise.reject(new Error('not implemented'))],
  ])('says "not set" with the suggested key when %s, and where to set it, as plain text', async (_case, getAll) => {
    stubCommands(getAll);
    await openOptions();
    const section = screen.getByRole('region', { name: 'Keyboard shortcut' });
    expect(await within(section).findByText('Not set. Suggested: Alt+Shift+K.')).toBeTruthy();
    expect(within(section).getByText(/chrome:\/\/extensions\/shortcuts/).tagName).toBe('P');
    expect(within(section).queryByRole('link')).toBeNull();
  });

  it('suggests the key the manifest suggests', () => {
    expect(SUGGESTED_SHORTCUT).toBe(POPUP_SHORTCUT);
    const manifest = (config.manifest as (env: object) => { commands: Record<string, { suggested_key: { default: string } }> })({ browser: 'chrome', manifestVersion: 3 });
    expect(manifest.commands._execute_action!.suggested_key.default).toBe(SUGGESTED_SHORTCUT);
  });
});

describe('options: batches and the readiness policy', () => {
  it('links to the batch page and saves the request rate', async () => {
    const user = await openOptions();
    const section = screen.getByRole('region', { name: 'Batches' });
    const link = within(section).getByRole('link', { name: 'Batch: many domains' });
    expect(link.getAttribute('href')).toBe('/batch.html');
    expect(link.getAttribute('target')).toBe('_blank');
    const rate = (await within(section).findByLabelText('Requests per second')) as HTMLInputElement;
    expect(rate.value).toBe('5');
    await user.clear(rate);
    await user.type(rate, '8');
    await user.tab();
    await waitFor(async () => expect((await settingsItem.getValue()).requestsPerSecond).toBe(8));
  });

  it('shows the three readiness actions and copies them', async () => {
    const user = await openOptions();
    const policy = JSON.parse(READINESS_POLICY) as { Statement: Array<{ Action: string | string[] }> };
    expect(policy.Statement.flatMap((s) => s.Action)).toEqual(['domain:QueryCommonInfo', 'domain:QueryDomainTransferOut', 'domain:SecuritySetting']);
    expect(screen.getByText('For transfer readiness (optional)')).toBeTruthy();
    const write = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue(undefined);
    await user.click(screen.getByRole('button', { name: 'Copy readiness policy' }));
    expect(write).toHaveBeenCalledWith(READINESS_POLICY);
    expect(RAM_POLICY).not.toContain('SecuritySetting');
  });
});

