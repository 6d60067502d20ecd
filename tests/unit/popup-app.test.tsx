// @vitest-environment happy-dom
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { loadNameRules } from '../../components/domain-name';
import { App } from '../../entrypoints/popup/App';
import { profilesItem } from '../../lib/credentials/profiles';
import { seedJobs } from './helpers/job-storage';
import { failureText, refusalMessage } from '../../lib/i18n/worker-words';
import { sendMessage } from '../../lib/protocol/index';
import { circuitItem, settingsItem } from '../../lib/storage';
import { retryAnnouncement, retryState, retryText, type RetryView } from '../../entrypoints/popup/job-view';
import type { Lang } from '../../lib/i18n/lang';
import type { Job } from '../../lib/jobs/types';
import type { ApiCause, Circuit } from '../../lib/protocol/index';
import { jobChanges, readCircuit, watchCircuit } from '../../lib/jobs/reader';
import { FIRST_SCREEN_ID, applyFirstScreen, planFirstScreen, readUiLang, readWords } from '../../lib/first-screen';
import { loadMessages, t } from '../../lib/i18n';
import { mountFirstScreen } from './helpers/first-screen-markup';
import { FakeBackground, job, renderPage, sentActions } from './helpers/render';

// The fake background: the vault messages as lib/background/vault-messages answers them (off by
// default); each test says what the others answer (background.other).
vi.mock('../../lib/protocol/index', () => ({ sendMessage: vi.fn() }));
const send = vi.mocked(sendMessage);
let background: FakeBackground;

const PROFILE = { id: 'p1', name: 'default', site: 'cn' as const, accessKeyId: 'LTAI-id', accessKeySecret: 'shh' };

function activeTab(url: string | undefined) {
  return vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValue([{ url } as Browser.tabs.Tab] as never);
}

async function openPopup() {
  const user = userEvent.setup();
  renderPage(<App />);
  const input = await screen.findByLabelText('Domain name');
  return { user, input };
}

beforeEach(async () => {
  fakeBrowser.reset();
  localStorage.clear();
  document.getElementById(FIRST_SCREEN_ID)?.remove();
  send.mockReset();
  background = new FakeBackground();
  background.other = () => ({ ok: true, jobId: 'j-new', joined: false });
  send.mockImplementation(background.handle as never);
  activeTab(undefined);
  await profilesItem.setValue({ activeId: 'p1', profiles: [PROFILE] });
  window.location.hash = '';
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('popup: the form', () => {
  it('submits with Enter, sending the text to the background', async () => {
    const { user, input } = await openPopup();
    await user.type(input, 'www.Example.com{Enter}');
    await waitFor(() => expect(send).toHaveBeenCalledWith('requestCode', { text: 'www.Example.com' }));
    expect(sentActions(send)).toHaveLength(1);
  });

  it('submits with a click on "Get transfer code"', async () => {
    const { user, input } = await openPopup();
    await user.type(input, 'example.cn');
    await user.click(screen.getByRole('button', { name: 'Get transfer code' }));
    await waitFor(() => expect(send).toHaveBeenCalledWith('requestCode', { text: 'example.cn' }));
  });

  it.each([
    ['localhost', 'single-label'],
    ['com', 'public-suffix'],
    ['javascript:alert(1)', 'not-a-web-address'],
    ['192.168.1.1', 'ip-address'],
  ] as const)('refuses %s inline (%s) and sends nothing', async (text, reason) => {
    const { user, input } = await openPopup();
    await user.type(input, `${text}{Enter}`);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveProperty('textContent', refusalMessage(reason, 'en'));
    expect(input.getAttribute('aria-describedby')).toBe(alert.id);
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(sentActions(send)).toEqual([]);
  });

  it('refuses an empty field without sending anything, and clears the refusal on typing', async () => {
    const { user, input } = await openPopup();
    await user.click(screen.getByRole('button', { name: 'Get transfer code' }));
    expect((await screen.findByRole('alert')).textContent).toBe(refusalMessage('empty', 'en'));
    await user.type(input, 'e');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(input.getAttribute('aria-describedby')).toBeNull();
    expect(sentActions(send)).toEqual([]);
  });

  it("shows the background's refusal the same way", async () => {
    background.other = () => ({ ok: false, reason: 'unknown-suffix' });
    const { user, input } = await openPopup();
    await user.type(input, 'example.com{Enter}');
    expect((await screen.findByRole('alert')).textContent).toBe(refusalMessage('unknown-suffix', 'en'));
  });

  it('says so when the background does not answer', async () => {
    background.other = () => Promise.reject(new Error('Could not establish connection'));
    const { user, input } = await openPopup();
    await user.type(input, 'example.com{Enter}');
    expect((await screen.findByRole('alert')).textContent).toMatch(/did not answer/);
  });

  it('is focused on open', async () => {
    const { input } = await openPopup();
    await waitFor(() => expect(document.activeElement).toBe(input));
  });
});

describe("popup: taking over popup.html's static first screen", () => {
  /** Renders the popup and waits until React's screen has replaced the static one. */
  async function takeOver() {
    const user = userEvent.setup();
    renderPage(<App />);
    await waitFor(() => expect(document.getElementById(FIRST_SCREEN_ID)).toBeNull());
    return { user, input: screen.getByLabelText('Domain name') as HTMLInputElement };
  }

  it('keeps what was typed, the caret and the focus; the text is what gets sent', async () => {
    const field = mountFirstScreen();
    field.focus();
    field.value = 'example.com';
    field.setSelectionRange(3, 7);
    const { user, input } = await takeOver();
    expect(input.value).toBe('example.com');
    expect(document.activeElement).toBe(input);
    expect([input.selectionStart, input.selectionEnd]).toEqual([3, 7]);
    expect(screen.getAllByLabelText('Domain name')).toHaveLength(1);
    await user.click(screen.getByRole('button', { name: 'Get transfer code' }));
    await waitFor(() => expect(send).toHaveBeenCalledWith('requestCode', { text: 'example.com' }));
  });

  it("typed text wins over the active tab's domain", async () => {
    const query = activeTab('https://other.com/');
    mountFirstScreen().value = 'mine.com';
    const { input } = await takeOver();
    await waitFor(() => expect(query).toHaveBeenCalled());
    await act(() => loadNameRules());
    expect(input.value).toBe('mine.com');
  });

  it('an untouched static field: the tab prefill and the focus as without one', async () => {
    activeTab('https://shop.example.co.uk/');
    mountFirstScreen();
    const { input } = await takeOver();
    expect(document.activeElement).toBe(input);
    await waitFor(() => expect(input.value).toBe('example.co.uk'));
  });

  it('renders without waiting for the saved settings once a language is remembered', async () => {
    localStorage.setItem('uiLang', 'en');
    // The storage read never answers: the form still comes, in the remembered language.
    vi.spyOn(fakeBrowser.storage.local, 'get').mockReturnValue(new Promise(() => undefined) as never);
    mountFirstScreen();
    const { input } = await takeOver();
    expect(document.activeElement).toBe(input);
  });

  it('saves the words it shows, so the next open starts in Chinese', async () => {
    await settingsItem.setValue({ language: 'zh' });
    await loadMessages('zh');
    renderPage(<App />);
    await screen.findByLabelText(t('zh', 'domainLabel'));
    expect(t('zh', 'domainLabel')).not.toBe(t('en', 'domainLabel'));
    await waitFor(() => expect(readWords(localStorage)?.lang).toBe('zh'));
    expect(readUiLang(localStorage)).toBe('zh');
    cleanup();
    // The next open: popup.html's markup, then the classic script's step.
    const field = mountFirstScreen();
    applyFirstScreen(document, planFirstScreen(readWords(localStorage), readUiLang(localStorage), 'en-US'));
    expect(field.labels?.[0]?.textContent).toBe(t('zh', 'domainLabel'));
    expect(document.getElementById(FIRST_SCREEN_ID)?.querySelector('button')?.textContent).toBe(t('zh', 'getCode'));
  });
});

describe('popup: prefill from the active tab', () => {
  it("fills in the tab's registrable domain", async () => {
    const query = activeTab('https://shop.example.co.uk/cart?x=1');
    const { input } = await openPopup();
    await waitFor(() => expect(input).toHaveProperty('value', 'example.co.uk'));
    expect(query).toHaveBeenCalledWith({ active: true, currentWindow: true });
  });

  it.each(['chrome://extensions/', 'file:///home/me/a.html', 'http://localhost:3000/', 'https://192.168.0.1/'])(
    'leaves the field empty for %s',
    async (url) => {
      const query = activeTab(url);
      const { input } = await openPopup();
      await waitFor(() => expect(query).toHaveBeenCalled());
      await act(async () => {
        await loadNameRules();
        await new Promise((r) => setTimeout(r, 10));
      });
      expect(input).toHaveProperty('value', '');
    },
  );

  it('does not overwrite what the user already typed', async () => {
    let answer: (tabs: never[]) => void = () => undefined;
    vi.spyOn(fakeBrowser.tabs, 'query').mockReturnValue(new Promise((resolve) => (answer = resolve)) as never);
    const { user, input } = await openPopup();
    await user.type(input, 'mine.com');
    await act(async () => answer([{ url: 'https://other.com/' }] as never));
    expect(input).toHaveProperty('value', 'mine.com');
  });
});

describe('popup: no AccessKey', () => {
  it('says no key is saved and opens the options page', async () => {
    await profilesItem.setValue({ activeId: null, profiles: [] });
    const open = vi.spyOn(fakeBrowser.runtime, 'openOptionsPage').mockResolvedValue(undefined);
    const { user } = await openPopup();
    expect(await screen.findByText('No AccessKey saved yet')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Open options' }));
    expect(open).toHaveBeenCalledTimes(1);
  });

  it('shows the no-key state when the background answers no-credentials', async () => {
    background.other = () => ({ ok: false, reason: 'no-credentials' });
    const { user, input } = await openPopup();
    expect(screen.queryByRole('button', { name: 'Open options' })).toBeNull();
    await user.type(input, 'example.com{Enter}');
    expect(await screen.findByRole('button', { name: 'Open options' })).toBeTruthy();
  });

  it('drops the notice as soon as a key is saved, without reopening', async () => {
    await profilesItem.setValue({ activeId: null, profiles: [] });
    await openPopup();
    await screen.findByRole('button', { name: 'Open options' });
    await act(() => profilesItem.setValue({ activeId: 'p1', profiles: [PROFILE] }));
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Open options' })).toBeNull());
  });
});

describe('popup: the vault', () => {
  const SEALED = { ...PROFILE, accessKeySecret: '' };

  beforeEach(async () => {
    await profilesItem.setValue({ activeId: 'p1', profiles: [SEALED] });
    await background.vaultOn('the right passphrase', { p1: { accessKeySecret: 'shh' } }, 'locked');
  });

  it('a profile with an AccessKey ID but an empty (sealed) secret is not the no-key state', async () => {
    background.status = 'unlocked';
    await openPopup();
    await waitFor(() => expect(send).toHaveBeenCalledWith('vaultStatus'));
    expect(screen.queryByText('No AccessKey saved yet')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Open options' })).toBeNull();
    expect(screen.queryByText('Your AccessKey is locked')).toBeNull();
  });

  it('locked: shows the unlock form, focused; a wrong passphrase is said inline; Enter unlocks', async () => {
    const { user, input } = await openPopup();
    const notice = await screen.findByRole('region', { name: 'Your AccessKey is locked' });
    expect(screen.queryByText('No AccessKey saved yet')).toBeNull();
    const field = within(notice).getByLabelText('Passphrase') as HTMLInputElement;
    expect(field.type).toBe('password');
    await waitFor(() => expect(document.activeElement).toBe(field));

    await user.type(field, 'not it{Enter}');
    expect((await within(notice).findByRole('alert')).textContent).toBe('Wrong passphrase: try again.');
    expect(send).toHaveBeenCalledWith('vaultUnlock', { passphrase: 'not it' });
    expect(field.value).toBe('');
    expect(field.getAttribute('aria-describedby')).toBe('popup-unlock-error');

    await user.type(field, 'the right passphrase{Enter}');
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Your AccessKey is locked' })).toBeNull());
    expect(send).toHaveBeenCalledWith('vaultUnlock', { passphrase: 'the right passphrase' });
    expect(background.status).toBe('unlocked');
    expect(document.querySelector('[aria-live="polite"]')?.textContent).toBe('Unlocked.');
    expect(document.activeElement).toBe(input);
    expect(document.documentElement.outerHTML).not.toContain('the right passphrase');
  });

  it('unlocks with the button too, and sends nothing for an empty field', async () => {
    const { user } = await openPopup();
    const notice = await screen.findByRole('region', { name: 'Your AccessKey is locked' });
    await user.click(within(notice).getByRole('button', { name: 'Unlock' }));
    expect((await within(notice).findByRole('alert')).textContent).toBe('Enter the passphrase.');
    expect(sentActions(send)).toEqual([]);
    await user.type(within(notice).getByLabelText('Passphrase'), 'the right passphrase');
    await user.click(within(notice).getByRole('button', { name: 'Unlock' }));
    await waitFor(() => expect(screen.queryByText('Your AccessKey is locked')).toBeNull());
  });

  it('asks again when the popup gets focus: unlocked elsewhere, the notice goes away', async () => {
    await openPopup();
    await screen.findByText('Your AccessKey is locked');
    background.status = 'unlocked';
    await act(async () => {
      window.dispatchEvent(new Event('focus'));
    });
    await waitFor(() => expect(screen.queryByText('Your AccessKey is locked')).toBeNull());
  });

  it('shows the notice when the vault locks while the popup is open and a job starts waiting', async () => {
    background.status = 'unlocked';
    await seedJobs([job({ id: 'w', domain: 'example.com', state: 'submitting' })]);
    await openPopup();
    await screen.findByText(/Submitted/);
    background.status = 'locked';
    await act(() => seedJobs([job({ id: 'w', domain: 'example.com', state: 'submitting', waitingForUnlock: true })]));
    expect(await screen.findByText('Your AccessKey is locked')).toBeTruthy();
    expect(document.querySelector('[aria-live="polite"]')?.textContent).toBe('example.com: waiting for unlock');
  });

  it('a job that waits for the unlock says "Waiting for unlock", in both languages', async () => {
    await seedJobs([
      job({ id: 'w', domain: 'locked.com', state: 'submitting', waitingForUnlock: true }),
      job({ id: 'v', domain: 'other.com', state: 'waiting', createdAt: Date.now() - 1000 }),
    ]);
    await openPopup();
    const item = (await screen.findByText('locked.com')).closest('li')!;
    expect(within(item).getByText(/Waiting for unlock/)).toBeTruthy();
    expect(within(item).queryByText(/Submitted/)).toBeNull();
    const other = screen.getByText('other.com').closest('li')!;
    expect(within(other).queryByText(/unlock/)).toBeNull();
    cleanup();
    await settingsItem.setValue({ language: 'zh' });
    renderPage(<App />);
    expect(await screen.findByText(/等待解锁/)).toBeTruthy();
    expect(await screen.findByText('您的 AccessKey 已锁定')).toBeTruthy();
  });

  it('a finished job keeps its state even if the flag was left on', async () => {
    await seedJobs([job({ id: 'd', domain: 'example.com', state: 'done', code: 'C', waitingForUnlock: true })]);
    await openPopup();
    expect(await screen.findByText('Done')).toBeTruthy();
    expect(screen.queryByText(/Waiting for unlock/)).toBeNull();
  });
});

describe('popup: the jobs', () => {
  it('lists jobs newest first with their status', async () => {
    const now = Date.now();
    await seedJobs([
      job({ id: 'a', domain: 'old.com', state: 'done', code: 'X', createdAt: now - 60_000 }),
      job({ id: 'b', domain: 'new.com', state: 'waiting', createdAt: now - 1000 }),
    ]);
    await openPopup();
    const items = await screen.findAllByRole('listitem');
    expect(items.map((li) => li.querySelector('.domain')?.textContent)).toEqual(['new.com', 'old.com']);
    expect(within(items[0]!).getByText(/Waiting/)).toBeTruthy();
    expect(within(items[1]!).getByText('Done')).toBeTruthy();
  });

  it('follows storage live: waiting -> done, announced in the live region', async () => {
    await openPopup();
    expect(await screen.findByText(/No requests yet/)).toBeTruthy();
    await act(() => seedJobs([job({ id: 'j1', domain: 'example.com', state: 'submitting' })]));
    expect(await screen.findByText(/Submitted/)).toBeTruthy();
    await act(() => seedJobs([job({ id: 'j1', domain: 'example.com', state: 'waiting', taskNo: 't' })]));
    expect(await screen.findByText(/Waiting/)).toBeTruthy();
    await act(() => seedJobs([job({ id: 'j1', domain: 'example.com', state: 'done', code: 'EPP-123' })]));
    expect(await screen.findByText('EPP-123')).toBeTruthy();
    expect(screen.getByText('Done')).toBeTruthy();
    const live = document.querySelector('[aria-live="polite"]');
    expect(live?.textContent).toBe('example.com: code ready');
  });

  it('ticks the elapsed time of a waiting job every second', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    await seedJobs([job({ id: 'w', domain: 'example.com', state: 'waiting', createdAt: Date.now() - 5000 })]);
    await openPopup();
    expect(await screen.findByText(/0:05/)).toBeTruthy();
    // The render that shows 0:05 came from a storage callback, outside act: its effects (the
    // interval) run on React's scheduler, which a loaded machine may not have reached yet.
    await act(async () => {});
    act(() => vi.advanceTimersByTime(1000));
    expect(screen.getByText(/0:06/)).toBeTruthy();
    act(() => vi.advanceTimersByTime(60_000));
    expect(screen.getByText(/1:06/)).toBeTruthy();
  });

  it('shows a code with markup characters as text, and copies it with the Copy button', async () => {
    const code = `<b>&"x' y</b>`;
    await seedJobs([job({ id: 'd', domain: 'example.com', state: 'done', code })]);
    const { user } = await openPopup();
    const field = await screen.findByRole('group', { name: 'Transfer code for example.com' });
    expect(within(field).getByText(code).tagName).toBe('CODE');
    expect(document.querySelector('b')).toBeNull();
    const write = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue(undefined);
    await user.click(within(field).getByRole('button', { name: 'Copy' }));
    expect(write).toHaveBeenCalledWith(code);
    expect(await within(field).findByRole('status')).toHaveProperty('textContent', 'Copied');
    // copied in the page; the worker only hears which job's code to clear 60 s later (never the code)
    expect(sentActions(send)).toEqual([['clipboardCopied', { id: 'd' }]]);
  });

  it('lets the background copy when the page may not', async () => {
    await seedJobs([job({ id: 'd', domain: 'example.com', state: 'done', code: 'C' })]);
    background.other = () => ({ ok: true });
    const { user } = await openPopup();
    vi.spyOn(navigator.clipboard, 'writeText').mockRejectedValue(new Error('not allowed'));
    await user.click(await screen.findByRole('button', { name: 'Copy' }));
    expect(send).toHaveBeenCalledWith('copyCode', { id: 'd' });
    expect(await screen.findByText('Copied')).toBeTruthy();
  });

  it('reaches Copy with the keyboard and copies with Enter', async () => {
    await seedJobs([job({ id: 'd', domain: 'example.com', state: 'done', code: 'KEY' })]);
    const { user } = await openPopup();
    const copy = await screen.findByRole('button', { name: 'Copy' });
    const write = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue(undefined);
    for (let i = 0; i < 6 && document.activeElement !== copy; i++) await user.tab();
    expect(document.activeElement).toBe(copy);
    await user.keyboard('{Enter}');
    expect(write).toHaveBeenCalledWith('KEY');
  });

  it('shows the failure with its API code, and retries', async () => {
    const failure = { cause: 'permission' as const, apiCode: 'Forbidden.RAM' };
    await seedJobs([job({ id: 'f', domain: 'example.com', state: 'failed', failure })]);
    background.other = () => ({ ok: true });
    const { user } = await openPopup();
    const text = failureText(failure, 'en');
    expect(text).toContain('(Forbidden.RAM)');
    expect(await screen.findByText(text)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    expect(send).toHaveBeenCalledWith('retryJob', { id: 'f' });
  });

  it('removes one finished job, and clears the history', async () => {
    await seedJobs([
      job({ id: 'p', domain: 'pending.com', state: 'waiting' }),
      job({ id: 'd', domain: 'example.com', state: 'done', code: 'C', createdAt: Date.now() - 10 }),
    ]);
    background.other = () => ({ ok: true, removed: 1 });
    const { user } = await openPopup();
    await user.click(await screen.findByRole('button', { name: 'Remove example.com' }));
    expect(send).toHaveBeenCalledWith('dismissJob', { id: 'd' });
    // A pending job has nothing to remove yet.
    expect(screen.queryByRole('button', { name: 'Remove pending.com' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Clear history' }));
    expect(send).toHaveBeenCalledWith('clearHistory');
  });

  it('hides "Clear history" when nothing is finished', async () => {
    await seedJobs([job({ id: 'p', domain: 'pending.com', state: 'waiting' })]);
    await openPopup();
    await screen.findByText('pending.com');
    expect(screen.queryByRole('button', { name: 'Clear history' })).toBeNull();
  });

  it('lists the history a page at a time, newest first; a job far back named in #job=ID is shown too', async () => {
    const T = Date.now() - 100_000;
    await seedJobs(Array.from({ length: 25 }, (_, i) => job({ id: `h${i}`, domain: `h${i}-example.com`, state: 'done', code: `C${i}`, createdAt: T + i })));
    window.location.hash = '#job=h0';
    const { user } = await openPopup();
    await screen.findByText('h24-example.com');
    const shown = () => [...document.querySelectorAll('.job-list > li .domain')].map((el) => el.textContent);
    expect(shown()).toEqual([...Array.from({ length: 10 }, (_, i) => `h${24 - i}-example.com`), 'h0-example.com']);
    await user.click(screen.getByRole('button', { name: 'Show older requests' }));
    await waitFor(() => expect(shown()).toHaveLength(21));
    await user.click(screen.getByRole('button', { name: 'Show older requests' }));
    await waitFor(() => expect(shown()).toHaveLength(25));
    expect(shown()).toEqual(Array.from({ length: 25 }, (_, i) => `h${24 - i}-example.com`));
    expect(screen.queryByRole('button', { name: 'Show older requests' })).toBeNull();
  });

  it('scrolls to and highlights the job named in #job=ID', async () => {
    const scroll = vi.spyOn(Element.prototype, 'scrollIntoView').mockImplementation(() => undefined);
    await seedJobs([
      job({ id: 'x', domain: 'other.com', state: 'done', code: 'A' }),
      job({ id: 'j/2', domain: 'example.com', state: 'done', code: 'B', createdAt: Date.now() - 1000 }),
    ]);
    window.location.hash = `#job=${encodeURIComponent('j/2')}`;
    await openPopup();
    const item = (await screen.findByText('example.com')).closest('li');
    expect(item?.className).toContain('highlighted');
    expect(screen.getByText('other.com').closest('li')?.className).not.toContain('highlighted');
    await waitFor(() => expect(scroll).toHaveBeenCalled());
    expect(scroll.mock.contexts[0]).toBe(item);
  });
});

describe('popup: language', () => {
  it('shows Chinese labels when the setting says so', async () => {
    await settingsItem.setValue({ language: 'zh' });
    await seedJobs([job({ id: 'f', domain: 'example.com', state: 'failed', failure: { cause: 'secret', apiCode: 'SignatureDoesNotMatch' } })]);
    renderPage(<App />);
    expect(await screen.findByLabelText('域名')).toBeTruthy();
    expect(screen.getByRole('button', { name: '获取转移密码' })).toBeTruthy();
    expect(await screen.findByRole('button', { name: '重试' })).toBeTruthy();
    expect(await screen.findByText(failureText({ cause: 'secret', apiCode: 'SignatureDoesNotMatch' }, 'zh'))).toBeTruthy();
    // Set by an effect after that render (React's scheduler: later on a loaded machine).
    await waitFor(() => expect(document.documentElement.lang).toBe('zh-CN'));
  });
});

describe('popup: links to the batch and readiness pages', () => {
  it('"Batch: many domains" opens the batch page in a tab', async () => {
    const create = vi.spyOn(fakeBrowser.tabs, 'create').mockResolvedValue({} as never);
    const { user } = await openPopup();
    const link = screen.getByRole('link', { name: 'Batch: many domains' });
    expect(link.getAttribute('href')).toBe('/batch.html');
    await user.click(link);
    expect(create).toHaveBeenCalledWith({ url: fakeBrowser.runtime.getURL('/batch.html') });
    expect(sentActions(send)).toEqual([]);
  });

  it('each finished or failed job links to the readiness page of its domain, opened in a tab', async () => {
    const now = Date.now();
    await seedJobs([
      job({ id: 'd', domain: '中文域名.中国', state: 'done', code: 'C', createdAt: now - 1 }),
      job({ id: 'f', domain: 'failed.com', state: 'failed', failure: { cause: 'unknown' }, createdAt: now - 2 }),
      job({ id: 'w', domain: 'waiting.com', state: 'waiting', createdAt: now }),
    ]);
    const create = vi.spyOn(fakeBrowser.tabs, 'create').mockResolvedValue({} as never);
    const { user } = await openPopup();
    const done = (await screen.findByText('中文域名.中国')).closest('li')!;
    const link = within(done).getByRole('link', { name: 'Check transfer readiness' });
    const path = `/readiness.html?domain=${encodeURIComponent('中文域名.中国')}`;
    expect(link.getAttribute('href')).toBe(path);
    await user.click(link);
    expect(create).toHaveBeenCalledWith({ url: fakeBrowser.runtime.getURL(path as never) });
    expect(within(screen.getByText('failed.com').closest('li')!).getByRole('link', { name: 'Check transfer readiness' })).toBeTruthy();
    expect(within(screen.getByText('waiting.com').closest('li')!).queryByRole('link')).toBeNull();
  });
});


describe('retryState (what a retrying job shows)', () => {
  const NOW = 1_000_000;
  const pending = (over: Partial<Job> = {}) => job({ id: 'j', domain: 'example.com', state: 'waiting', nextAttemptAt: NOW + 5_000, ...over });
  const circuit = (over: Partial<Circuit> = {}): Circuit => ({ cause: 'network', since: NOW - 60_000, failures: 3, nextProbeAt: NOW + 12_000, ...over });
  const fault = (cause: ApiCause) => ({ cause, since: NOW - 1_000 });

  it.each<[string, Job, Circuit | null, RetryView | undefined]>([
    ['a pending job without fault or circuit', pending(), null, undefined],
    ['a fault: network, at the job’s next attempt', pending({ fault: fault('network') }), null, { kind: 'unreachable', nextTryAt: NOW + 5_000 }],
    ['a fault: timeout', pending({ fault: fault('timeout') }), null, { kind: 'unreachable', nextTryAt: NOW + 5_000 }],
    ['a fault: server', pending({ state: 'submitting', fault: fault('server') }), null, { kind: 'unreachable', nextTryAt: NOW + 5_000 }],
    ['a fault: throttled', pending({ fault: fault('throttled') }), null, { kind: 'throttled', nextTryAt: NOW + 5_000 }],
    ['a fault: busy', pending({ fault: fault('busy') }), null, { kind: 'busy', nextTryAt: NOW + 5_000 }],
    ['the circuit and a due job: at the probe', pending({ nextAttemptAt: NOW }), circuit(), { kind: 'unreachable', nextTryAt: NOW + 12_000 }],
    ['the circuit and a job not due yet', pending({ nextAttemptAt: NOW + 1 }), circuit(), undefined],
    ['the circuit and a faulted job: at the probe', pending({ fault: fault('timeout') }), circuit(), { kind: 'unreachable', nextTryAt: NOW + 12_000 }],
    ['a throttled circuit', pending({ nextAttemptAt: NOW - 1 }), circuit({ cause: 'throttled' }), { kind: 'throttled', nextTryAt: NOW + 12_000 }],
    ['a busy job under the circuit: its own time, not before the probe', pending({ fault: fault('busy'), nextAttemptAt: NOW + 30_000 }), circuit(), { kind: 'busy', nextTryAt: NOW + 30_000 }],
    ['a busy job due before the probe waits for it', pending({ fault: fault('busy'), nextAttemptAt: NOW }), circuit(), { kind: 'busy', nextTryAt: NOW + 12_000 }],
    ['a done job (a fault left on)', pending({ state: 'done', code: 'C', fault: fault('network') }), circuit(), undefined],
    ['a failed job is never retrying', pending({ state: 'failed', failure: { cause: 'secret' }, nextAttemptAt: NOW }), circuit(), undefined],
    ['a job waiting for the unlock', pending({ waitingForUnlock: true, fault: fault('network'), nextAttemptAt: NOW }), circuit(), undefined],
  ])('%s', (_name, subject, open, expected) => {
    expect(retryState(subject, open, NOW)).toEqual(expected);
  });

  it.each<[RetryView, number, Lang, string]>([
    [{ kind: 'unreachable', nextTryAt: NOW + 12_000 }, NOW, 'en', 'Alibaba Cloud not reachable, next try in 12 s'],
    [{ kind: 'unreachable', nextTryAt: NOW + 11_001 }, NOW, 'en', 'Alibaba Cloud not reachable, next try in 12 s'],
    [{ kind: 'unreachable', nextTryAt: NOW + 1 }, NOW, 'en', 'Alibaba Cloud not reachable, next try in 1 s'],
    [{ kind: 'unreachable', nextTryAt: NOW }, NOW, 'en', 'Alibaba Cloud not reachable, trying now'],
    [{ kind: 'unreachable', nextTryAt: NOW - 5_000 }, NOW, 'en', 'Alibaba Cloud not reachable, trying now'],
    [{ kind: 'throttled', nextTryAt: NOW + 4_000 }, NOW, 'en', 'Alibaba Cloud is limiting requests, next try in 4 s'],
    [{ kind: 'busy', nextTryAt: NOW + 60_000 }, NOW, 'en', 'Another operation on this domain is in progress at Alibaba Cloud, next try in 60 s'],
    [{ kind: 'unreachable', nextTryAt: NOW + 12_000 }, NOW, 'zh', '无法连接阿里云，12 秒后重试'],
    [{ kind: 'unreachable', nextTryAt: NOW }, NOW, 'zh', '无法连接阿里云，正在重试'],
    [{ kind: 'throttled', nextTryAt: NOW + 4_000 }, NOW, 'zh', '阿里云正在限制请求频率，4 秒后重试'],
    [{ kind: 'busy', nextTryAt: NOW + 60_000 }, NOW, 'zh', '该域名在阿里云有另一项操作正在进行，60 秒后重试'],
  ])('retryText(%o) in %s', async (view, now, lang, text) => {
    await loadMessages(lang);
    expect(retryText(view, now, lang)).toBe(text);
  });

  it('retryAnnouncement: quiet on the first look, then once per job that starts retrying', () => {
    const jobs = [pending(), pending({ id: 'k', domain: 'other.com' })];
    const first = retryAnnouncement(undefined, [pending({ fault: fault('network') })], null, NOW, 'en');
    expect(first).toEqual({ words: '', retrying: new Set(['j']) });
    const calm = retryAnnouncement(new Set(), jobs, null, NOW, 'en');
    expect(calm).toEqual({ words: '', retrying: new Set() });
    const started = retryAnnouncement(calm.retrying, [pending({ fault: fault('timeout') }), pending({ id: 'k', domain: 'other.com', fault: fault('busy') })], null, NOW, 'en');
    expect(started.words).toBe('example.com: Alibaba Cloud not reachable, retrying. other.com: Another operation on this domain is in progress at Alibaba Cloud, retrying');
    // Still retrying, a second later: nothing new to say.
    expect(retryAnnouncement(started.retrying, [pending({ fault: fault('timeout') })], null, NOW + 1_000, 'en').words).toBe('');
  });
});

describe('popup: retrying jobs', () => {
  const item = async (domain: string) => (await screen.findByText(domain)).closest('li')!;
  const live = () => document.querySelector('[aria-live="polite"]')?.textContent;

  it('a job whose last call met a fault says "Retrying", why and when, never "Failed"; "Try now" sends tryNow', async () => {
    const now = Date.now();
    await seedJobs([job({ id: 'r', domain: 'example.com', state: 'waiting', taskNo: 't', fault: { cause: 'network', since: now - 3_000 }, nextAttemptAt: now + 12_000 })]);
    const { user } = await openPopup();
    const li = await item('example.com');
    expect(within(li).getByText(/^Retrying/)).toBeTruthy();
    expect(within(li).queryByText(/Waiting|Failed|Submitted/)).toBeNull();
    expect(within(li).getByText(/^Alibaba Cloud not reachable, next try in 1[12] s$/)).toBeTruthy();
    expect(within(li).queryByRole('button', { name: 'Retry' })).toBeNull();
    const button = within(li).getByRole('button', { name: 'Try now' });
    expect(button.getAttribute('aria-describedby')).toBe(li.getAttribute('aria-labelledby'));
    await user.click(button);
    expect(send).toHaveBeenCalledWith('tryNow');
    expect(sentActions(send)).toEqual([['tryNow']]);
  });

  it.each([
    ['throttled', /^Alibaba Cloud is limiting requests, next try in \d+ s$/],
    ['busy', /^Another operation on this domain is in progress at Alibaba Cloud, next try in \d+ s$/],
    ['server', /^Alibaba Cloud not reachable, next try in \d+ s$/],
    ['timeout', /^Alibaba Cloud not reachable, next try in \d+ s$/],
  ] as const)('words a %s fault', async (cause, text) => {
    await seedJobs([job({ id: 'r', domain: 'example.com', state: 'submitting', fault: { cause, since: Date.now() }, nextAttemptAt: Date.now() + 30_000 })]);
    await openPopup();
    const li = await item('example.com');
    expect(within(li).getByText(text)).toBeTruthy();
    expect(within(li).getByText(/^Retrying/)).toBeTruthy();
  });

  it('the circuit: a due job counts down to the probe each second, then "trying now"; a job not due yet stays as it is', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    const now = Date.now();
    await seedJobs([
      job({ id: 'due', domain: 'due.com', state: 'waiting', taskNo: 't', nextAttemptAt: now - 1_000, createdAt: now - 1 }),
      job({ id: 'later', domain: 'later.com', state: 'waiting', taskNo: 'u', nextAttemptAt: now + 60_000, createdAt: now - 2 }),
    ]);
    await circuitItem.setValue({ cause: 'timeout', since: now - 30_000, failures: 2, nextProbeAt: now + 12_000 });
    await openPopup();
    const due = await item('due.com');
    expect(await within(due).findByText('Alibaba Cloud not reachable, next try in 12 s')).toBeTruthy();
    expect(within(due).getByText(/^Retrying/)).toBeTruthy();
    const later = screen.getByText('later.com').closest('li')!;
    expect(within(later).getByText(/^Waiting/)).toBeTruthy();
    expect(within(later).queryByRole('button', { name: 'Try now' })).toBeNull();
    act(() => vi.advanceTimersByTime(1_000));
    expect(within(due).getByText('Alibaba Cloud not reachable, next try in 11 s')).toBeTruthy();
    act(() => vi.advanceTimersByTime(10_000));
    expect(within(due).getByText('Alibaba Cloud not reachable, next try in 1 s')).toBeTruthy();
    act(() => vi.advanceTimersByTime(1_000));
    expect(within(due).getByText('Alibaba Cloud not reachable, trying now')).toBeTruthy();
    act(() => vi.advanceTimersByTime(5_000));
    expect(within(due).getByText('Alibaba Cloud not reachable, trying now')).toBeTruthy();
    expect(within(due).queryByText(/Failed/)).toBeNull();
  });

  it('follows the circuit live: set, the due jobs retry; cleared, they are waiting again', async () => {
    const now = Date.now();
    await seedJobs([job({ id: 'due', domain: 'due.com', state: 'waiting', taskNo: 't', nextAttemptAt: now - 1_000 })]);
    await openPopup();
    const due = await item('due.com');
    expect(within(due).getByText(/^Waiting/)).toBeTruthy();
    await act(() => circuitItem.setValue({ cause: 'throttled', since: now, failures: 1, nextProbeAt: now + 30_000 }));
    expect(await within(due).findByText(/^Alibaba Cloud is limiting requests, next try in (30|29) s$/)).toBeTruthy();
    expect(within(due).getByText(/^Retrying/)).toBeTruthy();
    expect(live()).toBe('due.com: Alibaba Cloud is limiting requests, retrying');
    await act(() => circuitItem.setValue(null));
    await waitFor(() => expect(within(due).queryByRole('button', { name: 'Try now' })).toBeNull());
    expect(within(due).getByText(/^Waiting/)).toBeTruthy();
  });

  it('announces once when a job starts retrying, not at every second of the countdown', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    const now = Date.now();
    await seedJobs([job({ id: 'r', domain: 'example.com', state: 'waiting', taskNo: 't', nextAttemptAt: now + 2_000 })]);
    await openPopup();
    await screen.findByText('example.com');
    expect(live()).toBe('');
    await act(() => seedJobs([job({ id: 'r', domain: 'example.com', state: 'waiting', taskNo: 't', retries: 1, fault: { cause: 'network', since: now }, nextAttemptAt: now + 20_000 })]));
    await waitFor(() => expect(live()).toBe('example.com: Alibaba Cloud not reachable, retrying'));
    // Something else is said; the countdown then runs without saying the retry again.
    await act(() =>
      seedJobs([
        job({ id: 'r', domain: 'example.com', state: 'waiting', taskNo: 't', retries: 1, fault: { cause: 'network', since: now }, nextAttemptAt: now + 20_000 }),
        job({ id: 'n', domain: 'new.com', state: 'submitting', createdAt: now + 1 }),
      ]),
    );
    await waitFor(() => expect(live()).toBe('new.com: request submitted'));
    act(() => vi.advanceTimersByTime(3_000));
    expect(screen.getByText('Alibaba Cloud not reachable, next try in 17 s')).toBeTruthy();
    expect(live()).toBe('new.com: request submitted');
  });

  it('opened with a job already retrying: quiet', async () => {
    await seedJobs([job({ id: 'r', domain: 'example.com', state: 'waiting', fault: { cause: 'network', since: Date.now() }, nextAttemptAt: Date.now() + 9_000 })]);
    await openPopup();
    expect(await screen.findByRole('button', { name: 'Try now' })).toBeTruthy();
    expect(live()).toBe('');
  });

  it('the browser back online sends tryNow', async () => {
    await openPopup();
    await screen.findByText(/No requests yet/);
    expect(sentActions(send)).toEqual([]);
    await act(async () => {
      window.dispatchEvent(new Event('online'));
    });
    expect(sentActions(send)).toEqual([['tryNow']]);
  });

  it('in Chinese', async () => {
    await settingsItem.setValue({ language: 'zh' });
    await loadMessages('zh');
    const now = Date.now();
    await seedJobs([job({ id: 'r', domain: 'example.com', state: 'waiting', fault: { cause: 'network', since: now }, nextAttemptAt: now - 1 })]);
    const user = userEvent.setup();
    renderPage(<App />);
    const li = await item('example.com');
    expect(within(li).getByText(/^正在重试/)).toBeTruthy();
    expect(within(li).getByText('无法连接阿里云，正在重试')).toBeTruthy();
    await user.click(within(li).getByRole('button', { name: '立即重试' }));
    expect(send).toHaveBeenCalledWith('tryNow');
  });
});

describe('reading the circuit (lib/jobs/reader)', () => {
  const CIRCUIT: Circuit = { cause: 'network', since: 1, failures: 2, nextProbeAt: 3 };

  it('sorts a change of the circuit from the change itself; removed or malformed reads as none', () => {
    expect(jobChanges({ circuit: { newValue: CIRCUIT } }).circuit).toEqual(CIRCUIT);
    expect(jobChanges({ circuit: {} }).circuit).toBeNull();
    expect(jobChanges({ circuit: { newValue: { cause: 'network', since: 1 } } }).circuit).toBeNull();
    expect(jobChanges({ 'job:a': { newValue: null } })).not.toHaveProperty('circuit');
    expect(jobChanges({ circuit$: { newValue: { v: 1 } } })).not.toHaveProperty('circuit');
  });

  it('readCircuit and watchCircuit follow local:circuit', async () => {
    expect(await readCircuit()).toBeNull();
    const seen: Array<Circuit | null> = [];
    const unwatch = watchCircuit((c) => seen.push(c));
    await circuitItem.setValue(CIRCUIT);
    expect(await readCircuit()).toEqual(CIRCUIT);
    await seedJobs([job({ id: 'x', domain: 'x.com', state: 'waiting' })]);
    await circuitItem.setValue(null);
    unwatch();
    await circuitItem.setValue(CIRCUIT);
    expect(seen).toEqual([CIRCUIT, null]);
  });

  it('a malformed stored circuit is not shown', async () => {
    await fakeBrowser.storage.local.set({ circuit: { cause: 'network' } });
    await seedJobs([job({ id: 'due', domain: 'due.com', state: 'waiting', nextAttemptAt: Date.now() - 1 })]);
    await openPopup();
    const li = (await screen.findByText('due.com')).closest('li')!;
    expect(within(li).getByText(/^Waiting/)).toBeTruthy();
    expect(within(li).queryByRole('button', { name: 'Try now' })).toBeNull();
  });
});
