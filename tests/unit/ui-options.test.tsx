// @vitest-environment happy-dom
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { RAM_POLICY } from '../../components/RamPolicy';
import { App } from '../../entrypoints/options/App';
import { applyProfileInput, profilesItem, type Profile, type ProfileBook } from '../../lib/credentials/profiles';
import { sendMessage } from '../../lib/messaging';
import { settingsItem } from '../../lib/settings';
import { renderPage } from './ui-render';

vi.mock('../../lib/messaging', () => ({ sendMessage: vi.fn() }));
const send = vi.mocked(sendMessage);

const SECRET = 'Sup3r-Secret-Value';

async function openOptions() {
  const user = userEvent.setup();
  renderPage(<App />);
  await screen.findByLabelText('AccessKey ID');
  return user;
}

const secretInput = () => screen.getByLabelText('AccessKey Secret') as HTMLInputElement;
const stored = () => profilesItem.getValue();

function cliFile(content: string) {
  return new File([content], 'config.json', { type: 'application/json' });
}

beforeEach(() => {
  fakeBrowser.reset();
  send.mockReset();
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

    await waitFor(async () => expect((await stored()).profiles).toHaveLength(1));
    const book = await stored();
    expect(book).toEqual({
      activeId: book.profiles[0]!.id,
      profiles: [{ id: book.profiles[0]!.id, name: 'default', site: 'cn', accessKeyId: 'LTAI5tExample', accessKeySecret: SECRET }],
    });
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
    await waitFor(async () => expect((await stored()).profiles[0]).toMatchObject({ site: 'intl', securityToken: 'TOKEN-7f3a9' }));
    expect(document.documentElement.outerHTML).not.toContain('TOKEN-7f3a9');
  });
});

describe('options: an existing profile', () => {
  const existing: Profile = { id: 'p1', name: 'work', site: 'cn', accessKeyId: 'OLD-ID', accessKeySecret: SECRET, securityToken: 'tok' };

  beforeEach(() => profilesItem.setValue({ activeId: 'p1', profiles: [existing] }));

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
    await waitFor(async () => expect((await stored()).profiles[0]?.accessKeySecret).toBe('another-secret'));
    expect((await stored()).profiles[0]).not.toHaveProperty('securityToken');
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
    send.mockResolvedValue({ ok: true } as never);
    const user = await openOptions();
    await user.click(screen.getByRole('button', { name: 'Test connection' }));
    expect(send).toHaveBeenCalledWith('testConnection');
    expect(await screen.findByText('Keys work')).toBeTruthy();
  });

  it('tests the connection: shows the cause and the API code', async () => {
    const message = 'The AccessKey secret is wrong: check it on the options page. (SignatureDoesNotMatch)';
    send.mockResolvedValue({ ok: false, error: 'api', code: 'SignatureDoesNotMatch', message } as never);
    const user = await openOptions();
    await user.click(screen.getByRole('button', { name: 'Test connection' }));
    const status = await screen.findByText(message);
    expect(status.getAttribute('role')).toBe('status');
  });

  it('tests the connection: no key, and no answer', async () => {
    send.mockResolvedValueOnce({ ok: false, error: 'no-credentials' } as never).mockRejectedValueOnce(new Error('gone'));
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
      { name: 'default', site: 'cn', accessKeyId: 'AK-ID', accessKeySecret: 'ak-secret' },
      { name: 'temp', site: 'cn', accessKeyId: 'STS.ID', accessKeySecret: 'sts-secret', securityToken: 'TOKEN-b81c' },
    ]);
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
    expect(screen.getByLabelText('导入 aliyun CLI 配置')).toBeTruthy();
    expect(await settingsItem.getValue()).toEqual({ language: 'zh' });
    expect(document.documentElement.lang).toBe('zh-CN');
    await user.selectOptions(screen.getByLabelText('语言'), 'en');
    expect(await screen.findByRole('button', { name: 'Save' })).toBeTruthy();
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

describe('applyProfileInput', () => {
  const book: ProfileBook = { activeId: 'a', profiles: [{ id: 'a', name: 'default', site: 'cn', accessKeyId: 'A', accessKeySecret: 's', securityToken: 't' }] };
  const input = { name: '', site: 'cn' as const, accessKeyId: 'B', accessKeySecret: 'x', securityToken: '' };
  const newId = () => 'n';

  it('names a new profile "default", or "default 2" when that is taken', () => {
    expect(applyProfileInput({ activeId: null, profiles: [] }, undefined, input, newId)).toMatchObject({ ok: true, profile: { name: 'default' } });
    expect(applyProfileInput(book, undefined, input, newId)).toMatchObject({ ok: true, profile: { id: 'n', name: 'default 2' } });
  });

  it('keeps the secret and token when both fields are empty', () => {
    const edit = applyProfileInput(book, book.profiles[0], { ...input, accessKeySecret: '' }, newId);
    expect(edit).toEqual({ ok: true, profile: { id: 'a', name: 'default', site: 'cn', accessKeyId: 'B', accessKeySecret: 's', securityToken: 't' } });
  });

  it('trims pasted whitespace', () => {
    const edit = applyProfileInput(book, undefined, { ...input, name: ' x ', accessKeyId: ' B\n', accessKeySecret: ' x ' }, newId);
    expect(edit).toMatchObject({ ok: true, profile: { name: 'x', accessKeyId: 'B', accessKeySecret: 'x' } });
  });
});
