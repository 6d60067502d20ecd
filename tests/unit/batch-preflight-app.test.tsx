// @vitest-environment happy-dom
// The batch page's issue 17 parts with a stubbed worker: the readiness check before a batch starts
// (review, Cancel, unlock with the passphrase, failures), "Copy for the new registrar", and the
// transfer-out line with its one hint.
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { App } from '../../entrypoints/batch/App';
import { BatchForm } from '../../entrypoints/batch/components/BatchForm';
import { profilesItem } from '../../lib/credentials/profiles';
import { formatDate } from '../../lib/i18n/readiness-words';
import { sha256Hex } from '../../lib/digest';
import { sendMessage, type FactsAnswer } from '../../lib/protocol/index';
import { transferOutDeniedItem } from '../../lib/storage';
import { currentBatches, seedBatches, seedJobs, storedJobs } from './helpers/job-storage';
import { FakeBackground, job, renderPage, sentActions } from './helpers/render';

vi.mock('../../lib/protocol/index', () => ({ sendMessage: vi.fn() }));
const send = vi.mocked(sendMessage);
let background: FakeBackground;

const PROFILE = { id: 'p1', name: 'default', site: 'cn' as const, accessKeyId: 'LTAI-id', accessKeySecret: 'shh' };
const DAY = 86_400_000;
const chinaTime = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19);

/** What checkReadiness answers per domain (QueryDomainByDomainName fields); a ready domain by default. */
let domainFields: Record<string, Record<string, unknown> | FactsAnswer> = {};
/** What requestBatch answers when it is asked to unlock (undefined: it starts the batch). */
let unlockAnswer: unknown;

function answerFacts(domain: string): FactsAnswer {
  const fields = domainFields[domain] ?? {};
  if ('ok' in fields) return fields as FactsAnswer;
  return { ok: true, domainAnswer: { TransferProhibitionLock: 'CLOSE', DomainStatus: '3', RegistrationDate: chinaTime(Date.now() - 400 * DAY), ...fields }, checkedAt: Date.now() };
}

function stubWorker() {
  background.other = async (type, data) => {
    if (type === 'checkReadiness') return answerFacts((data as { domain: string }).domain);
    if (type !== 'requestBatch') return { ok: true };
    const { texts, unlock } = data as { texts: string[]; unlock?: { passphrase?: string } };
    if (unlock && background.status !== 'off' && unlock.passphrase !== background.passphrase) return { ok: false, reason: 'unlock', failure: { ok: false, error: 'wrong-passphrase' } };
    if (unlock && unlockAnswer) return unlockAnswer;
    const ids = texts.map((_, i) => `b-new-j${i}`);
    await seedJobs([...ids.map((id, i) => job({ id, domain: texts[i]!, state: 'submitting', batchId: 'b-new' })), ...(await storedJobs())]);
    await seedBatches([...(await currentBatches()), { id: 'b-new', createdAt: Date.now(), jobIds: ids, notified: false }]);
    return { ok: true, batchId: 'b-new', jobIds: ids, joined: 0, refused: [] };
  };
}

const requests = () => sentActions(send).filter(([type]) => type === 'requestBatch');
const reads = () => sentActions(send).filter(([type]) => type === 'checkReadiness').map(([, data]) => (data as { domain: string }).domain);

async function submit(text: string) {
  const user = userEvent.setup();
  renderPage(<App />);
  await user.click(await screen.findByLabelText('Domains'));
  await user.paste(text);
  const n = text.split('\n').length;
  await user.click(await screen.findByRole('button', { name: n === 1 ? 'Get the transfer code for 1 domain' : `Get transfer codes for ${n} domains` }));
  return user;
}

const review = () => screen.findByRole('region', { name: 'Before the batch starts' });

beforeEach(async () => {
  fakeBrowser.reset();
  localStorage.clear();
  send.mockReset();
  domainFields = {};
  unlockAnswer = undefined;
  background = new FakeBackground();
  stubWorker();
  send.mockImplementation(background.handle as never);
  await profilesItem.setValue({ activeId: 'p1', profiles: [PROFILE] });
  history.replaceState(null, '', '/batch.html');
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('batch page: the check before the start', () => {
  it('"Check readiness first" is on by default; all ready: the batch starts at once, without an unlock', async () => {
    renderPage(<App />);
    expect(((await screen.findByRole('checkbox', { name: 'Check readiness first' })) as HTMLInputElement).checked).toBe(true);
    cleanup();
    await submit('a.com\nb.com');
    expect(await screen.findByRole('heading', { name: 'Batch of 2 domains' })).toBeTruthy();
    expect(reads()).toEqual(['a.com', 'b.com']);
    expect(sentActions(send).filter(([type]) => type === 'checkReadiness').map(([, d]) => d)).toEqual([{ domain: 'a.com', brief: true }, { domain: 'b.com', brief: true }]);
    expect(requests()).toEqual([['requestBatch', { texts: ['a.com', 'b.com'] }]]);
  });

  it('unchecked, nothing is read first', async () => {
    const user = userEvent.setup();
    renderPage(<App />);
    await user.click(await screen.findByRole('checkbox', { name: 'Check readiness first' }));
    await user.click(await screen.findByLabelText('Domains'));
    await user.paste('A.com');
    await user.click(await screen.findByRole('button', { name: 'Get the transfer code for 1 domain' }));
    await screen.findByRole('heading', { name: 'Batch of 1 domain' });
    expect(reads()).toEqual([]);
    expect(requests()).toEqual([['requestBatch', { texts: ['A.com'] }]]);
  });

  it('shows the left-out reasons and the locked domains; Cancel sends nothing and gives the text back', async () => {
    const registered = Date.now() - 20 * DAY;
    domainFields = { 'new.com': { RegistrationDate: chinaTime(registered), TransferProhibitionLock: 'OPEN' }, 'locked.com': { TransferProhibitionLock: 'OPEN' }, 'red.com': { DomainStatus: '2' } };
    const text = 'ok.com\nnew.com\nlocked.com\nred.com';
    const user = await submit(text);
    const panel = await review();
    await waitFor(() => expect(document.activeElement).toBe(within(panel).getByRole('heading', { name: 'Before the batch starts' })));
    const leftOut = panel.querySelector('.left-out')!;
    expect(leftOut.textContent).toContain('new.com');
    expect(leftOut.textContent).toContain(`Registered less than 60 days ago: a transfer is possible from ${formatDate(registered + 60 * DAY)}`);
    expect(leftOut.textContent).toContain('red.com: The domain is in the redemption period');
    expect(panel.querySelector('.to-unlock')!.textContent).toBe('locked.com');
    expect(within(panel).getByRole('button', { name: 'Turn off 1 transfer lock and get codes' })).toBeTruthy();
    expect(within(panel).getByRole('button', { name: 'Get codes without the locked domains' })).toBeTruthy();
    expect(within(panel).queryByLabelText('Passphrase')).toBeNull(); // the vault is off
    await user.click(within(panel).getByRole('button', { name: 'Cancel' }));
    expect(requests()).toEqual([]);
    const box = (await screen.findByLabelText('Domains')) as HTMLTextAreaElement;
    expect(box.value).toBe(text);
    await waitFor(() => expect(document.activeElement).toBe(box));
  });

  it('with the vault unlocked, asks for the passphrase and sends the unlock list with it; the left-out domains are not sent', async () => {
    await background.vaultOn('correct horse', { p1: { accessKeySecret: 'shh' } });
    domainFields = { 'l1.com': { TransferProhibitionLock: 'OPEN' }, 'l2.com': { TransferProhibitionLock: 'OPEN' }, 'new.com': { RegistrationDate: chinaTime(Date.now() - 3 * DAY) }, 'gone.com': { ok: false, error: 'api', code: 'ServiceUnavailable', message: 'Try later' } };
    const user = await submit('l1.com\nok.com\nnew.com\nl2.com\ngone.com');
    const panel = await review();
    expect(panel.querySelector('.unchecked')!.textContent).toBe('gone.com: Try later');
    await user.type(within(panel).getByLabelText('Passphrase'), 'wrong one');
    await user.click(within(panel).getByRole('button', { name: 'Turn off 2 transfer locks and get codes' }));
    // the worker refused the passphrase: nothing started, the panel says so
    expect((await within(panel).findByRole('alert')).textContent).toBe('Wrong passphrase: try again.');
    expect(requests()).toEqual([['requestBatch', { texts: ['l1.com', 'ok.com', 'l2.com', 'gone.com'], unlock: { domains: ['l1.com', 'l2.com'], passphrase: 'wrong one' } }]]);
    expect((within(panel).getByLabelText('Passphrase') as HTMLInputElement).value).toBe('');
    await user.type(within(panel).getByLabelText('Passphrase'), 'correct horse');
    await user.click(within(panel).getByRole('button', { name: 'Turn off 2 transfer locks and get codes' }));
    expect(await screen.findByRole('heading', { name: 'Batch of 4 domains' })).toBeTruthy();
    expect(requests()[1]).toEqual(['requestBatch', { texts: ['l1.com', 'ok.com', 'l2.com', 'gone.com'], unlock: { domains: ['l1.com', 'l2.com'], passphrase: 'correct horse' } }]);
    // the batch view says what was left out and what was not checked
    expect(screen.getByText(/Left out before the start, cannot be transferred now \(1\): new\.com/)).toBeTruthy();
    expect(document.querySelector('.start-notes .unchecked')!.textContent).toBe('gone.com: Try later');
  });

  it("shows Alibaba Cloud's refusal of the unlock in the panel; nothing started", async () => {
    domainFields = { 'l1.com': { TransferProhibitionLock: 'OPEN' } };
    unlockAnswer = { ok: false, reason: 'unlock', failure: { ok: false, error: 'api', code: 'Forbidden.RAM', message: 'User not authorized' } };
    const user = await submit('l1.com\nok.com');
    const panel = await review();
    await user.click(within(panel).getByRole('button', { name: 'Turn off 1 transfer lock and get codes' }));
    const alert = await within(panel).findByRole('alert');
    expect(alert.textContent).toContain('The transfer locks could not be turned off, and nothing was requested: User not authorized');
    expect(screen.queryByRole('heading', { name: /^Batch of/ })).toBeNull();
    expect(await currentBatches()).toEqual([]);
  });

  it('"Get codes without the locked domains" sends the others, with no unlock', async () => {
    domainFields = { 'l1.com': { TransferProhibitionLock: 'OPEN' } };
    const user = await submit('l1.com\nok.com');
    await user.click(within(await review()).getByRole('button', { name: 'Get codes without the locked domains' }));
    await screen.findByRole('heading', { name: 'Batch of 1 domain' });
    expect(requests()).toEqual([['requestBatch', { texts: ['ok.com'] }]]);
  });

  it('all left out: no button sends anything', async () => {
    domainFields = { 'red.com': { DomainStatus: '2' } };
    await submit('red.com');
    const panel = await review();
    expect(within(panel).getByText('None of these domains can be transferred now: nothing would be requested.')).toBeTruthy();
    expect(within(panel).getAllByRole('button').map((b) => b.textContent)).toEqual(['Cancel']);
  });

  it('says how far the check is; Cancel while checking sends nothing and gives the form back', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const other = background.other;
    background.other = async (type, data) => {
      if (type === 'checkReadiness' && (data as { domain: string }).domain === 'b.com') await held;
      return other(type, data);
    };
    const user = await submit('a.com\nb.com\nc.com');
    const progress = await screen.findByText(/^Checking readiness: [12] of 3$/);
    expect(progress.getAttribute('role')).toBe('status');
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(document.querySelector('.preflight-progress')!.textContent).toBe('');
    await act(async () => release());
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(requests()).toEqual([]);
    expect(screen.queryByRole('region', { name: 'Before the batch starts' })).toBeNull();
    expect(((await screen.findByLabelText('Domains')) as HTMLTextAreaElement).value).toBe('a.com\nb.com\nc.com');
  });

  it('domains picked with fresh facts: the box gets them, and only the stale ones are read', async () => {
    const fresh: FactsAnswer = { ok: true, domainAnswer: { TransferProhibitionLock: 'OPEN', DomainStatus: '3' }, checkedAt: Date.now() - 60_000 };
    const stale: FactsAnswer = { ok: true, domainAnswer: { TransferProhibitionLock: 'OPEN' }, checkedAt: Date.now() - 11 * 60_000 };
    const onStarted = vi.fn();
    const picked = { domains: ['fresh.com', 'stale.com'], facts: new Map([['fresh.com', fresh], ['stale.com', stale]]), seq: 1 };
    const user = userEvent.setup();
    renderPage(<BatchForm onStarted={onStarted} onNoKey={() => undefined} picked={picked} />);
    await waitFor(async () => expect(((await screen.findByLabelText('Domains')) as HTMLTextAreaElement).value).toBe('fresh.com\nstale.com'));
    await user.click(await screen.findByRole('button', { name: 'Get transfer codes for 2 domains' }));
    const panel = await review();
    expect(reads()).toEqual(['stale.com']);
    // the fresh facts say locked; the new read of stale.com says ready
    expect(panel.querySelector('.to-unlock .domain-cell')!.textContent).toBe('fresh.com');
    // and they give no registration date: that is said with it, before its lock comes off
    expect(panel.querySelector('.to-unlock')!.textContent).toBe('fresh.com: Registration date: Alibaba Cloud did not report this.');
    await user.click(within(panel).getByRole('button', { name: 'Turn off 1 transfer lock and get codes' }));
    await waitFor(() => expect(onStarted).toHaveBeenCalledOnce());
    expect(requests()).toEqual([['requestBatch', { texts: ['fresh.com', 'stale.com'], unlock: { domains: ['fresh.com'] } }]]);
  });
});

describe('batch page: copy for the new registrar', () => {
  async function seedDone() {
    const jobs = [
      job({ id: 'a', domain: 'a.com', state: 'done', code: 'A,1', batchId: 'b1', finishedAt: 1 }),
      job({ id: 'b', domain: 'b.com', state: 'done', code: 'B 2', batchId: 'b1', finishedAt: 1 }),
      job({ id: 'w', domain: 'w.com', state: 'waiting', batchId: 'b1' }),
      job({ id: 'c', domain: '中文域名.中国', state: 'done', code: 'C,3', batchId: 'b1', finishedAt: 1 }),
    ];
    await seedJobs(jobs);
    await seedBatches([{ id: 'b1', createdAt: 1, jobIds: ['a', 'b', 'w', 'c'], notified: false }]);
    history.replaceState(null, '', '/batch.html#batch=b1');
  }

  it('copies domain<TAB>code lines in the batch order by default', async () => {
    await seedDone();
    const user = userEvent.setup();
    renderPage(<App />);
    const write = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue(undefined);
    await user.click(await screen.findByRole('button', { name: 'Copy for the new registrar' }));
    await waitFor(() => expect(write).toHaveBeenCalledWith('a.com\tA,1\nb.com\tB 2\n中文域名.中国\tC,3'));
    expect(await screen.findByText('Lines copied: 3.')).toBeTruthy();
    // The worker gets the copied text's hash (to clear the clipboard 60 s later), never the codes.
    const hash = await sha256Hex('a.com\tA,1\nb.com\tB 2\n中文域名.中国\tC,3');
    expect(sentActions(send).filter(([type]) => type === 'clipboardCopiedText')).toEqual([['clipboardCopiedText', { sha256: hash }]]);
  });

  it('with Comma, names the codes that contain one and leaves them out', async () => {
    await seedDone();
    const user = userEvent.setup();
    renderPage(<App />);
    const write = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue(undefined);
    await user.selectOptions(await screen.findByRole('combobox', { name: 'Separator' }), 'Comma');
    await user.click(screen.getByRole('button', { name: 'Copy for the new registrar' }));
    expect((await screen.findByRole('alert')).textContent).toBe('2 codes contain a comma: a.com, 中文域名.中国 — choose another separator. They were left out.');
    expect(write).toHaveBeenCalledWith('b.com,B 2');
    expect(screen.getByText('Lines copied: 1.')).toBeTruthy();
    // What was copied is what is cleared: the one line, not the codes left out.
    expect(sentActions(send).filter(([type]) => type === 'clipboardCopiedText')).toEqual([['clipboardCopiedText', { sha256: await sha256Hex('b.com,B 2') }]]);
  });
});

describe('batch page: where Alibaba Cloud also sent the code', () => {
  it('a quiet line under a done row; one hint for a profile without the permission', async () => {
    const sentAt = new Date(2026, 11, 2, 17, 3).getTime();
    await seedJobs([
      job({ id: 'a', domain: 'a.com', state: 'done', code: 'A1', batchId: 'b1', finishedAt: 1, transferOut: { maskedEmail: 'o•••@example.com', sentAt, expiresAt: new Date(2026, 11, 17).getTime() } }),
      job({ id: 'b', domain: 'b.com', state: 'done', code: 'B1', batchId: 'b1', finishedAt: 1 }),
      job({ id: 'c', domain: 'c.com', state: 'done', code: 'C1', batchId: 'b1', finishedAt: 1 }),
    ]);
    await seedBatches([{ id: 'b1', createdAt: 1, jobIds: ['a', 'b', 'c'], notified: false }]);
    await transferOutDeniedItem.setValue({ p1: Date.now() });
    history.replaceState(null, '', '/batch.html#batch=b1');
    renderPage(<App />);
    const table = await screen.findByRole('table', { name: 'Results' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows[0]!.querySelector('.transfer-out')!.textContent).toBe('Also emailed to o•••@example.com on 2 Dec 2026, 17:03 · code valid until 17 Dec 2026');
    expect(rows[1]!.querySelector('.transfer-out')).toBeNull();
    await waitFor(() => expect(screen.getAllByText(/^Where Alibaba emailed each code is not shown/)).toHaveLength(1));
  });

  it('no hint without a denied profile', async () => {
    await seedJobs([job({ id: 'b', domain: 'b.com', state: 'done', code: 'B1', batchId: 'b1', finishedAt: 1 })]);
    await seedBatches([{ id: 'b1', createdAt: 1, jobIds: ['b'], notified: false }]);
    history.replaceState(null, '', '/batch.html#batch=b1');
    renderPage(<App />);
    await screen.findByRole('table', { name: 'Results' });
    expect(screen.queryByText(/^Where Alibaba emailed each code is not shown/)).toBeNull();
  });
});
