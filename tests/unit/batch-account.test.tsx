// @vitest-environment happy-dom
// The batch page's account picker (entrypoints/batch/components/AccountDomains.tsx) over a stubbed
// worker: the account's pages, the filters, the paced lock reads, the selection and the pick.
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { App } from '../../entrypoints/batch/App';
import { ACCOUNT_ROWS, AccountDomains } from '../../entrypoints/batch/components/AccountDomains';
import '../../lib/i18n/pages';
import { describeError } from '../../lib/i18n/worker-words';
import { MAX_ACCOUNT_PAGES, sendMessage, type FactsAnswer } from '../../lib/protocol/index';
import { settingsItem } from '../../lib/storage';
import { renderPage } from './helpers/render';

vi.mock('../../lib/protocol/index', async (original) => ({ ...(await original<typeof import('../../lib/protocol/index')>()), sendMessage: vi.fn() }));
const send = vi.mocked(sendMessage);

const DAY = 86_400_000;

/** What the stub worker answers: the account's pages, each domain's lock, and failures to script. */
interface Account {
  pages: Array<Array<Record<string, unknown>>>;
  locks: Record<string, boolean>;
  listFailure?: { page: number; answer: unknown };
  readFailure?: { domain: string; answer: unknown };
  /** Lock reads of these domains wait until release() */
  held: Set<string>;
}
let account: Account;
let release: () => void;
let gate: Promise<void>;

function stubWorker() {
  send.mockImplementation((async (type: string, data: unknown) => {
    if (type === 'listAccountDomains') {
      const { pageNum } = data as { pageNum: number };
      if (account.listFailure?.page === pageNum) return account.listFailure.answer;
      const rows = account.pages[pageNum - 1] ?? [];
      return { ok: true, answer: { RequestId: 'R', NextPage: pageNum < account.pages.length, TotalItemNum: account.pages.flat().length, Data: { Domain: rows } } };
    }
    if (type === 'checkReadiness') {
      const { domain, brief } = data as { domain: string; brief?: boolean };
      expect(brief).toBe(true);
      if (account.held.has(domain)) await gate;
      if (account.readFailure?.domain === domain) return account.readFailure.answer;
      return { ok: true, domainAnswer: { DomainName: domain, TransferProhibitionLock: account.locks[domain] ? 'OPEN' : 'CLOSE' }, checkedAt: 1 };
    }
    return { ok: true };
  }) as never);
}

const row = (name: string, days?: number) => ({ DomainName: name, ...(days !== undefined ? { ExpirationDateLong: Date.now() + days * DAY } : {}) });

/** Three pages: 12 domains in all, 4 each. */
function threePages(): Account['pages'] {
  return [
    [row('alpha.com', 10), row('beta.com', 200), row('gamma.net', -3), row('delta.com.cn', 20)],
    [row('epsilon.com', 400), row('zeta.net', 5), row('eta.org'), row('theta.com', 29)],
    [row('iota.net', 100), row('kappa.com', 1), row('lambda.cn', 60), row('mu.com', 90)],
  ];
}

beforeEach(async () => {
  fakeBrowser.reset();
  send.mockReset();
  gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  account = { pages: threePages(), locks: { 'alpha.com': true, 'beta.com': true, 'zeta.net': true, 'mu.com': true }, held: new Set() };
  stubWorker();
  // The fastest rate the setting allows, so the paced reads are quick here.
  await settingsItem.setValue({ language: 'en', requestsPerSecond: 20 });
});

afterEach(() => {
  release();
  cleanup();
  vi.restoreAllMocks();
});

function open(onPick = vi.fn()) {
  const user = userEvent.setup();
  renderPage(<AccountDomains onPick={onPick} />);
  return { user, onPick };
}

async function loadAll(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByRole('button', { name: 'Load domains from the account' }));
}

const rowNames = () => within(screen.getByRole('table')).queryAllByRole('checkbox').map((box) => box.getAttribute('aria-label') ?? box.closest('label')?.textContent?.trim());
const calls = (type: string) => send.mock.calls.filter(([t]) => t === type).map(([, data]) => data);

describe('loading the account', () => {
  it('loads the pages one after another, following NextPage, and says how many', async () => {
    const { user } = open();
    expect(await screen.findByRole('heading', { name: "Your account's domains" })).toBeTruthy();
    await loadAll(user);
    expect(await screen.findByText('Loaded 12 domains')).toBeTruthy();
    expect(screen.getByText('Loaded 12 domains').getAttribute('role')).toBe('status');
    expect(calls('listAccountDomains')).toEqual([{ pageNum: 1 }, { pageNum: 2 }, { pageNum: 3 }]);
    expect(rowNames()).toEqual(['alpha.com', 'beta.com', 'gamma.net', 'delta.com.cn', 'epsilon.com', 'zeta.net', 'eta.org', 'theta.com', 'iota.net', 'kappa.com', 'lambda.cn', 'mu.com']);
    expect(screen.getByRole('table', { name: 'Matching domains: 12 of 12' })).toBeTruthy();
    expect(calls('checkReadiness')).toEqual([]); // no lock is read until the lock filter asks for it
  });

  it('while loading, says how far it got once the account said how many', async () => {
    const waiting: Array<() => void> = [];
    const worker = send.getMockImplementation()!;
    send.mockImplementation((async (type: string, data: unknown) => {
      if (type === 'listAccountDomains') await new Promise<void>((go) => waiting.push(go));
      return worker(type as never, data as never);
    }) as never);
    const { user } = open();
    await loadAll(user);
    // Before any answer the page number is all there is to say.
    expect((await screen.findByText('Loading domains: page 1…')).getAttribute('role')).toBe('status');
    for (const [n, next] of [[4, 'Loading domains: 4 of 12…'], [8, 'Loading domains: 8 of 12…'], [12, 'Loaded 12 domains']] as const) {
      await waitFor(() => expect(waiting).toHaveLength(1));
      waiting.shift()!();
      expect(await screen.findByText(next), `after ${n} domains`).toBeTruthy();
    }
  });

  it('one domain is said in the singular; a name met twice is listed once', async () => {
    account.pages = [[row('solo.com')], [row('SOLO.com')]];
    const { user } = open();
    await loadAll(user);
    expect(await screen.findByText('Loaded 1 domain')).toBeTruthy();
    expect(rowNames()).toEqual(['solo.com']);
  });

  it(`stops at MAX_ACCOUNT_PAGES (${MAX_ACCOUNT_PAGES}) and says so`, async () => {
    account.pages = Array.from({ length: MAX_ACCOUNT_PAGES + 5 }, (_, i) => [row(`d${i}.com`)]);
    const { user } = open();
    await loadAll(user);
    expect(await screen.findByText(`Loaded ${MAX_ACCOUNT_PAGES} domains`)).toBeTruthy();
    expect(calls('listAccountDomains')).toHaveLength(MAX_ACCOUNT_PAGES);
    expect(screen.getByText(/Only the first 100 pages were loaded/)).toBeTruthy();
  });

  it('an empty account says so', async () => {
    account.pages = [[]];
    const { user } = open();
    await loadAll(user);
    expect(await screen.findByText('This account holds no domains.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /^Use / })).toBeNull();
  });

  it('values from the network are shown as text', async () => {
    account.pages = [[row('<img src=x onerror=alert(1)>.com'), row('<b>bold<b>.com'), row('<script>alert(1)<script>.net')]];
    const { user } = open();
    await loadAll(user);
    // The one with spaces could be no domain name (the worker would refuse it): left out.
    expect(await screen.findByText('Loaded 2 domains')).toBeTruthy();
    expect(rowNames()).toEqual(['<b>bold<b>.com', '<script>alert(1)<script>.net']);
    expect(document.querySelector('b, img, script')).toBeNull();
  });

  it(`renders at most ${ACCOUNT_ROWS} rows and says how many more match`, async () => {
    account.pages = [0, 1, 2].map((p) => Array.from({ length: 250 }, (_, i) => row(`n${p}-${i}.com`)));
    const { user } = open();
    await loadAll(user);
    expect(await screen.findByText('Loaded 750 domains')).toBeTruthy();
    expect(rowNames()).toHaveLength(ACCOUNT_ROWS);
    expect(screen.getByText(/Matching domains not shown: 250\./)).toBeTruthy();
    // Select all takes the rows not shown too.
    await user.click(screen.getByRole('checkbox', { name: 'Select all' }));
    expect(screen.getByRole('button', { name: 'Use 750 selected domains' })).toBeTruthy();
  });
});

describe('errors', () => {
  it.each([
    ['no key', { ok: false, error: 'no-credentials' }, 'No AccessKey saved yet: add one on the options page, then load again.'],
    ['the vault locked', { ok: false, error: 'locked' }, 'Your AccessKey is locked: unlock it, then try again.'],
    ['a worker that refuses', { ok: false, error: 'forbidden' }, 'The extension refused the request.'],
  ])('%s', async (_name, answer, text) => {
    account.listFailure = { page: 1, answer };
    const { user } = open();
    await loadAll(user);
    expect((await screen.findByRole('alert')).textContent).toBe(text);
    expect(screen.getByText('Loaded 0 domains')).toBeTruthy();
  });

  it('a missing domain:QueryCommonInfo permission is said in plain words, with the code', async () => {
    const message = describeError('Forbidden.RAM', 'en', 403);
    account.listFailure = { page: 1, answer: { ok: false, error: 'api', code: 'Forbidden.RAM', message } };
    const { user } = open();
    await loadAll(user);
    const alert = (await screen.findByRole('alert')).textContent ?? '';
    expect(alert.startsWith(message)).toBe(true);
    expect(alert).toContain('(Forbidden.RAM)');
    expect(alert).toContain('domain:QueryCommonInfo');
  });

  it('a page that fails keeps the pages before it; loading again starts over', async () => {
    account.listFailure = { page: 2, answer: { ok: false, error: 'api', code: 'Throttling', message: describeError('Throttling', 'en', 400) } };
    const { user } = open();
    await loadAll(user);
    expect(await screen.findByText('Loaded 4 domains')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toBe(describeError('Throttling', 'en', 400));
    delete account.listFailure;
    await loadAll(user);
    expect(await screen.findByText('Loaded 12 domains')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

describe('filters', () => {
  it('search, suffix and expiry narrow the list together, and widen it again', async () => {
    const { user } = open();
    await loadAll(user);
    await screen.findByText('Loaded 12 domains');

    await user.type(screen.getByRole('searchbox', { name: 'Search' }), 'ETA');
    expect(rowNames()).toEqual(['beta.com', 'zeta.net', 'eta.org', 'theta.com']);

    const suffix = screen.getByRole('combobox', { name: 'Suffix' });
    expect(within(suffix).getAllByRole('option').map((o) => o.textContent)).toEqual(['All suffixes', '.cn', '.com', '.com.cn', '.net', '.org']);
    await user.selectOptions(suffix, '.com');
    expect(rowNames()).toEqual(['beta.com', 'theta.com']); // .com on the label boundary: not delta.com.cn

    await user.type(screen.getByRole('spinbutton', { name: 'Expiring within (days)' }), '30');
    expect(rowNames()).toEqual(['theta.com']);

    await user.clear(screen.getByRole('searchbox', { name: 'Search' }));
    expect(rowNames()).toEqual(['alpha.com', 'theta.com', 'kappa.com']);
    await user.selectOptions(suffix, '');
    // Expired (gamma.net) counts as expiring; eta.org has no expiry and is left out.
    expect(rowNames()).toEqual(['alpha.com', 'gamma.net', 'delta.com.cn', 'zeta.net', 'theta.com', 'kappa.com']);
    expect(screen.getByRole('table', { name: 'Matching domains: 6 of 12' })).toBeTruthy();

    await user.type(screen.getByRole('searchbox', { name: 'Search' }), 'nothing-like-it');
    expect(screen.getByText('No domain matches these filters.')).toBeTruthy();
  });

  it('Locked reads the listed domains’ locks, paced, with progress, then filters; Not locked reuses what was read', async () => {
    const { user } = open();
    await loadAll(user);
    await screen.findByText('Loaded 12 domains');
    // The last seven reads wait, so the progress can be seen part way.
    const names = rowNames() as string[];
    account.held = new Set(names.slice(5));

    await user.selectOptions(screen.getByRole('combobox', { name: 'Transfer lock' }), 'Locked');
    expect(await screen.findByText('Reading transfer locks: 5 of 12', undefined, { timeout: 3000 })).toBeTruthy();
    expect(screen.getByText('Reading transfer locks: 5 of 12').getAttribute('role')).toBe('status');
    expect(rowNames()).toEqual(['alpha.com', 'beta.com']); // the locks read so far
    release();
    expect(await screen.findByText('Transfer locks read: 12.', undefined, { timeout: 3000 })).toBeTruthy();
    expect(rowNames()).toEqual(['alpha.com', 'beta.com', 'zeta.net', 'mu.com']);
    expect(within(screen.getByRole('table')).getAllByRole('row').slice(1).map((r) => r.lastElementChild?.textContent)).toEqual(['Locked', 'Locked', 'Locked', 'Locked']);
    expect((calls('checkReadiness') as Array<{ domain: string }>).map((c) => c.domain).sort()).toEqual([...names].sort());

    await user.selectOptions(screen.getByRole('combobox', { name: 'Transfer lock' }), 'Not locked');
    expect(rowNames()).toEqual(['gamma.net', 'delta.com.cn', 'epsilon.com', 'eta.org', 'theta.com', 'iota.net', 'kappa.com', 'lambda.cn']);
    expect(calls('checkReadiness')).toHaveLength(12); // read once, kept
  });

  it('reads only the domains the other filters list, and more when they widen', async () => {
    const { user } = open();
    await loadAll(user);
    await screen.findByText('Loaded 12 domains');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Suffix' }), '.net');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Transfer lock' }), 'Not locked');
    expect(await screen.findByText('Transfer locks read: 3.', undefined, { timeout: 3000 })).toBeTruthy();
    expect(rowNames()).toEqual(['gamma.net', 'iota.net']);
    expect((calls('checkReadiness') as Array<{ domain: string }>).map((c) => c.domain).sort()).toEqual(['gamma.net', 'iota.net', 'zeta.net']);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Suffix' }), '.org');
    await waitFor(() => expect(rowNames()).toEqual(['eta.org']));
    expect(calls('checkReadiness')).toHaveLength(4);
  });

  it('a lock read refused for lack of permission stops the reading and says why', async () => {
    account.readFailure = { domain: 'alpha.com', answer: { ok: false, error: 'api', code: 'Forbidden.RAM', message: describeError('Forbidden.RAM', 'en', 403) } };
    const { user } = open();
    await loadAll(user);
    await screen.findByText('Loaded 12 domains');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Transfer lock' }), 'Locked');
    const alert = await screen.findByRole('alert', undefined, { timeout: 3000 });
    expect(alert.textContent).toMatch(/^Reading transfer locks stopped after \d+ of 12: /);
    expect(alert.textContent).toContain('domain:QueryCommonInfo');
    expect(calls('checkReadiness').length).toBeLessThan(12);
  });

  it('a domain the API does not know is left unknown; the others are read', async () => {
    account.readFailure = { domain: 'beta.com', answer: { ok: false, error: 'api', code: 'DomainNotExist', message: describeError('DomainNotExist', 'en', 400) } };
    const { user } = open();
    await loadAll(user);
    await screen.findByText('Loaded 12 domains');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Transfer lock' }), 'Locked');
    expect(await screen.findByText('Transfer locks read: 12.', undefined, { timeout: 3000 })).toBeTruthy();
    expect(rowNames()).toEqual(['alpha.com', 'zeta.net', 'mu.com']);
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

describe('selecting and picking', () => {
  it('select some, select all of the filtered ones, and hand them over with the facts read', async () => {
    const { user, onPick } = open();
    await loadAll(user);
    await screen.findByText('Loaded 12 domains');
    expect(screen.getByRole('button', { name: 'Use 0 selected domains' })).toHaveProperty('disabled', true);

    await user.click(screen.getByRole('checkbox', { name: 'eta.org' }));
    expect(screen.getByText('1 selected')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Use 1 selected domain' })).toHaveProperty('disabled', false);
    expect(screen.getByRole('checkbox', { name: 'Select all' })).toHaveProperty('indeterminate', true);

    await user.selectOptions(screen.getByRole('combobox', { name: 'Transfer lock' }), 'Locked');
    await screen.findByText('Transfer locks read: 12.', undefined, { timeout: 3000 });
    const all = screen.getByRole('checkbox', { name: 'Select all' });
    expect(all).toHaveProperty('checked', false);
    await user.click(all);
    expect(all).toHaveProperty('checked', true);
    // The filtered four, and eta.org selected before (filtered out now, still selected: and said).
    expect(screen.getByText('5 selected, 1 of them hidden by the filters')).toBeTruthy();
    await user.click(screen.getByRole('checkbox', { name: 'zeta.net' }));
    expect(screen.getByText('4 selected, 1 of them hidden by the filters')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Use 4 selected domains' }));
    expect(onPick).toHaveBeenCalledTimes(1);
    const [domains, facts] = onPick.mock.calls[0] as [string[], Map<string, FactsAnswer>];
    expect(domains).toEqual(['alpha.com', 'beta.com', 'eta.org', 'mu.com']);
    expect([...facts.keys()]).toEqual(['alpha.com', 'beta.com', 'eta.org', 'mu.com']);
    expect(facts.get('alpha.com')).toEqual({ ok: true, domainAnswer: { DomainName: 'alpha.com', TransferProhibitionLock: 'OPEN' }, checkedAt: 1 });

    // Some of the filtered ones selected: Select all takes them all; again, it clears them (only them).
    await user.click(all);
    expect(screen.getByText('5 selected, 1 of them hidden by the filters')).toBeTruthy();
    await user.click(all);
    expect(screen.getByText('1 selected, 1 of them hidden by the filters')).toBeTruthy();
  });

  it('picks without a lock read hand over no facts', async () => {
    const { user, onPick } = open();
    await loadAll(user);
    await screen.findByText('Loaded 12 domains');
    await user.click(screen.getByRole('checkbox', { name: 'kappa.com' }));
    await user.click(screen.getByRole('checkbox', { name: 'alpha.com' }));
    await user.click(screen.getByRole('button', { name: 'Use 2 selected domains' }));
    expect(onPick).toHaveBeenCalledWith(['alpha.com', 'kappa.com'], new Map());
  });

  it('every control can be reached and used from the keyboard', async () => {
    const { user, onPick } = open();
    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Load domains from the account' }));
    await user.keyboard('{Enter}');
    await screen.findByText('Loaded 12 domains');
    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole('searchbox', { name: 'Search' }));
    await user.keyboard('kappa');
    for (const name of ['Suffix', 'Expiring within (days)', 'Transfer lock']) {
      await user.tab();
      expect(document.activeElement?.id && document.querySelector(`label[for="${document.activeElement.id}"]`)?.textContent).toBe(name);
    }
    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole('checkbox', { name: 'Select all' }));
    await user.keyboard(' ');
    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole('checkbox', { name: 'kappa.com' }));
    await user.tab();
    await user.keyboard('{Enter}');
    expect(onPick).toHaveBeenCalledWith(['kappa.com'], new Map());
  });
});

describe('Chinese', () => {
  it('says it all in Chinese', async () => {
    await settingsItem.setValue({ language: 'zh', requestsPerSecond: 20 });
    const { user } = open();
    await user.click(await screen.findByRole('button', { name: '从阿里云账号加载域名' }));
    expect(screen.getByRole('heading', { name: '阿里云账号中的域名' })).toBeTruthy();
    expect(await screen.findByText('已加载 12 个域名')).toBeTruthy();
    expect(screen.getByRole('searchbox', { name: '搜索' })).toBeTruthy();
    expect(screen.getByRole('combobox', { name: '后缀' })).toBeTruthy();
    expect(screen.getByRole('spinbutton', { name: '多少天内到期' })).toBeTruthy();
    await user.selectOptions(screen.getByRole('combobox', { name: '禁止转移锁' }), '已开启');
    expect(await screen.findByText('已读取禁止转移锁：12 个。', undefined, { timeout: 3000 })).toBeTruthy();
    await user.click(screen.getByRole('checkbox', { name: '全选' }));
    expect(screen.getByText('已选 4 个')).toBeTruthy();
    expect(screen.getByRole('button', { name: '使用已选的 4 个域名' })).toBeTruthy();
  });
});

describe('on the batch page', () => {
  it('stands above the form while no batch is shown, and is gone while one is', async () => {
    history.replaceState(null, '', '/batch.html');
    renderPage(<App />);
    const heading = await screen.findByRole('heading', { name: "Your account's domains" });
    const form = await screen.findByLabelText('Domains');
    expect(heading.compareDocumentPosition(form) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    cleanup();
    history.replaceState(null, '', '/batch.html#batch=b1');
    renderPage(<App />);
    await screen.findByText('This batch is no longer in the history.');
    expect(screen.queryByRole('heading', { name: "Your account's domains" })).toBeNull();
    history.replaceState(null, '', '/batch.html');
  });
});
