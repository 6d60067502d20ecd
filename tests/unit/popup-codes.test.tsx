// @vitest-environment happy-dom
// The popup shows sealed codes only through the worker (issue 15): while the vault is locked the
// jobs are listed with their codes hidden and one unlock form; after the unlock the worker opens
// them (revealCodes) without a reopen; a code deleted after the retention period says so.
import { act, cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { App } from '../../entrypoints/popup/App';
import { profilesItem } from '../../lib/credentials/profiles';
import { sendMessage } from '../../lib/protocol/index';
import { settingsItem } from '../../lib/storage';
import type { Job } from '../../lib/jobs/types';
import { seedJobs } from './helpers/job-storage';
import { FakeBackground, job, renderPage } from './helpers/render';

// The real protocol module (MAX_REVEAL_IDS and the validators), with the messages faked.
vi.mock('../../lib/protocol/index', async (importOriginal) => ({ ...(await importOriginal<typeof import('../../lib/protocol/index')>()), sendMessage: vi.fn() }));
const send = vi.mocked(sendMessage);
let background: FakeBackground;

const PROFILE = { id: 'p1', name: 'default', site: 'cn' as const, accessKeyId: 'LTAI-id', accessKeySecret: '' };
/** What the fake worker opens: job id -> code. */
let opened: Record<string, string>;

const sealedJob = (id: string, domain: string, more: Partial<Job> = {}) =>
  job({ id, domain, state: 'done', sealedCode: { iv: `iv-${id}`, data: 'opaque' }, finishedAt: Date.now(), notified: true, ...more });

const revealCalls = () => send.mock.calls.filter(([type]) => type === 'revealCodes');

async function openPopup() {
  const user = userEvent.setup();
  renderPage(<App />);
  await screen.findByLabelText('Domain name');
  return user;
}

beforeEach(async () => {
  fakeBrowser.reset();
  localStorage.clear();
  send.mockReset();
  background = new FakeBackground();
  opened = {};
  background.other = (type, data) => {
    if (type !== 'revealCodes') return { ok: true };
    // As the worker answers: locked while the vault is, else the codes it can open.
    if (background.status === 'locked') return { ok: false, error: 'locked' };
    const { ids } = data as { ids: string[] };
    return { ok: true, codes: Object.fromEntries(ids.filter((id) => id in opened).map((id) => [id, opened[id]])) };
  };
  send.mockImplementation(background.handle as never);
  vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValue([{ url: undefined } as Browser.tabs.Tab] as never);
  await profilesItem.setValue({ activeId: 'p1', profiles: [PROFILE] });
  await background.vaultOn('the right passphrase', { p1: { accessKeySecret: 'shh' } }, 'locked');
  window.location.hash = '';
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('popup: sealed codes', () => {
  it('locked: the jobs are listed with their codes hidden, no Copy, and exactly one unlock form; the worker is not asked', async () => {
    opened = { a: 'CODE-A' };
    await seedJobs([sealedJob('a', 'a.com'), job({ id: 'w', domain: 'w.com', state: 'waiting', waitingForUnlock: true })]);
    await openPopup();
    const item = (await screen.findByText('a.com')).closest('li')!;
    expect(await within(item).findByText('Unlock to see the code.')).toBeTruthy();
    expect(within(item).getByText('Done')).toBeTruthy();
    expect(within(item).queryByRole('button', { name: 'Copy' })).toBeNull();
    // One passphrase field (a password input: the e2e test's one textbox "Passphrase") and one Unlock.
    expect(screen.getAllByLabelText('Passphrase')).toHaveLength(1);
    expect(screen.getAllByRole('button', { name: 'Unlock' })).toHaveLength(1);
    expect(document.body.textContent).not.toContain('CODE-A');
    expect(revealCalls()).toEqual([]);
  });

  it('after the unlock the codes appear without a reopen, and Copy copies the opened code', async () => {
    opened = { a: 'CODE-<A>&', b: 'CODE-B' };
    await seedJobs([sealedJob('a', 'a.com'), sealedJob('b', 'b.com', { createdAt: Date.now() - 1000 })]);
    const user = await openPopup();
    await screen.findAllByText('Unlock to see the code.');
    const field = screen.getByLabelText('Passphrase');
    await user.type(field, 'the right passphrase{Enter}');

    const group = await screen.findByRole('group', { name: 'Transfer code for a.com' });
    expect(within(group).getByText('CODE-<A>&').tagName).toBe('CODE');
    expect(await screen.findByText('CODE-B')).toBeTruthy();
    expect(screen.queryByText('Unlock to see the code.')).toBeNull();
    expect(screen.queryByLabelText('Passphrase')).toBeNull();
    // One question for the shown jobs, sent after the unlock.
    expect(revealCalls()).toEqual([['revealCodes', { ids: ['a', 'b'] }]]);
    const unlockAt = send.mock.calls.findIndex(([type]) => type === 'vaultUnlock');
    expect(send.mock.calls.findIndex(([type]) => type === 'revealCodes')).toBeGreaterThan(unlockAt);

    const write = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue(undefined);
    await user.click(within(group).getByRole('button', { name: 'Copy' }));
    expect(write).toHaveBeenCalledWith('CODE-<A>&');
    expect(send).not.toHaveBeenCalledWith('copyCode', expect.anything());
  });

  it('unlocked: sealed codes are shown; a new sealed job is asked for when it arrives', async () => {
    background.status = 'unlocked';
    opened = { a: 'CODE-A', n: 'CODE-N' };
    await seedJobs([sealedJob('a', 'a.com', { createdAt: Date.now() - 5000 }), job({ id: 'p', domain: 'plain.com', state: 'done', code: 'PLAIN', createdAt: Date.now() - 9000 })]);
    await openPopup();
    expect(await screen.findByText('CODE-A')).toBeTruthy();
    expect(screen.getByText('PLAIN')).toBeTruthy();
    expect(revealCalls()).toEqual([['revealCodes', { ids: ['a'] }]]);

    await act(() => seedJobs([sealedJob('n', 'n.com'), sealedJob('a', 'a.com', { createdAt: Date.now() - 5000 }), job({ id: 'p', domain: 'plain.com', state: 'done', code: 'PLAIN', createdAt: Date.now() - 9000 })]));
    expect(await screen.findByText('CODE-N')).toBeTruthy();
    expect(revealCalls()).toEqual([
      ['revealCodes', { ids: ['a'] }],
      ['revealCodes', { ids: ['n'] }],
    ]);
  });

  it('the worker answers locked (the vault locked meanwhile): the codes stay hidden and the unlock form appears', async () => {
    background.status = 'unlocked';
    await seedJobs([sealedJob('a', 'a.com')]);
    background.other = (type) => {
      if (type !== 'revealCodes') return { ok: true };
      background.status = 'locked';
      return { ok: false, error: 'locked' };
    };
    await openPopup();
    expect(await screen.findByText('Unlock to see the code.')).toBeTruthy();
    expect(await screen.findByRole('button', { name: 'Unlock' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Copy' })).toBeNull();
  });

  it('a code the worker cannot open says so, with no Copy', async () => {
    background.status = 'unlocked';
    await seedJobs([sealedJob('a', 'a.com')]);
    await openPopup();
    expect(await screen.findByText('The code could not be shown.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Copy' })).toBeNull();
  });

  it('a code deleted after the retention period says so, with no Copy, in English and Chinese', async () => {
    background.status = 'unlocked';
    await seedJobs([job({ id: 'r', domain: 'r.com', state: 'done', codeRemovedAt: Date.now() - 1000, finishedAt: Date.now() - 10_000 })]);
    await openPopup();
    const item = (await screen.findByText('r.com')).closest('li')!;
    expect(within(item).getByText('The code was deleted after the retention period.')).toBeTruthy();
    expect(within(item).queryByRole('button', { name: 'Copy' })).toBeNull();
    expect(revealCalls()).toEqual([]);
    cleanup();
    await settingsItem.setValue({ language: 'zh' });
    renderPage(<App />);
    expect(await screen.findByText('转移密码已在保留期满后删除。')).toBeTruthy();
  });

  it('locked, in Chinese', async () => {
    await seedJobs([sealedJob('a', 'a.com')]);
    await settingsItem.setValue({ language: 'zh' });
    renderPage(<App />);
    expect(await screen.findByText('解锁后即可查看转移密码。')).toBeTruthy();
  });
});

describe('copyJobCode (lib/protocol/client)', () => {
  it('a sealed job with no code in the page: the worker copies it (and may answer locked)', async () => {
    const { copyJobCode } = await import('../../lib/protocol/client');
    const write = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue(undefined);
    background.other = (type) => (type === 'copyCode' ? { ok: false, error: 'locked' } : { ok: true });
    await expect(copyJobCode(sealedJob('a', 'a.com'))).rejects.toThrow();
    expect(write).not.toHaveBeenCalled();
    expect(send).toHaveBeenCalledWith('copyCode', { id: 'a' });
    background.other = () => ({ ok: true });
    await expect(copyJobCode(sealedJob('a', 'a.com'))).resolves.toBeUndefined();
  });

  it('a code given by the page is copied in the page', async () => {
    const { copyJobCode } = await import('../../lib/protocol/client');
    const write = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue(undefined);
    await copyJobCode(sealedJob('a', 'a.com'), 'OPENED');
    expect(write).toHaveBeenCalledWith('OPENED');
    expect(send).not.toHaveBeenCalledWith('copyCode', expect.anything());
  });
});
