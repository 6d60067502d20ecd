// @vitest-environment happy-dom
// The batch page shows and exports sealed codes only through the worker (issue 15): locked, the
// rows say to unlock, have no Copy, and Export CSV says to unlock first and downloads nothing;
// unlocked, the worker opens them (MAX_REVEAL_IDS ids a call) for the table, Copy and the CSV.
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { App } from '../../entrypoints/batch/App';
import { parseCsv } from '../../lib/batch/parse';
import { profilesItem } from '../../lib/credentials/profiles';
import type { Job } from '../../lib/jobs/types';
import { MAX_REVEAL_IDS, sendMessage } from '../../lib/protocol/index';
import { settingsItem } from '../../lib/storage';
import { seedBatches, seedJobs } from './helpers/job-storage';
import { FakeBackground, job, renderPage } from './helpers/render';

// The real protocol module (MAX_REVEAL_IDS and the validators), with the messages faked.
vi.mock('../../lib/protocol/index', async (importOriginal) => ({ ...(await importOriginal<typeof import('../../lib/protocol/index')>()), sendMessage: vi.fn() }));
const send = vi.mocked(sendMessage);
let background: FakeBackground;

const PROFILE = { id: 'p1', name: 'default', site: 'cn' as const, accessKeyId: 'LTAI-id', accessKeySecret: '' };
const T0 = new Date(2025, 0, 2, 3, 4, 5).getTime();

const sealedJob = (id: string, more: Partial<Job> = {}) =>
  job({ id, domain: `${id}.com`, state: 'done', sealedCode: { iv: `iv-${id}`, data: 'opaque' }, createdAt: T0, finishedAt: T0 + 1000, batchId: 'b1', notified: true, ...more });

async function seedBatch(jobs: Job[]) {
  await seedJobs(jobs);
  await seedBatches([{ id: 'b1', createdAt: T0, jobIds: jobs.map((j) => j.id), notified: true, finishedAt: T0 + 2000 }]);
  history.replaceState(null, '', '/batch.html#batch=b1');
}

const revealCalls = () => send.mock.calls.filter(([type]) => type === 'revealCodes');
const cellTexts = (row: HTMLElement) => [...row.querySelectorAll('th, td')].slice(0, 4).map((c) => c.textContent);

function captureDownloads(): Blob[] {
  const blobs: Blob[] = [];
  Object.assign(URL, { createObjectURL: vi.fn((blob: Blob) => (blobs.push(blob), 'blob:fake')), revokeObjectURL: vi.fn() });
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
  return blobs;
}

beforeEach(async () => {
  fakeBrowser.reset();
  localStorage.clear();
  send.mockReset();
  background = new FakeBackground();
  background.other = (type, data) => {
    if (type !== 'revealCodes') return { ok: true };
    if (background.status === 'locked') return { ok: false, error: 'locked' };
    const { ids } = data as { ids: string[] };
    return { ok: true, codes: Object.fromEntries(ids.map((id) => [id, `CODE-${id}`])) };
  };
  send.mockImplementation(background.handle as never);
  await profilesItem.setValue({ activeId: 'p1', profiles: [PROFILE] });
  await background.vaultOn('the right passphrase', { p1: { accessKeySecret: 'shh' } }, 'locked');
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('batch page: sealed codes', () => {
  it('locked: rows say to unlock, no Copy; one unlock form; Export CSV says to unlock first and downloads nothing', async () => {
    await seedBatch([sealedJob('a'), job({ id: 'p', domain: 'p.com', state: 'done', code: 'PLAIN', batchId: 'b1', createdAt: T0, finishedAt: T0 + 1000 })]);
    const blobs = captureDownloads();
    const user = userEvent.setup();
    renderPage(<App />);
    const table = await screen.findByRole('table', { name: 'Results' });
    const [rowA, rowP] = within(table).getAllByRole('row').slice(1);
    await waitFor(() => expect(cellTexts(rowA!)).toEqual(['a.com', '', 'Done', 'Unlock to see the code.']));
    expect(within(rowA!).queryByRole('button', { name: 'Copy' })).toBeNull();
    expect(cellTexts(rowP!)).toEqual(['p.com', 'PLAIN', 'Done', '']);
    expect(screen.getAllByLabelText('Passphrase')).toHaveLength(1);
    expect(screen.getAllByRole('button', { name: 'Unlock' })).toHaveLength(1);

    await user.click(screen.getByRole('button', { name: 'Export CSV' }));
    expect(await screen.findByText('Your AccessKey is locked: unlock it above first. Nothing was exported.')).toBeTruthy();
    expect(blobs).toEqual([]);
    expect(revealCalls()).toEqual([]);
    expect(document.body.textContent).not.toContain('CODE-a');
  });

  it('after the unlock the codes appear; Copy, Copy all and Export CSV hold them', async () => {
    await seedBatch([sealedJob('a'), sealedJob('b')]);
    const blobs = captureDownloads();
    const user = userEvent.setup();
    renderPage(<App />);
    await screen.findAllByText('Unlock to see the code.');
    await user.type(screen.getByLabelText('Passphrase'), 'the right passphrase{Enter}');

    expect(await screen.findByText('CODE-a')).toBeTruthy();
    const table = screen.getByRole('table', { name: 'Results' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map(cellTexts)).toEqual([
      ['a.com', 'CODE-a', 'Done', ''],
      ['b.com', 'CODE-b', 'Done', ''],
    ]);
    const write = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue(undefined);
    await user.click(within(rows[1]!).getByRole('button', { name: 'Copy' }));
    expect(write).toHaveBeenLastCalledWith('CODE-b');
    await user.click(screen.getByRole('button', { name: 'Copy all' }));
    expect(write).toHaveBeenLastCalledWith('a.com\tCODE-a\nb.com\tCODE-b');

    await user.click(screen.getByRole('button', { name: 'Export CSV' }));
    await waitFor(() => expect(blobs).toHaveLength(1));
    const records = parseCsv((await blobs[0]!.text()).slice(1)).map((r) => r.cells.slice(0, 2));
    expect(records).toEqual([
      ['domain', 'code'],
      ['a.com', 'CODE-a'],
      ['b.com', 'CODE-b'],
    ]);
    // Once for the table after the unlock, once more for the export.
    expect(revealCalls()).toEqual([
      ['revealCodes', { ids: ['a', 'b'] }],
      ['revealCodes', { ids: ['a', 'b'] }],
    ]);
  });

  it(`a batch of ${MAX_REVEAL_IDS + 3} sealed codes is asked for ${MAX_REVEAL_IDS} ids at a time`, async () => {
    background.status = 'unlocked';
    await seedBatch(Array.from({ length: MAX_REVEAL_IDS + 3 }, (_, i) => sealedJob(`j${i}`)));
    renderPage(<App />);
    expect(await screen.findByText('CODE-j0')).toBeTruthy();
    expect(revealCalls().map(([, data]) => (data as { ids: string[] }).ids.length)).toEqual([MAX_REVEAL_IDS, 3]);
  });

  it('the worker does not answer the export: nothing is exported, and it says so', async () => {
    background.status = 'unlocked';
    await seedBatch([sealedJob('a')]);
    const blobs = captureDownloads();
    const user = userEvent.setup();
    renderPage(<App />);
    expect(await screen.findByText('CODE-a')).toBeTruthy();
    background.other = () => Promise.reject(new Error('Could not establish connection'));
    await user.click(screen.getByRole('button', { name: 'Export CSV' }));
    expect(await screen.findByText('The extension did not answer: nothing was exported. Try again.')).toBeTruthy();
    expect(blobs).toEqual([]);
  });

  it('a code deleted after the retention period says so in the table and the CSV, with no Copy', async () => {
    background.status = 'unlocked';
    await seedBatch([job({ id: 'r', domain: 'r.com', state: 'done', codeRemovedAt: T0 + 5000, batchId: 'b1', createdAt: T0, finishedAt: T0 + 1000 })]);
    const blobs = captureDownloads();
    const user = userEvent.setup();
    renderPage(<App />);
    const table = await screen.findByRole('table', { name: 'Results' });
    const row = within(table).getAllByRole('row')[1]!;
    expect(cellTexts(row)).toEqual(['r.com', '', 'Done', 'The code was deleted after the retention period.']);
    expect(within(row).queryByRole('button', { name: 'Copy' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Copy all' })).toHaveProperty('disabled', true);
    await user.click(screen.getByRole('button', { name: 'Export CSV' }));
    await waitFor(() => expect(blobs).toHaveLength(1));
    expect(parseCsv((await blobs[0]!.text()).slice(1))[1]!.cells.slice(0, 4)).toEqual(['r.com', '', 'Done', 'The code was deleted after the retention period.']);
    expect(revealCalls()).toEqual([]);
  });

  it('in Chinese', async () => {
    await settingsItem.setValue({ language: 'zh' });
    await seedBatch([sealedJob('a')]);
    const user = userEvent.setup();
    captureDownloads();
    renderPage(<App />);
    expect(await screen.findByText('解锁后即可查看转移密码。')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: '导出 CSV' }));
    expect(await screen.findByText('您的 AccessKey 已锁定，请先在上方解锁。未导出任何内容。')).toBeTruthy();
  });
});
