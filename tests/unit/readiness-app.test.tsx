// @vitest-environment happy-dom
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { LOCK_POLL_MS, LOCK_WAIT_MS } from '../../entrypoints/readiness/check';
import { App } from '../../entrypoints/readiness/App';
import { profilesItem } from '../../lib/credentials/profiles';
import type { DomainInfo } from '../../lib/domain/facts';
import { assessReadiness, type Readiness } from '../../lib/domain/readiness';
import { formatDate, readinessSummary, readinessText, readinessTitle } from '../../lib/i18n/readiness-words';
import { sendMessage, type DomainAnswers } from '../../lib/protocol/index';
import type { ReadinessResult } from '../../entrypoints/readiness/check';
import { settingsItem } from '../../lib/storage';
import { loadMessages } from '../../lib/i18n';
import { FakeBackground, renderPage, sentActions } from './helpers/render';
import { refusalMessage } from '../../lib/i18n/worker-words';

vi.mock('../../lib/protocol/index', () => ({ sendMessage: vi.fn() }));
const send = vi.mocked(sendMessage);
let background: FakeBackground;

const DAY = 86_400_000;
const NOW = Date.UTC(2025, 5, 1, 4, 0, 0);

/**
 * What the background's checkReadiness answers for a domain with this data: QueryDomainByDomainName's
 * answer as it came (the page reads it and lib/domain/readiness decides), plus, for the test, the
 * readiness the page should come to.
 */
function report(info: Omit<DomainInfo, 'domain'> & { domain?: string }, extra: Partial<DomainAnswers> = {}): ReadinessResult {
  const full: DomainInfo = { domain: 'example.com', status: '3', transferOutStatus: 'NORMAL', ...info };
  const domainAnswer = {
    DomainName: full.domain,
    RegistrationDateLong: full.registeredAt,
    ExpirationDateLong: full.expiresAt,
    TransferProhibitionLock: full.transferLock === undefined ? undefined : full.transferLock ? 'OPEN' : 'CLOSE',
    DomainStatus: full.status,
    TransferOutStatus: full.transferOutStatus,
  };
  const answer: DomainAnswers = { ok: true, domainAnswer, checkedAt: NOW, ...extra };
  return { ...answer, readiness: assessReadiness(full, undefined, NOW), info: full };
}

const LOCKED = { domain: 'locked-example.com', transferLock: true, registeredAt: NOW - 3 * 365 * DAY, expiresAt: NOW + 200 * DAY };
const FRESH = { domain: 'fresh-example.com', transferLock: false, registeredAt: NOW - 10 * DAY, expiresAt: NOW + 355 * DAY };
const READY = { domain: 'ready-example.com', transferLock: false, registeredAt: NOW - 2 * 365 * DAY, expiresAt: NOW + 300 * DAY };

/** Answers checkReadiness from `answers` (the last one repeats) and setTransferLock with `lock`. */
function fakeReadiness(answers: ReadinessResult[], lock: unknown = { ok: true, taskNo: 'task-1' }) {
  let asked = 0;
  background.other = (type) => {
    if (type === 'checkReadiness') return answers[Math.min(asked++, answers.length - 1)];
    if (type === 'setTransferLock') return lock;
    return { ok: true };
  };
  return { asked: () => asked };
}

const readinessCalls = () => send.mock.calls.filter(([type]) => type === 'checkReadiness');
const lockCalls = () => send.mock.calls.filter(([type]) => type === 'setTransferLock');

function openAt(search: string, user = userEvent.setup()) {
  history.replaceState(null, '', `/readiness.html${search}`);
  renderPage(<App />);
  return user;
}

function checkItem(title: string): HTMLElement {
  return screen.getByRole('listitem', { name: title });
}

beforeEach(async () => {
  fakeBrowser.reset();
  localStorage.clear();
  send.mockReset();
  background = new FakeBackground();
  send.mockImplementation(background.handle as never);
  await profilesItem.setValue({ activeId: 'p1', profiles: [{ id: 'p1', name: 'default', site: 'cn', accessKeyId: 'id', hasSecret: true }] });
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('readiness page: renderings', () => {
  it('locked: the blocker verdict, each check with its title and text, dates as text, and the lock button', async () => {
    const answer = report(LOCKED);
    fakeReadiness([answer]);
    openAt('?domain=locked-example.com');
    expect(await screen.findByText(readinessSummary('blocker', 'en'))).toBeTruthy();
    expect(send).toHaveBeenCalledWith('checkReadiness', { domain: 'locked-example.com' });
    expect(screen.getByRole('heading', { name: 'locked-example.com' })).toBeTruthy();
    const readiness = (answer as { readiness: Readiness }).readiness;
    for (const check of readiness.checks) {
      const item = checkItem(readinessTitle(check.id, 'en'));
      expect(within(item).getByText(readinessText(check, 'en'))).toBeTruthy();
    }
    const lock = checkItem('Transfer lock');
    expect(within(lock).getByText('Blocks the transfer')).toBeTruthy();
    expect(within(lock).getByText(/transfer lock is on/)).toBeTruthy();
    expect(within(checkItem('Registration date')).getByText(`Registered on ${formatDate(LOCKED.registeredAt)}, more than 60 days ago.`)).toBeTruthy();
    expect(within(checkItem('Expiration date')).getByText(`Expires on ${formatDate(LOCKED.expiresAt)}.`)).toBeTruthy();
    expect(within(lock).getByRole('button', { name: 'Turn transfer lock off' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Check again' })).toBeTruthy();
    expect(sentActions(send).map(([type]) => type)).toEqual(['checkReadiness']);
  });

  it('freshly registered: the age blocker says from when a transfer is possible; no lock button', async () => {
    fakeReadiness([report(FRESH)]);
    openAt('?domain=fresh-example.com');
    expect(await screen.findByText(readinessSummary('blocker', 'en'))).toBeTruthy();
    const age = checkItem('Registration date');
    expect(within(age).getByText('Blocks the transfer')).toBeTruthy();
    expect(within(age).getByText(`Registered less than 60 days ago: a transfer is possible from ${formatDate(FRESH.registeredAt + 60 * DAY)} (in 50 days).`)).toBeTruthy();
    expect(within(checkItem('Transfer lock')).getByText('OK')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Turn transfer lock off' })).toBeNull();
  });

  it('ready: "Ready to transfer." and every check OK', async () => {
    fakeReadiness([report(READY)]);
    openAt('?domain=ready-example.com');
    expect(await screen.findByText('Ready to transfer.')).toBeTruthy();
    const items = within(screen.getByRole('list')).getAllByRole('listitem');
    expect(items).toHaveLength(5);
    for (const item of items) expect(within(item).getByText('OK')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Turn transfer lock off' })).toBeNull();
  });

  it('shows markup from the API as text', async () => {
    fakeReadiness([report({ ...READY, status: '<img src=x onerror=alert(1)>' })]);
    openAt('?domain=ready-example.com');
    expect(await screen.findByText(/Unrecognised domain status "<img src=x onerror=alert\(1\)>"/)).toBeTruthy();
    expect(document.querySelector('img[src="x"]')).toBeNull();
  });

  it('says the RAM permission domain:QueryDomainTransferOut is missing when QueryTransferOutInfo was refused', async () => {
    fakeReadiness([report(READY, { transferOutError: { code: 'Forbidden.RAM', message: 'This AccessKey lacks permission (Forbidden.RAM)' } })]);
    openAt('?domain=ready-example.com');
    expect(await screen.findByText(/lacks the permission domain:QueryDomainTransferOut/)).toBeTruthy();
    expect(screen.getByText(/\(Forbidden\.RAM\)/)).toBeTruthy();
  });

  it('normalizes the domain in the address before asking, and refuses what is not a domain', async () => {
    fakeReadiness([report(READY)]);
    openAt('?domain=' + encodeURIComponent('https://WWW.Ready-Example.com/x'));
    await waitFor(() => expect(send).toHaveBeenCalledWith('checkReadiness', { domain: 'ready-example.com' }));
    expect(location.search).toBe('?domain=ready-example.com');
    cleanup();
    send.mockClear();
    openAt('?domain=localhost');
    expect((await screen.findByRole('alert')).textContent).toBe(refusalMessage('single-label', 'en'));
    expect(sentActions(send)).toEqual([]);
  });

  it('checks a domain typed into the form, and checks again on "Check again"', async () => {
    fakeReadiness([report(READY)]);
    const user = openAt('');
    await user.type(await screen.findByLabelText('Domain name'), 'ready-example.com{Enter}');
    expect(await screen.findByText('Ready to transfer.')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Check again' }));
    await waitFor(() => expect(readinessCalls()).toHaveLength(2));
  });
});

describe('readiness page: errors', () => {
  it.each([
    [{ ok: false, error: 'api', code: 'DomainNotExist', message: 'This domain is not in the Alibaba Cloud account of this AccessKey. (DomainNotExist)' }, /not in the Alibaba Cloud account.*\(DomainNotExist\)/],
    [{ ok: false, error: 'api', code: 'Forbidden.RAM', message: 'This AccessKey lacks permission (Forbidden.RAM)' }, /\(Forbidden\.RAM\) Transfer readiness needs permissions/],
    [{ ok: false, error: 'forbidden' }, /refused the request/],
  ])('shows %j plainly', async (answer, text) => {
    fakeReadiness([answer as ReadinessResult]);
    openAt('?domain=example.com');
    expect((await screen.findByRole('alert')).textContent).toMatch(text);
  });

  it('no AccessKey: the notice that opens the options page', async () => {
    fakeReadiness([{ ok: false, error: 'no-credentials' }]);
    openAt('?domain=example.com');
    expect(await screen.findByRole('button', { name: 'Open options' })).toBeTruthy();
  });

  it('locked vault: the unlock form; after the unlock the domain is checked again', async () => {
    fakeReadiness([{ ok: false, error: 'locked' }, report(READY)]);
    await background.vaultOn('the right passphrase', {}, 'locked');
    const user = openAt('?domain=ready-example.com');
    const notice = await screen.findByRole('region', { name: 'Your AccessKey is locked' });
    expect(within(notice).getByText('Enter your passphrase to check the domain.')).toBeTruthy();
    await user.type(within(notice).getByLabelText('Passphrase'), 'the right passphrase{Enter}');
    expect(await screen.findByText('Ready to transfer.')).toBeTruthy();
    expect(readinessCalls()).toHaveLength(2);
  });

  it('no answer from the background', async () => {
    background.other = () => Promise.reject(new Error('Could not establish connection'));
    openAt('?domain=example.com');
    expect((await screen.findByRole('alert')).textContent).toMatch(/did not answer/);
  });
});

describe('readiness page: turning the transfer lock off', () => {
  it('asks first; Cancel sends nothing and gives the focus back to the button', async () => {
    fakeReadiness([report(LOCKED)]);
    const user = openAt('?domain=locked-example.com');
    await user.click(await screen.findByRole('button', { name: 'Turn transfer lock off' }));
    const confirm = screen.getByRole('group', { name: 'Turn off the transfer lock of locked-example.com?' });
    expect(within(confirm).getByRole('button', { name: 'Yes, turn it off' })).toBeTruthy();
    const cancel = within(confirm).getByRole('button', { name: 'Cancel' });
    expect(document.activeElement).toBe(cancel);
    await user.click(cancel);
    expect(screen.queryByRole('group', { name: /Turn off the transfer lock/ })).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Turn transfer lock off' }));
    expect(lockCalls()).toEqual([]);
  });

  it('Yes sends setTransferLock with on:false, then polls every 2.5 s until the lock check is ok', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(NOW);
    const fake = fakeReadiness([report(LOCKED), report(LOCKED), report(LOCKED), report({ ...LOCKED, transferLock: false })]);
    const user = openAt('?domain=locked-example.com', userEvent.setup({ advanceTimers: vi.advanceTimersByTime }));
    await user.click(await screen.findByRole('button', { name: 'Turn transfer lock off' }));
    await user.click(screen.getByRole('button', { name: 'Yes, turn it off' }));
    expect(lockCalls()).toEqual([['setTransferLock', { domain: 'locked-example.com', on: false }]]);
    expect(await screen.findByText(/Turning the transfer lock off/, { selector: '[role="status"]' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Turn transfer lock off' })).toBeNull();
    expect(fake.asked()).toBe(1);

    await act(() => vi.advanceTimersByTimeAsync(LOCK_POLL_MS));
    expect(fake.asked()).toBe(2);
    await act(() => vi.advanceTimersByTimeAsync(LOCK_POLL_MS));
    expect(fake.asked()).toBe(3);
    expect(screen.getByText(/Turning the transfer lock off/, { selector: '[role="status"]' })).toBeTruthy();
    await act(() => vi.advanceTimersByTimeAsync(LOCK_POLL_MS));
    expect(fake.asked()).toBe(4);

    expect(await screen.findByText('Done: the transfer lock is now off.')).toBeTruthy();
    expect(within(checkItem('Transfer lock')).getByText('The transfer lock is off.')).toBeTruthy();
    expect(within(checkItem('Transfer lock')).getByText('OK')).toBeTruthy();
    expect(screen.getByText('Ready to transfer.')).toBeTruthy();
    await act(() => vi.advanceTimersByTimeAsync(10 * LOCK_POLL_MS));
    expect(fake.asked()).toBe(4);
    expect(lockCalls()).toHaveLength(1);
  });

  it('gives up after a minute and says to check again', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(NOW);
    const fake = fakeReadiness([report(LOCKED)]);
    const user = openAt('?domain=locked-example.com', userEvent.setup({ advanceTimers: vi.advanceTimersByTime }));
    await user.click(await screen.findByRole('button', { name: 'Turn transfer lock off' }));
    await user.click(screen.getByRole('button', { name: 'Yes, turn it off' }));
    await act(() => vi.advanceTimersByTimeAsync(LOCK_WAIT_MS + LOCK_POLL_MS));
    expect((await screen.findByRole('alert')).textContent).toBe('The lock has not changed yet: press “Check again” in a minute.');
    expect(fake.asked()).toBe(1 + LOCK_WAIT_MS / LOCK_POLL_MS);
  });

  it('a second toggle while the task runs: TaskIsBeingProcessed is said plainly', async () => {
    fakeReadiness([report(LOCKED)], { ok: false, error: 'api', code: 'TaskIsBeingProcessed', message: 'busy (TaskIsBeingProcessed)' });
    const user = openAt('?domain=locked-example.com');
    await user.click(await screen.findByRole('button', { name: 'Turn transfer lock off' }));
    await user.click(screen.getByRole('button', { name: 'Yes, turn it off' }));
    expect((await screen.findByRole('alert')).textContent).toBe('A change of this domain is already in progress: press “Check again” in a minute. (TaskIsBeingProcessed)');
    expect(readinessCalls()).toHaveLength(1);
  });

  it('a missing permission for the lock is said with the hint', async () => {
    fakeReadiness([report(LOCKED)], { ok: false, error: 'api', code: 'Forbidden.RAM', message: 'This AccessKey lacks permission (Forbidden.RAM)' });
    const user = openAt('?domain=locked-example.com');
    await user.click(await screen.findByRole('button', { name: 'Turn transfer lock off' }));
    await user.click(screen.getByRole('button', { name: 'Yes, turn it off' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/\(Forbidden\.RAM\) Transfer readiness needs permissions/);
  });

  it('in Chinese', async () => {
    await loadMessages('zh'); // so that the expected sentence below is the Chinese one
    await settingsItem.setValue({ language: 'zh' });
    fakeReadiness([report(LOCKED)]);
    const user = openAt('?domain=locked-example.com');
    expect(await screen.findByText(readinessSummary('blocker', 'zh'))).toBeTruthy();
    await user.click(screen.getByRole('button', { name: '关闭禁止转移锁' }));
    expect(screen.getByRole('group', { name: '确定关闭 locked-example.com 的禁止转移锁？' })).toBeTruthy();
    expect(screen.getByRole('button', { name: '是，关闭' })).toBeTruthy();
    expect(screen.getByRole('button', { name: '取消' })).toBeTruthy();
  });
});
