// @vitest-environment happy-dom
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { App } from '../../entrypoints/batch/App';
import { parseCsv } from '../../lib/batch/parse';
import { formatTime } from '../../lib/batch/results';
import { sha256Hex } from '../../lib/digest';
import { profilesItem } from '../../lib/credentials/profiles';
import { failureText, refusalMessage } from '../../lib/i18n/worker-words';
import { currentBatches, seedBatches, seedJobs, storedJobs } from './helpers/job-storage';
import type { LegacyBatch as Batch } from '../../lib/storage';
import type { Job } from '../../lib/jobs/types';
import { sendMessage } from '../../lib/protocol/index';
import { circuitItem, settingsItem } from '../../lib/storage';
import { FakeBackground, job, renderPage, sentActions } from './helpers/render';

vi.mock('../../lib/protocol/index', () => ({ sendMessage: vi.fn() }));
const send = vi.mocked(sendMessage);
let background: FakeBackground;

const PROFILE = { id: 'p1', name: 'default', site: 'cn' as const, accessKeyId: 'LTAI-id', accessKeySecret: 'shh' };
const T0 = new Date(2025, 0, 2, 3, 4, 5).getTime();

/**
 * requestBatch as the engine answers it: one job per text (lower-cased here: the tests send
 * normalized names), the batch saved before the answer.
 */
function acceptBatches(batchId = 'b-new') {
  background.other = async (type, data) => {
    // The check before the start (on by default): every domain ready, lock off.
    if (type === 'checkReadiness') return { ok: true, domainAnswer: { TransferProhibitionLock: 'CLOSE', DomainStatus: '3' }, checkedAt: Date.now() };
    if (type !== 'requestBatch') return { ok: true };
    const { texts } = data as { texts: string[] };
    const ids = texts.map((_, i) => `${batchId}-j${i}`);
    await seedJobs([...ids.map((id, i) => job({ id, domain: texts[i]!.toLowerCase(), state: 'submitting', batchId })), ...(await storedJobs())]);
    await seedBatches([...(await currentBatches()), { id: batchId, createdAt: Date.now(), jobIds: ids, notified: false }]);
    return { ok: true, batchId, jobIds: ids, joined: 0, refused: [] };
  };
}

async function openBatchPage() {
  const user = userEvent.setup();
  renderPage(<App />);
  return user;
}

const domainsBox = () => screen.findByLabelText('Domains') as Promise<HTMLTextAreaElement>;
const previewRows = () => within(screen.getByRole('table', { name: /Preview/ })).getAllByRole('row').slice(1);
const cellTexts = (row: HTMLElement, n?: number) => [...row.querySelectorAll('th, td')].slice(0, n).map((c) => c.textContent);

async function paste(user: ReturnType<typeof userEvent.setup>, text: string) {
  await user.click(await domainsBox());
  await user.paste(text);
}

/** A stored batch with a done, a failed, a waiting and a locked job. */
async function seedBatch(): Promise<{ batch: Batch; jobs: Job[] }> {
  const jobs = [
    job({ id: 'd', domain: 'done.com', state: 'done', code: 'a8<Kz"2&f Q', createdAt: T0, finishedAt: T0 + 9000, batchId: 'b1' }),
    job({ id: 'f', domain: 'failed.com', state: 'failed', failure: { cause: 'domain', apiCode: 'DomainNotExist' }, createdAt: T0, finishedAt: T0 + 5000, batchId: 'b1' }),
    job({ id: 'w', domain: 'waiting.com', state: 'waiting', taskNo: 't', createdAt: T0, batchId: 'b1' }),
    job({ id: 's', domain: '中文域名.中国', state: 'submitting', createdAt: T0, batchId: 'b1' }),
  ];
  const batch: Batch = { id: 'b1', createdAt: T0, jobIds: ['d', 'f', 'w', 's'], notified: false };
  await seedJobs(jobs);
  await seedBatches([batch]);
  return { batch, jobs };
}

beforeEach(async () => {
  fakeBrowser.reset();
  localStorage.clear();
  send.mockReset();
  background = new FakeBackground();
  acceptBatches();
  send.mockImplementation(background.handle as never);
  await profilesItem.setValue({ activeId: 'p1', profiles: [PROFILE] });
  history.replaceState(null, '', '/batch.html');
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('batch page: the form and its preview', () => {
  it('shows every line with its domain, its own refusal, or the line it duplicates, before sending anything', async () => {
    const user = await openBatchPage();
    await paste(user, 'Example.com\nlocalhost, https://www.example.com/x\n<img src=x onerror=alert(1)>\n\nexample.net com');
    await waitFor(() => expect(previewRows()).toHaveLength(8));
    expect(previewRows().map((row) => cellTexts(row))).toEqual([
      ['1', 'Example.com', 'example.com'],
      ['2', 'localhost', refusalMessage('single-label', 'en')],
      ['2', 'https://www.example.com/x', 'Duplicate of line 1'],
      ['3', '<img', refusalMessage('illegal-characters', 'en')],
      ['3', 'src=x', refusalMessage('illegal-characters', 'en')],
      ['3', 'onerror=alert(1)>', refusalMessage('illegal-characters', 'en')],
      ['5', 'example.net', 'example.net'],
      ['5', 'com', refusalMessage('public-suffix', 'en')],
    ]);
    expect(document.querySelector('img[src="x"]')).toBeNull();
    expect(screen.getByRole('table', { name: /Preview/ }).querySelector('caption')?.textContent).toContain('to request: 2, refused: 5, duplicates merged: 1');
    expect(screen.getByRole('button', { name: 'Get transfer codes for 2 domains' })).toHaveProperty('disabled', false);
    expect(sentActions(send)).toEqual([]);
  });

  it('names one domain in the singular and disables the button for none', async () => {
    const user = await openBatchPage();
    expect(await screen.findByRole('button', { name: 'Get transfer codes for 0 domains' })).toHaveProperty('disabled', true);
    await paste(user, 'localhost');
    await waitFor(() => expect(previewRows()).toHaveLength(1));
    expect(screen.getByRole('button', { name: 'Get transfer codes for 0 domains' })).toHaveProperty('disabled', true);
    await paste(user, '\nexample.com');
    expect(await screen.findByRole('button', { name: 'Get the transfer code for 1 domain' })).toHaveProperty('disabled', false);
  });

  it('submit sends requestBatch with the texts of the distinct valid domains, then shows the batch in #batch=ID', async () => {
    const user = await openBatchPage();
    await paste(user, 'a.com, b.com\nlocalhost\nA.com\nc.com');
    await user.click(await screen.findByRole('button', { name: 'Get transfer codes for 3 domains' }));
    await waitFor(() => expect(send).toHaveBeenCalledWith('requestBatch', { texts: ['a.com', 'b.com', 'c.com'] }));
    // all three read first (QueryDomainByDomainName only), then one batch without an unlock
    expect(sentActions(send).map(([type]) => type)).toEqual(['checkReadiness', 'checkReadiness', 'checkReadiness', 'requestBatch']);
    expect(await screen.findByRole('heading', { name: 'Batch of 3 domains' })).toBeTruthy();
    expect(location.hash).toBe('#batch=b-new');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Batch of 3 domains' })));
    expect(screen.queryByLabelText('Domains')).toBeNull();
  });

  it('refuses more than 1000 domains with a message and sends nothing', async () => {
    const user = await openBatchPage();
    const box = await domainsBox();
    await user.click(box);
    await user.paste(Array.from({ length: 1001 }, (_, i) => `d${i}.com`).join('\n'));
    expect((await screen.findByRole('alert')).textContent).toBe('1001 domains: a batch holds at most 1000. Split the list and send it in parts.');
    const button = screen.getByRole('button', { name: 'Get transfer codes for 1001 domains' });
    expect(button).toHaveProperty('disabled', true);
    await user.click(button);
    expect(sentActions(send)).toEqual([]);
  });

  it('imports a CSV (BOM, CRLF, quotes, a domain column) into the box', async () => {
    const user = await openBatchPage();
    const csv = '\uFEFFid,"Domain Name",owner\r\n1,"a.com",me\r\n2,"b.com, c.com",you\r\n3,"",x\r\n4,a.com,dup\r\n';
    await user.upload(await screen.findByLabelText('Import CSV'), new File([csv], 'list.csv', { type: 'text/csv' }));
    expect(await screen.findByText('Entries read from the column “Domain Name” of list.csv: 3.')).toBeTruthy();
    expect((await domainsBox()).value).toBe('a.com\nb.com, c.com\na.com');
    await waitFor(() => expect(previewRows().map((row) => cellTexts(row)[2])).toEqual(['a.com', 'b.com', 'c.com', 'Duplicate of line 1']));
  });

  it('says when a CSV holds nothing', async () => {
    const user = await openBatchPage();
    await user.upload(await screen.findByLabelText('Import CSV'), new File(['domain\r\n'], 'empty.csv', { type: 'text/csv' }));
    expect(await screen.findByText('empty.csv holds no entries.')).toBeTruthy();
  });

  it('shows the no-key notice when the background answers no-credentials', async () => {
    // As the worker answers without a key: the check's read, and (unchecked) the batch itself.
    background.other = (type) => (type === 'checkReadiness' ? { ok: false, error: 'no-credentials' } : { ok: false, reason: 'no-credentials' });
    const user = await openBatchPage();
    await paste(user, 'a.com');
    await user.click(await screen.findByRole('button', { name: 'Get the transfer code for 1 domain' }));
    expect(await screen.findByText('No AccessKey saved yet')).toBeTruthy();
    expect(location.hash).toBe('');
  });

  it('says so when the background does not answer', async () => {
    background.other = () => Promise.reject(new Error('Could not establish connection'));
    const user = await openBatchPage();
    await paste(user, 'a.com');
    await user.click(await screen.findByRole('button', { name: 'Get the transfer code for 1 domain' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/did not answer/);
  });
});

describe('batch page: one batch', () => {
  it('progress and counts follow jobsItem live; the end is announced', async () => {
    const user = await openBatchPage();
    await paste(user, 'a.com b.com c.com');
    await user.click(await screen.findByRole('button', { name: 'Get transfer codes for 3 domains' }));
    const progress = (await screen.findByRole('progressbar', { name: 'Progress' })) as HTMLProgressElement;
    expect(progress.max).toBe(3);
    expect(progress.value).toBe(0);
    expect(screen.getByText('Waiting: 3')).toBeTruthy();
    expect(screen.getByText('0 of 3 finished, 0 submitted')).toBeTruthy();

    const finish = async (id: string, change: Partial<Job>) =>
      act(async () => seedJobs((await storedJobs()).map((j) => (j.id === id ? { ...j, finishedAt: Date.now(), ...change } : j))));
    // A TaskNo back moves the bar by half a domain, before any code arrives.
    await act(async () => seedJobs((await storedJobs()).map((j) => (j.id === 'b-new-j1' ? { ...j, state: 'waiting', taskNo: 'T-1' } : j))));
    await waitFor(() => expect(progress.value).toBe(0.5));
    expect(screen.getByText('0 of 3 finished, 1 submitted')).toBeTruthy();
    await finish('b-new-j0', { state: 'done', code: 'CODE-A' });
    await waitFor(() => expect(progress.value).toBe(1.5));
    expect(screen.getByText('Waiting: 2')).toBeTruthy();
    expect(screen.getByText('Done: 1')).toBeTruthy();
    expect(screen.getByText('CODE-A')).toBeTruthy();

    await finish('b-new-j1', { state: 'failed', failure: { cause: 'permission', apiCode: 'Forbidden.RAM' } });
    await finish('b-new-j2', { state: 'done', code: 'CODE-C' });
    await waitFor(() => expect(progress.value).toBe(3));
    expect(screen.getByText('Waiting: 0')).toBeTruthy();
    expect(screen.getByText('Done: 2')).toBeTruthy();
    expect(screen.getByText('Failed: 1')).toBeTruthy();
    expect(screen.getByText(failureText({ cause: 'permission', apiCode: 'Forbidden.RAM' }, 'en'))).toBeTruthy();
    await waitFor(() => expect(document.querySelector('[aria-live="polite"]')?.textContent).toBe('Batch finished: 2 done, 1 failed.'));
  });

  it('reopens the batch named in #batch=ID, with every row, the code as text and the reason', async () => {
    await seedBatch();
    history.replaceState(null, '', '/batch.html#batch=b1');
    await openBatchPage();
    const table = await screen.findByRole('table', { name: 'Results' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((row) => cellTexts(row, 5))).toEqual([
      ['done.com', 'a8<Kz"2&f Q', 'Done', '', formatTime(T0 + 9000)],
      ['failed.com', '', 'Failed', failureText({ cause: 'domain', apiCode: 'DomainNotExist' }, 'en'), formatTime(T0 + 5000)],
      ['waiting.com', '', 'Waiting', '', ''],
      ['中文域名.中国', '', 'Waiting', '', ''],
    ]);
    expect(within(rows[0]!).getByText('a8<Kz"2&f Q').tagName).toBe('CODE');
    expect(screen.getByRole('heading', { name: 'Batch of 4 domains' })).toBeTruthy();
    // two finished, one submitted (its TaskNo came back) counts half, one not submitted yet
    expect(screen.getByRole('progressbar', { name: 'Progress' })).toHaveProperty('value', 2.5);
    expect(screen.getByText('2 of 4 finished, 3 submitted')).toBeTruthy();
    // Readiness from finished rows, in a new tab.
    const link = within(rows[0]!).getByRole('link', { name: 'Transfer readiness' });
    expect(link.getAttribute('href')).toBe('/readiness.html?domain=done.com');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(within(rows[2]!).queryByRole('link')).toBeNull();
  });

  it('Copy copies one code; Copy all copies domain<TAB>code per done row', async () => {
    await seedBatch();
    await act(async () =>
      seedJobs([...(await storedJobs()), job({ id: 'e', domain: 'e.com', state: 'done', code: 'E-CODE', batchId: 'b1', finishedAt: T0 })]),
    );
    await seedBatches([{ id: 'b1', createdAt: T0, jobIds: ['d', 'f', 'w', 's', 'e'], notified: false }]);
    history.replaceState(null, '', '/batch.html#batch=b1');
    const user = await openBatchPage();
    const table = await screen.findByRole('table', { name: 'Results' });
    const write = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue(undefined);
    const first = within(table).getAllByRole('row')[1]!;
    await user.click(within(first).getByRole('button', { name: 'Copy' }));
    expect(write).toHaveBeenLastCalledWith('a8<Kz"2&f Q');
    await user.click(screen.getByRole('button', { name: 'Copy all' }));
    expect(write).toHaveBeenLastCalledWith('done.com\ta8<Kz"2&f Q\ne.com\tE-CODE');
    // For the clearing 60 s later: the one code copied with Copy is named by its job, the text of
    // Copy all by its SHA-256; neither code is ever sent.
    const allHash = await sha256Hex('done.com\ta8<Kz"2&f Q\ne.com\tE-CODE');
    await waitFor(() => expect(sentActions(send)).toEqual([['clipboardCopied', { id: 'd' }], ['clipboardCopiedText', { sha256: allHash }]]));
    expect(JSON.stringify(sentActions(send))).not.toMatch(/E-CODE|a8<Kz/);
  });

  it('Copy all is disabled while no code has arrived', async () => {
    await seedJobs([job({ id: 'w', domain: 'w.com', state: 'waiting', batchId: 'b1' })]);
    await seedBatches([{ id: 'b1', createdAt: T0, jobIds: ['w'], notified: false }]);
    history.replaceState(null, '', '/batch.html#batch=b1');
    await openBatchPage();
    expect(await screen.findByRole('button', { name: 'Copy all' })).toHaveProperty('disabled', true);
  });

  it('Export CSV downloads exactly what the table shows (RFC 4180, BOM for spreadsheets)', async () => {
    await seedBatch();
    history.replaceState(null, '', '/batch.html#batch=b1');
    const blobs: Blob[] = [];
    Object.assign(URL, { createObjectURL: vi.fn((blob: Blob) => (blobs.push(blob), 'blob:fake')), revokeObjectURL: vi.fn() });
    const clicked: HTMLAnchorElement[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this);
    });
    const user = await openBatchPage();
    const table = await screen.findByRole('table', { name: 'Results' });
    await user.click(screen.getByRole('button', { name: 'Export CSV' }));

    expect(clicked).toHaveLength(1);
    expect(clicked[0]!.download).toMatch(/^transfer-codes-\d{8}-\d{4}\.csv$/);
    expect(clicked[0]!.href).toBe('blob:fake');
    expect(blobs[0]!.type).toBe('text/csv;charset=utf-8');
    const text = await blobs[0]!.text();
    expect(text.startsWith('\uFEFF')).toBe(true);
    const csv = text.slice(1);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv).toContain('"a8<Kz""2&f Q"');

    const records = parseCsv(csv).map((r) => r.cells);
    expect(records[0]).toEqual(['domain', 'code', 'status', 'reason', 'time']);
    const shown = within(table).getAllByRole('row').slice(1).map((row) => cellTexts(row, 5));
    expect(records.slice(1)).toEqual(shown);
  });

  it('retries a failed row', async () => {
    await seedBatch();
    history.replaceState(null, '', '/batch.html#batch=b1');
    const user = await openBatchPage();
    const table = await screen.findByRole('table', { name: 'Results' });
    await user.click(within(table).getByRole('button', { name: 'Retry' }));
    expect(send).toHaveBeenCalledWith('retryJob', { id: 'f' });
  });

  it('lists earlier batches newest first with their counts (live for the one shown), and opens one; "New batch" goes back to the form', async () => {
    await seedBatch();
    await seedBatches([
      { id: 'b1', createdAt: T0, jobIds: ['d', 'f', 'w', 's'], notified: false },
      { id: 'b2', createdAt: T0 + 60_000, jobIds: ['d'], notified: true, finishedAt: T0 + 70_000 },
    ]);
    const user = await openBatchPage();
    const history = await screen.findByRole('region', { name: 'Earlier batches' });
    const items = within(history).getAllByRole('listitem');
    expect(items.map((li) => li.textContent)).toEqual([
      `${formatTime(T0 + 60_000)} · 1 domain · 1 done, 0 failed, 0 waiting`,
      // still running and not shown: its jobs are not read for the list
      `${formatTime(T0)} · 4 domains · Waiting`,
    ]);
    await user.click(within(items[1]!).getByRole('link'));
    expect(await screen.findByRole('heading', { name: 'Batch of 4 domains' })).toBeTruthy();
    await waitFor(() => expect(items[1]!.textContent).toBe(`${formatTime(T0)} · 4 domains · 1 done, 1 failed, 2 waiting`));
    expect(location.hash).toBe('#batch=b1');
    expect(within(items[1]!).getByRole('link').getAttribute('aria-current')).toBe('page');

    await user.click(screen.getByRole('button', { name: 'New batch' }));
    expect(await screen.findByLabelText('Domains')).toBeTruthy();
    expect(location.hash).toBe('');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('Domains')));
  });

  it('says what the background joined or refused when the batch started', async () => {
    background.other = async (type) => {
      if (type !== 'requestBatch') return { ok: true };
      await seedJobs([job({ id: 'j', domain: 'a.com', state: 'waiting' })]);
      await seedBatches([{ id: 'b9', createdAt: Date.now(), jobIds: ['j'], notified: false }]);
      return { ok: true, batchId: 'b9', jobIds: ['j'], joined: 1, refused: [{ text: 'b.example', reason: 'unknown-suffix' }] };
    };
    const user = await openBatchPage();
    await paste(user, 'a.com');
    await user.click(await screen.findByRole('button', { name: 'Get the transfer code for 1 domain' }));
    expect(await screen.findByRole('heading', { name: 'Batch of 1 domain' })).toBeTruthy();
    expect(screen.getByText('Already being requested, so joined instead of started again: 1.')).toBeTruthy();
    expect(screen.getByText('Refused by the extension (1):')).toBeTruthy();
    expect(screen.getByText('b.example').closest('li')?.textContent).toBe(`b.example: ${refusalMessage('unknown-suffix', 'en')}`);
  });

  it('counts jobs gone from the history as finished, and says how many', async () => {
    await seedJobs([job({ id: 'd', domain: 'd.com', state: 'done', code: 'C', batchId: 'b1' })]);
    await seedBatches([{ id: 'b1', createdAt: T0, jobIds: ['d', 'gone-1', 'gone-2'], notified: true }]);
    history.replaceState(null, '', '/batch.html#batch=b1');
    await openBatchPage();
    expect(await screen.findByText('Removed from the history: 2')).toBeTruthy();
    expect(screen.getByRole('progressbar', { name: 'Progress' })).toHaveProperty('value', 3);
    expect(screen.getByText('3 of 3 finished')).toBeTruthy();
  });

  it('says when the batch in the hash is gone', async () => {
    history.replaceState(null, '', '/batch.html#batch=nope');
    await openBatchPage();
    expect(await screen.findByText('This batch is no longer in the history.')).toBeTruthy();
  });

  it('shows a batch in Chinese', async () => {
    await seedBatch();
    await settingsItem.setValue({ language: 'zh' });
    history.replaceState(null, '', '/batch.html#batch=b1');
    await openBatchPage();
    expect(await screen.findByRole('heading', { name: '批量任务：4 个域名' })).toBeTruthy();
    expect(screen.getByRole('button', { name: '全部复制' })).toBeTruthy();
    expect(screen.getByRole('button', { name: '导出 CSV' })).toBeTruthy();
    expect(screen.getByText('已完成：1')).toBeTruthy();
  });
});

describe('batch page: requests per second', () => {
  it('shows the default 5, saves a valid number, and refuses one out of range without saving', async () => {
    const user = await openBatchPage();
    const field = (await screen.findByLabelText('Requests per second')) as HTMLInputElement;
    expect(field.value).toBe('5');
    await user.clear(field);
    await user.type(field, '12');
    await waitFor(async () => expect((await settingsItem.getValue()).requestsPerSecond).toBe(12));
    expect((await settingsItem.getValue()).language).toBe('auto');

    await user.clear(field);
    await user.type(field, '25');
    expect((await screen.findByRole('alert')).textContent).toBe('Enter a whole number from 1 to 20.');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect((await settingsItem.getValue()).requestsPerSecond).toBe(12);
  });

  it('shows a rate saved elsewhere', async () => {
    await settingsItem.setValue({ language: 'en', requestsPerSecond: 3 });
    await openBatchPage();
    expect(((await screen.findByLabelText('Requests per second')) as HTMLInputElement).value).toBe('3');
  });
});

describe('batch page: retrying', () => {
  const live = () => document.querySelector('[aria-live="polite"]')?.textContent;
  const resultRows = async (caption = 'Results') => within(await screen.findByRole('table', { name: caption })).getAllByRole('row').slice(1);

  /** A batch of a done job, a job faulted (network), one busy, and one due with no fault of its own. */
  async function seedRetrying(now: number) {
    const jobs = [
      job({ id: 'd', domain: 'done.com', state: 'done', code: 'C-1', createdAt: T0, finishedAt: T0 + 1000, batchId: 'b1' }),
      job({ id: 'n', domain: 'net.com', state: 'submitting', fault: { cause: 'network', since: now - 5_000 }, nextAttemptAt: now + 4_000, createdAt: T0, batchId: 'b1' }),
      job({ id: 'b', domain: 'busy.com', state: 'waiting', taskNo: 't', fault: { cause: 'busy', since: now - 5_000 }, nextAttemptAt: now + 40_000, createdAt: T0, batchId: 'b1' }),
      job({ id: 'q', domain: 'due.com', state: 'waiting', taskNo: 'u', nextAttemptAt: now - 1, createdAt: T0, batchId: 'b1' }),
    ];
    await seedJobs(jobs);
    await seedBatches([{ id: 'b1', createdAt: T0, jobIds: ['d', 'n', 'b', 'q'], notified: false }]);
    history.replaceState(null, '', '/batch.html#batch=b1');
  }

  it('the status cell says "Retrying" with why, never "Failed"; the circuit line above the table counts down; progress is unchanged', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    const now = Date.now();
    await seedRetrying(now);
    await circuitItem.setValue({ cause: 'network', since: now - 60_000, failures: 4, nextProbeAt: now + 12_000 });
    await openBatchPage();
    const rows = await resultRows();
    expect(rows.map((row) => cellTexts(row, 4))).toEqual([
      ['done.com', 'C-1', 'Done', ''],
      ['net.com', '', 'Retrying', 'Alibaba Cloud not reachable'],
      ['busy.com', '', 'Retrying', 'Another operation on this domain is in progress at Alibaba Cloud'],
      ['due.com', '', 'Retrying', 'Alibaba Cloud not reachable'],
    ]);
    expect(screen.queryByText('Failed')).toBeNull();
    const line = screen.getByText('Alibaba Cloud not reachable, next try in 12 s');
    // Above the table.
    expect(line.compareDocumentPosition(screen.getByRole('table', { name: 'Results' })) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(screen.getByText('Waiting: 3')).toBeTruthy();
    expect(screen.getByText('Failed: 0')).toBeTruthy();
    expect(screen.getByRole('progressbar', { name: 'Progress' })).toHaveProperty('value', 2);
    act(() => vi.advanceTimersByTime(1_000));
    expect(screen.getByText('Alibaba Cloud not reachable, next try in 11 s')).toBeTruthy();
    act(() => vi.advanceTimersByTime(11_000));
    expect(screen.getByText('Alibaba Cloud not reachable, trying now')).toBeTruthy();
    // Only the circuit's line has the button: a row does not.
    expect(screen.getAllByRole('button', { name: 'Try now' })).toHaveLength(1);
    expect(within(rows[1]!).queryByRole('button')).toBeNull();
  });

  it('"Try now" sends tryNow; the CSV says "Retrying" too', async () => {
    await seedRetrying(Date.now());
    await circuitItem.setValue({ cause: 'throttled', since: Date.now(), failures: 1, nextProbeAt: Date.now() + 30_000 });
    const blobs: Blob[] = [];
    Object.assign(URL, { createObjectURL: vi.fn((blob: Blob) => (blobs.push(blob), 'blob:fake')), revokeObjectURL: vi.fn() });
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    const user = await openBatchPage();
    expect(await screen.findByText(/^Alibaba Cloud is limiting requests, next try in (30|29) s$/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Try now' }));
    expect(send).toHaveBeenCalledWith('tryNow');
    expect(sentActions(send)).toEqual([['tryNow']]);
    await user.click(screen.getByRole('button', { name: 'Export CSV' }));
    const records = parseCsv((await blobs[0]!.text()).slice(1)).map((r) => r.cells);
    expect(records.slice(1).map((r) => r.slice(0, 4))).toEqual([
      ['done.com', 'C-1', 'Done', ''],
      ['net.com', '', 'Retrying', 'Alibaba Cloud is limiting requests'],
      ['busy.com', '', 'Retrying', 'Another operation on this domain is in progress at Alibaba Cloud'],
      ['due.com', '', 'Retrying', 'Alibaba Cloud is limiting requests'],
    ]);
  });

  it('without the circuit: only the faulted jobs retry, and no line above the table', async () => {
    await seedRetrying(Date.now());
    await openBatchPage();
    const rows = await resultRows();
    expect(rows.map((row) => cellTexts(row, 4)[2])).toEqual(['Done', 'Retrying', 'Retrying', 'Waiting']);
    expect(screen.queryByRole('button', { name: 'Try now' })).toBeNull();
    expect(screen.queryByText(/next try in/)).toBeNull();
  });

  it('says once when Alibaba Cloud stops answering, and drops the line when it answers again', async () => {
    await seedRetrying(Date.now());
    await openBatchPage();
    await resultRows();
    expect(live()).toBe('');
    await act(() => circuitItem.setValue({ cause: 'timeout', since: Date.now(), failures: 1, nextProbeAt: Date.now() + 8_000 }));
    expect(await screen.findByRole('button', { name: 'Try now' })).toBeTruthy();
    expect(live()).toBe('Alibaba Cloud not reachable, retrying');
    await act(() => circuitItem.setValue(null));
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Try now' })).toBeNull());
    expect(cellTexts((await resultRows())[3]!, 3)[2]).toBe('Waiting');
  });

  it('the browser back online sends tryNow, on the form too', async () => {
    await openBatchPage();
    await domainsBox();
    // The listener is added by an effect after the first render: the event is sent until it is heard.
    await waitFor(() => {
      window.dispatchEvent(new Event('online'));
      expect(sentActions(send).length).toBeGreaterThan(0);
    });
    expect(new Set(sentActions(send).map((a) => a.join()))).toEqual(new Set(['tryNow']));
  });

  it('in Chinese', async () => {
    await settingsItem.setValue({ language: 'zh' });
    const now = Date.now();
    await seedRetrying(now);
    await circuitItem.setValue({ cause: 'network', since: now, failures: 1, nextProbeAt: now - 1 });
    await openBatchPage();
    const rows = await resultRows('结果');
    expect(cellTexts(rows[1]!, 4).slice(2)).toEqual(['正在重试', '无法连接阿里云']);
    expect(screen.getByText('无法连接阿里云，正在重试')).toBeTruthy();
    expect(screen.getByRole('button', { name: '立即重试' })).toBeTruthy();
  });
});
