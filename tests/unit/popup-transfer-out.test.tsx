// @vitest-environment happy-dom
// The popup's job item: where Alibaba Cloud also sent a code (Job.transferOut), quietly, in the
// page's language; one hint below the list when the AccessKey may not read it.
import { cleanup, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { App } from '../../entrypoints/popup/App';
import { profilesItem } from '../../lib/credentials/profiles';
import { sendMessage } from '../../lib/protocol/index';
import { settingsItem, transferOutDeniedItem } from '../../lib/storage';
import { seedJobs } from './helpers/job-storage';
import { FakeBackground, job, renderPage } from './helpers/render';

vi.mock('../../lib/protocol/index', () => ({ sendMessage: vi.fn() }));
const send = vi.mocked(sendMessage);

const PROFILE = { id: 'p1', name: 'default', site: 'cn' as const, accessKeyId: 'LTAI-id', accessKeySecret: 'shh' };
const NOTE = { maskedEmail: 'o•••@example.com', sentAt: new Date(2026, 11, 2, 17, 3).getTime(), expiresAt: new Date(2026, 11, 17).getTime() };
const HINT = /^Where Alibaba emailed each code is not shown/;

beforeEach(async () => {
  fakeBrowser.reset();
  localStorage.clear();
  send.mockReset();
  const background = new FakeBackground();
  send.mockImplementation(background.handle as never);
  vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValue([{ url: undefined } as Browser.tabs.Tab] as never);
  await profilesItem.setValue({ activeId: 'p1', profiles: [PROFILE] });
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('popup: transfer-out facts with the job', () => {
  it('shows the line under a done job, only what is known; one hint below the list for a denied profile', async () => {
    await seedJobs([
      job({ id: 'a', domain: 'a.com', state: 'done', code: 'A1', finishedAt: 2, createdAt: 2, transferOut: NOTE }),
      job({ id: 'b', domain: 'b.com', state: 'done', code: 'B1', finishedAt: 1, createdAt: 1, transferOut: { expiresAt: NOTE.expiresAt } }),
      job({ id: 'c', domain: 'c.com', state: 'done', code: 'C1', finishedAt: 0, createdAt: 0 }),
    ]);
    await transferOutDeniedItem.setValue({ p1: Date.now() });
    renderPage(<App />);
    await screen.findByText('a.com');
    const lines = () => [...document.querySelectorAll('.job .transfer-out')].map((p) => p.textContent);
    await waitFor(() => expect(lines()).toEqual(['Also emailed to o•••@example.com on 2 Dec 2026, 17:03 · code valid until 17 Dec 2026', 'Code valid until 17 Dec 2026']));
    await waitFor(() => expect(screen.getAllByText(HINT)).toHaveLength(1));
    // below the list, not inside a job
    expect(screen.getByText(HINT).closest('.job')).toBeNull();
  });

  it('in Chinese', async () => {
    await settingsItem.setValue({ language: 'zh' });
    await seedJobs([job({ id: 'a', domain: 'a.com', state: 'done', code: 'A1', finishedAt: 2, transferOut: NOTE })]);
    renderPage(<App />);
    await waitFor(() => expect(document.querySelector('.job .transfer-out')?.textContent).toBe('已同时通过邮件发送至 o•••@example.com（2026年12月2日 17:03） · 转移密码有效期至 2026年12月17日'));
    expect(screen.queryByText(HINT)).toBeNull();
  });

  it('no hint while only another profile is denied', async () => {
    await seedJobs([job({ id: 'a', domain: 'a.com', state: 'done', code: 'A1', finishedAt: 2 })]);
    await transferOutDeniedItem.setValue({ other: Date.now() });
    renderPage(<App />);
    await screen.findByText('a.com');
    expect(screen.queryByText(HINT)).toBeNull();
    expect(document.querySelector('.transfer-out')).toBeNull();
  });
});
