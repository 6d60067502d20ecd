// "Leave no trace": the clipboard cleared 60 s after a copy if it still holds the code (only the
// code's hash kept, in storage.session; an alarm so that a stopped worker still does it; never
// blindly without clipboardRead), and the notifications of removed jobs cleared with them. Driven
// through the real background entry point over WXT's fake browser; the offscreen document's DOM
// clipboard is an in-memory one.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { CLIPBOARD_ALARM, onClipboardAlarm } from '../../entrypoints/background/clipboard-clear';
import { clearNotifications } from '../../entrypoints/background/notifications';
import { clearIfHolds, clipboardDom, type ClipboardOps } from '../../entrypoints/offscreen/clipboard';
import { sha256Hex } from '../../lib/digest';
import { newJob } from '../../lib/jobs/transitions';
import type { Job } from '../../lib/jobs/types';
import { isOffscreenMessage } from '../../lib/protocol/offscreen';
import { clipboardWatchItem, settingsItem } from '../../lib/storage';
import { stubMissingApis } from './helpers/browser-stubs';
import { seedJobs } from './helpers/job-storage';
import { send, startWorker, stopWorker } from './helpers/worker';

const CODE = 'Tr4nsf3r+Code/=9';
const done = (id: string, code = CODE): Job => ({
  ...newJob({ id, domain: `${id}.example.com`, site: 'cn', profileId: 'p1' }, 0),
  state: 'done',
  code,
  finishedAt: Date.now(),
  notified: true,
});

/** An in-memory clipboard behind the offscreen document's DOM operations; `readable` is clipboardRead. */
function memoryClipboard(initial = '', readable = true) {
  const board = { text: initial, readable, reads: 0 };
  const ops: ClipboardOps = {
    read: () => {
      board.reads++;
      return board.readable ? board.text : undefined;
    },
    clear: () => {
      board.text = '';
      return true;
    },
    copy: (text) => {
      board.text = text;
      return true;
    },
  };
  return { board, ops };
}

describe('the offscreen document’s clear-if', () => {
  it.each([
    // [clipboard holds, readable, outcome, clipboard after]
    [CODE, true, 'cleared', ''],
    ['something the user copied since', true, 'kept', 'something the user copied since'],
    ['', true, 'kept', ''],
    [CODE, false, 'unreadable', CODE], // never cleared blindly
  ] as const)('clipboard %j (readable: %s): %s', async (holds, readable, outcome, after) => {
    const { board, ops } = memoryClipboard(holds, readable);
    expect(await clearIfHolds(await sha256Hex(CODE), ops)).toBe(outcome);
    expect(board.text).toBe(after);
  });

  it('where the empty copy does not take, a space replaces the code', async () => {
    const { board, ops } = memoryClipboard(CODE);
    expect(await clearIfHolds(await sha256Hex(CODE), { ...ops, clear: () => false })).toBe('cleared');
    expect(board.text).toBe(' ');
  });

  it.each([
    [{ target: 'offscreen', type: 'copy', text: 'x' }, true],
    [{ target: 'offscreen', type: 'clear-if', sha256: 'a'.repeat(64) }, true],
    [{ target: 'offscreen', type: 'clear-if', sha256: 'A'.repeat(64) }, false],
    [{ target: 'offscreen', type: 'clear-if', sha256: 'a'.repeat(63) }, false],
    [{ target: 'offscreen', type: 'clear-if', text: CODE }, false],
    [{ target: 'offscreen', type: 'paste' }, false],
    [{ type: 'copy', text: 'x' }, false],
    [null, false],
  ])('%j is an offscreen message: %s', (message, valid) => {
    expect(isOffscreenMessage(message)).toBe(valid);
  });

  it('a SHA-256 is the known hex', async () => {
    expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('the clipboard cleared 60 s after a copy', () => {
  let clipboard: ReturnType<typeof memoryClipboard>;
  let granted: boolean;

  beforeEach(async () => {
    fakeBrowser.reset();
    stubMissingApis();
    granted = true;
    Object.assign(fakeBrowser.permissions, {
      contains: async (p: { permissions?: string[] }) => granted && (p.permissions ?? []).every((n) => n === 'clipboardRead'),
    });
    clipboard = memoryClipboard();
    vi.spyOn(clipboardDom, 'read').mockImplementation(clipboard.ops.read);
    vi.spyOn(clipboardDom, 'clear').mockImplementation(clipboard.ops.clear);
    vi.spyOn(clipboardDom, 'copy').mockImplementation(clipboard.ops.copy);
    await seedJobs([done('j1'), done('j2', 'OTHER-code-2')]);
    startWorker();
  });
  afterEach(() => {
    stopWorker();
    vi.restoreAllMocks();
  });

  const session = async () => JSON.stringify(await fakeBrowser.storage.session.get(null));

  it('the worker’s copy keeps only the code’s hash, in storage.session, and sets a one-minute alarm', async () => {
    expect(await send('copyCode', { id: 'j1' })).toEqual({ ok: true });
    expect(clipboard.board.text).toBe(CODE);
    expect(await clipboardWatchItem.getValue()).toMatchObject({ sha256: await sha256Hex(CODE) });
    expect(await session()).not.toContain(CODE);
    expect(JSON.stringify(await fakeBrowser.storage.local.get(null))).not.toContain(await sha256Hex(CODE));
    const alarm = await fakeBrowser.alarms.get(CLIPBOARD_ALARM);
    expect(alarm?.scheduledTime).toBeGreaterThanOrEqual(Date.now() + 59_000);
    expect(alarm?.periodInMinutes).toBeUndefined();
  });

  it('clears the clipboard when it still holds the code, then forgets the hash', async () => {
    await send('copyCode', { id: 'j1' });
    expect(await onClipboardAlarm()).toBe('cleared');
    expect(clipboard.board.text).toBe('');
    expect(await clipboardWatchItem.getValue()).toEqual({});
    expect(await onClipboardAlarm()).toBe('none'); // nothing left to clear
  });

  it('leaves what the user copied since alone', async () => {
    await send('copyCode', { id: 'j1' });
    clipboard.board.text = 'a shopping list';
    expect(await onClipboardAlarm()).toBe('kept');
    expect(clipboard.board.text).toBe('a shopping list');
  });

  it('a stopped worker is woken by the alarm and still clears it', async () => {
    await send('copyCode', { id: 'j1' });
    stopWorker();
    startWorker();
    const alarm = await fakeBrowser.alarms.get(CLIPBOARD_ALARM); // alarms outlive the worker...
    await fakeBrowser.alarms.onAlarm.trigger(alarm!); // ...and wake the next one
    await vi.waitFor(() => expect(clipboard.board.text).toBe(''));
  });

  it('a page’s own copy is named by its job id, and the worker keeps that code’s hash', async () => {
    expect(await send('clipboardCopied', { id: 'j2' })).toEqual({ ok: true });
    expect(await clipboardWatchItem.getValue()).toMatchObject({ sha256: await sha256Hex('OTHER-code-2') });
    expect(await fakeBrowser.alarms.get(CLIPBOARD_ALARM)).toBeDefined();
    clipboard.board.text = 'OTHER-code-2';
    expect(await onClipboardAlarm()).toBe('cleared');
    expect(clipboard.board.text).toBe('');
  });

  it.each([
    ['an unknown job', { id: 'nope' }, { ok: true }],
    ['no id', {}, { ok: false, error: 'invalid' }],
    ['a code instead of an id', { code: CODE }, { ok: false, error: 'invalid' }],
  ])('clipboardCopied for %s notes nothing', async (_name, data, answer) => {
    expect(await send('clipboardCopied', data)).toEqual(answer);
    expect(await clipboardWatchItem.getValue()).toEqual({});
    expect(await fakeBrowser.alarms.get(CLIPBOARD_ALARM)).toBeUndefined();
  });

  it('a page’s copy of several codes is named by the text’s hash; the clipboard is cleared if it still holds that text', async () => {
    const text = `a.com\t${CODE}\nb.com\tOTHER-code-2`;
    expect(await send('clipboardCopiedText', { sha256: await sha256Hex(text) })).toEqual({ ok: true });
    expect(await clipboardWatchItem.getValue()).toMatchObject({ sha256: await sha256Hex(text) });
    expect(await fakeBrowser.alarms.get(CLIPBOARD_ALARM)).toBeDefined();
    clipboard.board.text = text;
    expect(await onClipboardAlarm()).toBe('cleared');
    expect(clipboard.board.text).toBe('');
  });

  it('a copy of several codes is not cleared once the user copied something else', async () => {
    await send('clipboardCopiedText', { sha256: await sha256Hex(`a.com\t${CODE}`) });
    clipboard.board.text = 'a shopping list';
    expect(await onClipboardAlarm()).toBe('kept');
    expect(clipboard.board.text).toBe('a shopping list');
  });

  it('with clearing off, a copy of several codes notes nothing', async () => {
    await settingsItem.setValue({ ...(await settingsItem.getValue()), clearClipboard: false });
    expect(await send('clipboardCopiedText', { sha256: await sha256Hex('x') })).toEqual({ ok: true });
    expect(await clipboardWatchItem.getValue()).toEqual({});
    expect(await fakeBrowser.alarms.get(CLIPBOARD_ALARM)).toBeUndefined();
  });

  it.each([
    ['the text itself', { text: `a.com\t${CODE}` }],
    ['a text in place of the hash', { sha256: `a.com\t${CODE}` }],
    ['upper-case hex', { sha256: 'A'.repeat(64) }],
    ['a short hash', { sha256: 'a'.repeat(63) }],
    ['a long hash', { sha256: 'a'.repeat(65) }],
    ['no hash', {}],
  ])('clipboardCopiedText with %s is refused', async (_name, data) => {
    expect(await send('clipboardCopiedText', data)).toEqual({ ok: false, error: 'invalid' });
    expect(await clipboardWatchItem.getValue()).toEqual({});
  });

  it('refuses clipboardCopiedText from a web page', async () => {
    expect(await send('clipboardCopiedText', { sha256: 'a'.repeat(64) }, { id: 'other', url: 'https://evil.example/' })).toEqual({ ok: false, error: 'forbidden' });
    expect(await clipboardWatchItem.getValue()).toEqual({});
  });

  it('refuses clipboardCopied from a web page', async () => {
    expect(await send('clipboardCopied', { id: 'j1' }, { id: 'other', url: 'https://evil.example/' })).toEqual({ ok: false, error: 'forbidden' });
    expect(await clipboardWatchItem.getValue()).toEqual({});
  });

  it('without clipboardRead: nothing is read or cleared, and the skip is noted for the pages', async () => {
    granted = false;
    await send('copyCode', { id: 'j1' });
    const reads = clipboard.board.reads;
    expect(await onClipboardAlarm()).toBe('no-permission');
    expect(clipboard.board.text).toBe(CODE);
    expect(clipboard.board.reads).toBe(reads);
    expect(await clipboardWatchItem.getValue()).toEqual({ skippedAt: expect.any(Number) });
    // granted later: the next copy is cleared again, and the note goes
    granted = true;
    await send('copyCode', { id: 'j1' });
    expect(await onClipboardAlarm()).toBe('cleared');
    expect(await clipboardWatchItem.getValue()).toEqual({});
  });

  it('with the setting off: no hash, no alarm; turned off after a copy: nothing is cleared', async () => {
    await settingsItem.setValue({ language: 'en', clearClipboard: false });
    await send('copyCode', { id: 'j1' });
    expect(await clipboardWatchItem.getValue()).toEqual({});
    expect(await fakeBrowser.alarms.get(CLIPBOARD_ALARM)).toBeUndefined();

    await settingsItem.setValue({ language: 'en' });
    await send('copyCode', { id: 'j1' });
    await settingsItem.setValue({ language: 'en', clearClipboard: false });
    expect(await onClipboardAlarm()).toBe('off');
    expect(clipboard.board.text).toBe(CODE);
    expect(await clipboardWatchItem.getValue()).toEqual({});
  });
});

describe('removed jobs take their notifications with them', () => {
  beforeEach(() => {
    vi.restoreAllMocks();
    fakeBrowser.reset();
  });

  const show = (id: string) => fakeBrowser.notifications.create(id, { type: 'basic', iconUrl: 'x', title: id, message: 'm' });
  const shown = async () => Object.keys(await fakeBrowser.notifications.getAll()).sort();

  it.each([
    // [on screen, cleared ids, left on screen]
    [['j1', 'j2', 'batch-b1', 'vault-locked'], ['j1', 'batch-b1'], ['j2', 'vault-locked']],
    [['j1'], ['j1', 'j2', 'j3'], []],
    [['j1'], [], ['j1']],
    [[], ['j1'], []],
  ])('on screen %j, clearing %j leaves %j', async (onScreen, ids, left) => {
    for (const id of onScreen) await show(id);
    const clear = vi.spyOn(fakeBrowser.notifications, 'clear');
    await clearNotifications(ids);
    expect(await shown()).toEqual(left);
    // only the ones on screen are cleared: one call each
    expect(clear).toHaveBeenCalledTimes(onScreen.filter((id) => ids.includes(id)).length);
  });

  it('dismissing a job clears its notification; clearing the history clears those of every removed job and batch', async () => {
    stubMissingApis();
    await seedJobs([done('j1'), done('j2'), { ...done('j3'), batchId: 'b1' }], [{ id: 'b1', createdAt: 0, jobIds: ['j3'], finishedAt: 1, notified: true }]);
    startWorker();
    for (const id of ['j1', 'j2', 'batch-b1', 'unrelated']) await show(id);
    expect(await send('dismissJob', { id: 'j1' })).toEqual({ ok: true });
    expect(await shown()).toEqual(['batch-b1', 'j2', 'unrelated']);
    expect(await send('clearHistory', undefined)).toMatchObject({ ok: true });
    expect(await shown()).toEqual(['unrelated']);
    stopWorker();
  });
});
