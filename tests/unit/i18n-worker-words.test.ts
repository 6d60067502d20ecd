// The worker's words (lib/i18n/worker-*.ts, worker-words.ts): both languages have every key, the
// manifest strings in public/_locales are the tables' own, and reasons are put together the way
// each language writes them.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TASK_NO_CODE, TASK_NO_REASON } from '../../lib/domain/api';
import { workerEn } from '../../lib/i18n/worker-en';
import type { Cause } from '../../lib/aliyun/errors';
import type { NameRefusal } from '../../lib/domain/name';
import { batchNoticeText, causeMessage, describeError, failureText, refusalMessage, withCode, workerT } from '../../lib/i18n/worker-words';
import { workerZh } from '../../lib/i18n/worker-zh';

const locales = (dir: string) =>
  JSON.parse(readFileSync(path.join(__dirname, '../../public/_locales', dir, 'messages.json'), 'utf8')) as Record<string, { message: string }>;

describe('worker words', () => {
  it('have the same keys in both languages, none empty but the English-only plural words', () => {
    expect(Object.keys(workerZh).sort()).toEqual(Object.keys(workerEn).sort());
    const empty = Object.entries(workerZh).filter(([, text]) => text === '').map(([key]) => key);
    expect(empty.sort()).toEqual(['codeMany', 'codeOne']);
  });

  it('the Chinese sentences have the same {placeholders} as the English ones, but for the English plural word', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const differ = Object.entries(workerEn)
      .filter(([key, text]) => placeholders(text).join() !== placeholders(workerZh[key as keyof typeof workerZh]).join())
      .map(([key]) => key);
    // Chinese has no plural: "{done} 个转移密码" needs no {codes}.
    expect(differ).toEqual(['batchDoneMessage']);
  });

  it.each([
    ['en', locales('en'), workerEn],
    ['zh', locales('zh_CN'), workerZh],
  ])('public/_locales (%s) holds the tables’ manifest and menu strings', (_lang, messages, table) => {
    expect(Object.keys(messages).sort()).toEqual(['commandOpenPopup', 'extDescription', 'extName', 'menuLink', 'menuSelection']);
    for (const [key, { message }] of Object.entries(messages)) expect(message).toBe(table[key as keyof typeof table]);
  });

  it.each([
    ['en', 'The AccessKey secret is wrong: check it on the options page.', 'X', 'The AccessKey secret is wrong: check it on the options page. (X)'],
    ['zh', 'AccessKey Secret 不正确，请在设置页检查。', 'X', 'AccessKey Secret 不正确，请在设置页检查（X）。'],
    ['zh', '没有句号', 'X', '没有句号（X）'],
  ] as const)('withCode(%s, %j)', (lang, sentence, code, expected) => {
    expect(withCode(sentence, code, lang)).toBe(expected);
  });

  it.each([
    [{ cause: 'permission', apiCode: 'Forbidden.RAM', detail: 'noise' }, 'en', 'This AccessKey lacks permission: grant the RAM policy shown on the options page. (Forbidden.RAM)'],
    [{ cause: 'permission', apiCode: 'Forbidden.RAM' }, 'zh', '该 AccessKey 缺少权限，请授予设置页中显示的 RAM 权限策略（Forbidden.RAM）。'],
    [{ cause: 'task-failed', detail: TASK_NO_CODE }, 'en', 'Alibaba Cloud could not produce the transfer code. The task succeeded but returned no transfer code.'],
    [{ cause: 'task-failed', detail: TASK_NO_REASON }, 'zh', '阿里云未能生成转移密码。任务失败，未说明原因。'],
    [{ cause: 'task-failed', detail: '域名已锁定' }, 'zh', '阿里云未能生成转移密码。域名已锁定'],
    [{ cause: 'timed-out' }, 'zh', '已超时，阿里云 24 小时内未返回转移密码。'],
  ] as const)('failureText(%j, %s)', (failure, lang, expected) => {
    expect(failureText(failure, lang)).toBe(expected);
  });

  it('no English reaches a Chinese user through a task without words of its own', () => {
    for (const detail of [TASK_NO_CODE, TASK_NO_REASON]) expect(failureText({ cause: 'task-failed', detail }, 'zh')).not.toMatch(/[A-Za-z]/);
  });

  it('says nothing of retrying: the sentences are used where nothing retries', () => {
    for (const code of ['Throttling.User', 'TaskIsBeingProcessed', 'InternalError']) {
      expect(describeError(code, 'en')).not.toMatch(/trying again|retr/i);
      expect(describeError(code, 'zh')).not.toMatch(/自动重试/);
    }
  });

  it.each([
    ['throttled', 'Throttling.User', 'en', 'Alibaba Cloud kept limiting the request rate through several automatic retries; try again in a few minutes. (Throttling.User)'],
    ['throttled', 'Throttling.User', 'zh', '阿里云限制了请求频率，已自动重试多次仍未成功，请几分钟后再试（Throttling.User）。'],
    ['busy', 'TaskIsBeingProcessed', 'en', 'Another operation on this domain was still in progress after several automatic retries; try again when it has finished. (TaskIsBeingProcessed)'],
    ['busy', 'TaskIsBeingProcessed', 'zh', '该域名正在处理其他操作，已自动重试多次仍未成功，请待其完成后再试（TaskIsBeingProcessed）。'],
    ['server', 'InternalError', 'en', 'Alibaba Cloud kept having a temporary server error through several automatic retries; try again in a few minutes. (InternalError)'],
    ['server', 'InternalError', 'zh', '阿里云服务暂时出错，已自动重试多次仍未成功，请几分钟后再试（InternalError）。'],
  ] as const)('a job that failed with %s (%s) says it was retried automatically (%s)', (cause, apiCode, lang, expected) => {
    expect(failureText({ cause, apiCode }, lang)).toBe(expected);
    // the same code where nothing retries: no retry mentioned
    expect(describeError(apiCode, lang)).not.toMatch(/retr|自动重试/i);
  });

  it('names no automatic retry for a cause the engine does not retry', () => {
    for (const cause of ['secret', 'permission', 'domain', 'unknown', 'task-failed', 'timed-out', 'no-credentials'] as const) {
      expect(failureText({ cause }, 'en')).not.toMatch(/automatic retr/);
      expect(failureText({ cause }, 'zh')).not.toMatch(/自动重试/);
    }
  });

  it.each([
    [{ total: 1, done: 1, failed: 0 }, 'en', 'Batch finished: 1 domain', '1 code ready, 0 failed.'],
    [{ total: 3, done: 2, failed: 1 }, 'en', 'Batch finished: 3 domains', '2 codes ready, 1 failed.'],
    [{ total: 3, done: 2, failed: 1 }, 'zh', '批量任务完成：3 个域名', '2 个转移密码已就绪，1 个失败。'],
  ] as const)('batch notice %j (%s)', (summary, lang, title, message) => {
    expect(batchNoticeText(summary, lang)).toEqual({ title, message });
  });

  it('fills parameters as text', () => {
    expect(workerT('en', 'notifyDoneTitle', { domain: '<b>x</b>.com' })).toBe('Transfer code for <b>x</b>.com');
  });
});

describe('causeMessage and describeError', () => {
  const causes: Record<Cause, true> = {
    throttled: true, busy: true, server: true, network: true, timeout: true, clock: true, nonce: true,
    secret: true, 'key-not-found': true, 'key-inactive': true, 'sts-token': true, permission: true,
    parameter: true, domain: true, unknown: true,
  };

  it.each(Object.keys(causes) as Cause[])('%s has distinct English and Chinese sentences', (cause) => {
    const en = causeMessage(cause, 'en');
    const zh = causeMessage(cause, 'zh');
    expect(en.length).toBeGreaterThan(10);
    expect(zh).toMatch(/[\u4e00-\u9fff]/);
    expect(en).not.toBe(zh);
  });

  it('every cause has its own English sentence', () => {
    const all = (Object.keys(causes) as Cause[]).map((c) => causeMessage(c, 'en'));
    expect(new Set(all).size).toBe(all.length);
  });

  it.each([
    ['SignatureDoesNotMatch', 'en', 'The AccessKey secret is wrong: check it on the options page. (SignatureDoesNotMatch)'],
    ['SignatureDoesNotMatch', 'zh', 'AccessKey Secret 不正确，请在设置页检查（SignatureDoesNotMatch）。'],
    ['Forbidden.RAM', 'en', 'This AccessKey lacks permission: grant the RAM policy shown on the options page. (Forbidden.RAM)'],
  ] as const)('describeError(%s, %s) names the cause and keeps the code', (code, lang, text) => {
    expect(describeError(code, lang)).toBe(text);
  });
});

describe('refusalMessage', () => {
  const ALL: Record<NameRefusal, true> = {
    'empty': true,
    'too-long-input': true,
    'not-a-web-address': true,
    'ip-address': true,
    'single-label': true,
    'public-suffix': true,
    'unknown-suffix': true,
    'label-too-long': true,
    'name-too-long': true,
    'illegal-characters': true,
    'wildcard': true,
    'empty-label': true,
  };
  const reasons = Object.keys(ALL) as NameRefusal[];

  it.each(reasons)('%s has an English and a Chinese sentence', (reason) => {
    const en = refusalMessage(reason, 'en');
    const zh = refusalMessage(reason, 'zh');
    expect(en.trim()).not.toBe('');
    expect(zh.trim()).not.toBe('');
    expect(en).not.toBe(zh);
    expect(en).toMatch(/[.!]$/);
    expect(zh).toMatch(/[\u4e00-\u9fff]/);
    expect(zh).toMatch(/。$/);
  });

  it('gives each reason its own message in each language', () => {
    for (const lang of ['en', 'zh'] as const) {
      const messages = reasons.map((reason) => refusalMessage(reason, lang));
      expect(new Set(messages).size).toBe(reasons.length);
    }
  });

  it('uses the wording agreed for IP addresses', () => {
    expect(refusalMessage('ip-address', 'en')).toBe(
      'An IP address has no transfer code: enter a domain name such as example.com.',
    );
  });
});
