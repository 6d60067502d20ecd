// @vitest-environment happy-dom
// The readiness page's lock switch with the vault on: the confirmation asks for the passphrase,
// sends it with the request, and says so when it is wrong (the worker sent nothing); with the
// vault off it asks for none.
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { App } from '../../entrypoints/readiness/App';
import { profilesItem } from '../../lib/credentials/profiles';
import { sendMessage } from '../../lib/protocol/index';
import { settingsItem } from '../../lib/storage';
import { FakeBackground, renderPage } from './helpers/render';

vi.mock('../../lib/protocol/index', () => ({ sendMessage: vi.fn() }));
const send = vi.mocked(sendMessage);
let background: FakeBackground;

const DAY = 86_400_000;
const PASSPHRASE = 'correct horse battery staple';
/** checkReadiness's answer for a domain whose transfer lock is on. */
const lockedAnswer = () => ({
  ok: true,
  checkedAt: Date.now(),
  domainAnswer: {
    DomainName: 'locked-example.com',
    RegistrationDateLong: Date.now() - 3 * 365 * DAY,
    ExpirationDateLong: Date.now() + 200 * DAY,
    TransferProhibitionLock: 'OPEN',
    DomainStatus: '3',
    TransferOutStatus: 'NORMAL',
  },
});

const lockCalls = () => send.mock.calls.filter(([type]) => type === 'setTransferLock');

beforeEach(async () => {
  fakeBrowser.reset();
  localStorage.clear();
  send.mockReset();
  background = new FakeBackground();
  // What the worker does: with the vault on, the passphrase must be the vault's.
  background.other = (type, data) => {
    if (type === 'checkReadiness') return lockedAnswer();
    if (type === 'setTransferLock') {
      const { passphrase } = data as { passphrase?: string };
      return background.status === 'off' || passphrase === PASSPHRASE ? { ok: true, taskNo: 'task-1' } : { ok: false, error: 'wrong-passphrase' };
    }
    return { ok: true };
  };
  send.mockImplementation(background.handle as never);
  await profilesItem.setValue({ activeId: 'p1', profiles: [{ id: 'p1', name: 'default', site: 'cn', accessKeyId: 'id' }] });
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

async function openConfirmation() {
  const user = userEvent.setup();
  history.replaceState(null, '', '/readiness.html?domain=locked-example.com');
  renderPage(<App />);
  await user.click(await screen.findByRole('button', { name: 'Turn transfer lock off' }));
  return { user, confirm: screen.getByRole('group', { name: 'Turn off the transfer lock of locked-example.com?' }) };
}

describe('the lock switch with the vault on', () => {
  beforeEach(async () => {
    await background.vaultOn(PASSPHRASE, {});
  });

  it('asks for the passphrase (focused first) and sends it with the request', async () => {
    const { user, confirm } = await openConfirmation();
    const field = await within(confirm).findByLabelText('Passphrase');
    expect(field.getAttribute('type')).toBe('password');
    expect(document.activeElement).toBe(field);
    await user.type(field, PASSPHRASE);
    await user.click(within(confirm).getByRole('button', { name: 'Yes, turn it off' }));
    expect(lockCalls()).toEqual([['setTransferLock', { domain: 'locked-example.com', on: false, passphrase: PASSPHRASE }]]);
    expect(await screen.findByText(/Turning the transfer lock off/, { selector: '[role="status"]' })).toBeTruthy();
  });

  it('a wrong passphrase: the confirmation stays, with the error under the field; Enter sends again', async () => {
    const { user, confirm } = await openConfirmation();
    await user.type(await within(confirm).findByLabelText('Passphrase'), 'not it');
    await user.click(within(confirm).getByRole('button', { name: 'Yes, turn it off' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Wrong passphrase: try again.');
    const again = screen.getByRole('group', { name: 'Turn off the transfer lock of locked-example.com?' });
    const field = within(again).getByLabelText('Passphrase') as HTMLInputElement;
    expect(field.value).toBe(''); // not kept in the page
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(field);
    await user.type(field, `${PASSPHRASE}{Enter}`);
    expect(lockCalls()).toHaveLength(2);
    expect(lockCalls()[1]).toEqual(['setTransferLock', { domain: 'locked-example.com', on: false, passphrase: PASSPHRASE }]);
    expect(await screen.findByText(/Turning the transfer lock off/, { selector: '[role="status"]' })).toBeTruthy();
  });
});

describe('the lock switch with the vault off', () => {
  it('asks for no passphrase and sends none', async () => {
    const { user, confirm } = await openConfirmation();
    expect(within(confirm).queryByLabelText('Passphrase')).toBeNull();
    await user.click(within(confirm).getByRole('button', { name: 'Yes, turn it off' }));
    expect(lockCalls()).toEqual([['setTransferLock', { domain: 'locked-example.com', on: false }]]);
  });
});

describe('in Chinese', () => {
  it('labels the field and says the error in Chinese', async () => {
    await settingsItem.setValue({ language: 'zh' });
    await background.vaultOn(PASSPHRASE, {});
    const user = userEvent.setup();
    history.replaceState(null, '', '/readiness.html?domain=locked-example.com');
    renderPage(<App />);
    await user.click(await screen.findByRole('button', { name: '关闭禁止转移锁' }));
    const field = await screen.findByLabelText('口令');
    expect(screen.getByText('关闭禁止转移锁前，需要再次输入口令。')).toBeTruthy();
    await user.type(field, 'x{Enter}');
    expect((await screen.findByRole('alert')).textContent).toBe('口令错误，请重试。');
  });
});
