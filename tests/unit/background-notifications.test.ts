// A finished job's notification (entrypoints/background/notifications.ts) and what a click on it
// does (notification-clicks.ts), with codes shown and with "Hide codes in notifications" on.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createWorkerEngine } from '../../entrypoints/background/engine';
import { onNotificationClicked } from '../../entrypoints/background/notification-clicks';
import { notificationOptions, showJobNotification } from '../../entrypoints/background/notifications';
import { newJob } from '../../lib/jobs/transitions';
import type { Job } from '../../lib/jobs/types';
import { settingsItem } from '../../lib/storage';
import { seedJobs } from './helpers/job-storage';

const copied = vi.hoisted(() => [] as string[]);
vi.mock('../../entrypoints/background/clipboard', () => ({ copyText: async (text: string) => void copied.push(text) }));

const CODE = '=HYPERLINK("x")<b>&amp;';
const done: Job = { ...newJob({ id: 'j1', domain: 'example.com', site: 'cn', profileId: 'p' }, 0), state: 'done', code: CODE, finishedAt: Date.now(), notified: false };

beforeEach(() => {
  vi.restoreAllMocks();
  fakeBrowser.reset();
  copied.length = 0;
});

describe('a finished job’s notification', () => {
  it.each([
    // [hide codes, language, message]
    [false, 'en', CODE],
    [true, 'en', 'Code ready: click to copy it.'],
    [true, 'zh', '转移密码已就绪，点击即可复制。'],
  ] as const)('hide codes %s (%s): the message is %j', (hide, lang, message) => {
    const options = notificationOptions(done, lang, hide);
    expect(options.message).toBe(message);
    if (hide) expect(JSON.stringify(options)).not.toContain('HYPERLINK');
  });

  it.each([
    // [hide codes, language, code given, message, a Copy button]
    [false, 'en', 'OPENED-CODE', 'OPENED-CODE', true], // a sealed code, opened by the engine
    [true, 'en', 'OPENED-CODE', 'Code ready: click to copy it.', true],
    [false, 'en', 'locked', 'Code ready: unlock the extension to see it.', false],
    [true, 'en', 'locked', 'Code ready: unlock the extension to see it.', false],
    [false, 'zh', 'locked', '转移密码已就绪，解锁扩展后即可查看。', false],
  ] as const)('hide codes %s (%s), code %j: the message is %j (Copy button: %s)', (hide, lang, code, message, button) => {
    const sealed: Job = { ...done, code: undefined, sealedCode: { iv: 'aXY=', data: 'ZGF0YQ==' } };
    const options = notificationOptions(sealed, lang, hide, code);
    expect(options.message).toBe(message);
    expect('buttons' in options).toBe(button);
  });

  it('follows the setting when it is shown', async () => {
    await settingsItem.setValue({ language: 'en', hideCodesInNotifications: true });
    await showJobNotification(done, 'en');
    expect(fakeBrowser.notifications.getAllCreateOptions().j1).toMatchObject({ message: 'Code ready: click to copy it.', title: 'Transfer code for example.com' });
  });
});

describe('a click on it', () => {
  beforeEach(async () => {
    await seedJobs([done]);
  });

  it('opens the job when codes are shown', async () => {
    const create = vi.spyOn(fakeBrowser.tabs, 'create');
    await onNotificationClicked(createWorkerEngine(), 'j1');
    expect(create).toHaveBeenCalledWith({ url: fakeBrowser.runtime.getURL('/popup.html#job=j1') });
    expect(copied).toEqual([]);
  });

  it('opens the job, and copies nothing, when the code is past its retention time', async () => {
    await seedJobs([{ ...done, finishedAt: Date.now() - 31 * 24 * 60 * 60_000 }]);
    await settingsItem.setValue({ language: 'en', hideCodesInNotifications: true });
    const create = vi.spyOn(fakeBrowser.tabs, 'create');
    await onNotificationClicked(createWorkerEngine(), 'j1');
    expect(copied).toEqual([]);
    expect(create).toHaveBeenCalledWith({ url: fakeBrowser.runtime.getURL('/popup.html#job=j1') });
  });

  it('copies the code, and opens nothing, when codes are hidden', async () => {
    await settingsItem.setValue({ language: 'en', hideCodesInNotifications: true });
    const create = vi.spyOn(fakeBrowser.tabs, 'create');
    await onNotificationClicked(createWorkerEngine(), 'j1');
    expect(copied).toEqual([CODE]);
    expect(create).not.toHaveBeenCalled();
  });
});
