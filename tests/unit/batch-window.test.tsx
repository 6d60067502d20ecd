// @vitest-environment happy-dom
// The results table of a long batch renders only the rows near the viewport (issue 13): the
// others are spacer rows; every rendered row says where it is; Copy all and Export CSV still
// hold every row; a table up to the threshold is rendered whole.
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { App } from '../../entrypoints/batch/App';
import { RESULTS_WINDOW_ABOVE } from '../../entrypoints/batch/components/BatchView';
import { parseCsv } from '../../lib/batch/parse';
import { profilesItem } from '../../lib/credentials/profiles';
import { sendMessage } from '../../lib/protocol/index';
import { seedBatches, seedJobs } from './helpers/job-storage';
import { FakeBackground, job, renderPage } from './helpers/render';

vi.mock('../../lib/protocol/index', () => ({ sendMessage: vi.fn() }));
const send = vi.mocked(sendMessage);

const PROFILE = { id: 'p1', name: 'default', site: 'cn' as const, accessKeyId: 'LTAI-id', accessKeySecret: 'shh' };

async function seedDone(n: number) {
  const ids = Array.from({ length: n }, (_, i) => `j${i}`);
  await seedJobs(ids.map((id, i) => job({ id, domain: `d${i}.com`, state: 'done', code: `C${i}`, finishedAt: Date.now(), batchId: 'b1', notified: true })));
  await seedBatches([{ id: 'b1', createdAt: Date.now(), jobIds: ids, notified: true }]);
  history.replaceState(null, '', '/batch.html#batch=b1');
}

const dataRows = (table: HTMLElement) => [...table.querySelectorAll('tbody tr')].filter((r) => r.getAttribute('aria-hidden') !== 'true') as HTMLTableRowElement[];

beforeEach(async () => {
  fakeBrowser.reset();
  localStorage.clear();
  send.mockReset();
  send.mockImplementation(new FakeBackground().handle as never);
  await profilesItem.setValue({ activeId: 'p1', profiles: [PROFILE] });
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('batch page: a long results table', () => {
  it(`renders a table of ${RESULTS_WINDOW_ABOVE} rows whole`, async () => {
    await seedDone(RESULTS_WINDOW_ABOVE);
    renderPage(<App />);
    const table = await screen.findByRole('table', { name: 'Results' });
    expect(dataRows(table)).toHaveLength(RESULTS_WINDOW_ABOVE);
    expect(table.getAttribute('aria-rowcount')).toBeNull();
    expect(table.querySelector('tr[aria-hidden="true"]')).toBeNull();
  });

  it('renders 1000 rows near the viewport only, each with its row index; CSV and Copy all hold all of them', async () => {
    await seedDone(1_000);
    const blobs: Blob[] = [];
    Object.assign(URL, { createObjectURL: vi.fn((blob: Blob) => (blobs.push(blob), 'blob:fake')), revokeObjectURL: vi.fn() });
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    const user = userEvent.setup();
    renderPage(<App />);
    const table = await screen.findByRole('table', { name: 'Results' });
    expect(screen.getByRole('heading', { name: 'Batch of 1000 domains' })).toBeTruthy();
    expect(table.getAttribute('aria-rowcount')).toBe('1001');
    const rows = dataRows(table);
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.length).toBeLessThan(200);
    expect(rows.map((r) => r.getAttribute('aria-rowindex'))).toEqual(rows.map((_, i) => String(i + 2)));
    expect(within(rows[0]!).getByRole('rowheader').textContent).toBe('d0.com');
    // One spacer below stands in for the rest; it is hidden from assistive technology.
    const spacers = table.querySelectorAll('tbody tr[aria-hidden="true"]');
    expect(spacers).toHaveLength(1);
    expect(Number.parseInt((spacers[0]!.firstElementChild as HTMLElement).style.height)).toBeGreaterThan(1000);

    await user.click(screen.getByRole('button', { name: 'Export CSV' }));
    const csv = parseCsv((await blobs[0]!.text()).slice(1)).map((r) => r.cells);
    expect(csv).toHaveLength(1_001);
    expect(csv[1_000]!.slice(0, 2)).toEqual(['d999.com', 'C999']);

    const write = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue(undefined);
    await user.click(screen.getByRole('button', { name: 'Copy all' }));
    expect(write.mock.calls[0]![0].split('\n')).toHaveLength(1_000);
  });

  it('moves the rendered rows with the scroll position', async () => {
    await seedDone(1_000);
    renderPage(<App />);
    const table = await screen.findByRole('table', { name: 'Results' });
    await waitFor(() => expect(dataRows(table).length).toBeGreaterThan(10));
    const body = table.querySelector('tbody')!;
    // The table's body 20,000 px above the viewport: rows of about 41 px, so about row 488 is in view.
    vi.spyOn(body, 'getBoundingClientRect').mockReturnValue({ top: -20_000, bottom: 21_000, left: 0, right: 0, height: 41_000, width: 0, x: 0, y: -20_000, toJSON: () => ({}) });
    await act(async () => {
      window.dispatchEvent(new Event('scroll'));
      await new Promise((r) => setTimeout(r, 50));
    });
    await waitFor(() => expect(dataRows(table)[0]!.getAttribute('aria-rowindex')).not.toBe('2'));
    const indexes = dataRows(table).map((r) => Number(r.getAttribute('aria-rowindex')) - 2);
    expect(indexes[0]).toBeLessThanOrEqual(488);
    expect(indexes.at(-1)).toBeGreaterThan(488);
    expect(within(dataRows(table).find((r) => r.getAttribute('aria-rowindex') === '490')!).getByRole('rowheader').textContent).toBe('d488.com');
    expect(table.querySelectorAll('tbody tr[aria-hidden="true"]')).toHaveLength(2); // above and below
  });

  it('keeps the row holding the focus rendered when it scrolls out of view', async () => {
    await seedDone(1_000);
    renderPage(<App />);
    const table = await screen.findByRole('table', { name: 'Results' });
    await waitFor(() => expect(dataRows(table).length).toBeGreaterThan(10));
    const copy = within(dataRows(table)[3]!).getByRole('button', { name: 'Copy' });
    act(() => copy.focus());
    const body = table.querySelector('tbody')!;
    vi.spyOn(body, 'getBoundingClientRect').mockReturnValue({ top: -20_000, bottom: 21_000, left: 0, right: 0, height: 41_000, width: 0, x: 0, y: -20_000, toJSON: () => ({}) });
    await act(async () => {
      window.dispatchEvent(new Event('scroll'));
      await new Promise((r) => setTimeout(r, 50));
    });
    await waitFor(() => expect(Number(dataRows(table).at(-1)!.getAttribute('aria-rowindex'))).toBeGreaterThan(490));
    const indexes = dataRows(table).map((r) => r.getAttribute('aria-rowindex'));
    expect(indexes[0]).toBe('5'); // row 3, alone above the window
    expect(Number(indexes[1])).toBeGreaterThan(400);
    expect(document.activeElement).toBe(copy);
    expect(table.querySelectorAll('tbody tr[aria-hidden="true"]')).toHaveLength(3); // above it, between, below
  });
});
