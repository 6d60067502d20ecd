// One term per concept in the Chinese tables (docs/GLOSSARY.md): a banned synonym fails the test.
import { beforeAll, describe, expect, it } from 'vitest';
import type { CheckId, CheckReason, ReadinessCheck, Verdict } from '../../lib/domain/readiness';
import { loadMessages } from '../../lib/i18n';
import '../../lib/i18n/pages'; // the readiness sentences are pages words
import { readinessSummary, readinessText, readinessTitle } from '../../lib/i18n/readiness-words';
import { workerZh } from '../../lib/i18n/worker-zh';
import { zh } from '../../lib/i18n/popup-zh';
import { zhPages } from '../../lib/i18n/pages-zh';
import { transferOutZh } from '../../lib/i18n/transfer-out-words';

/** Banned spellings, each with the term to use (docs/GLOSSARY.md). */
export const BANNED: Array<[RegExp, string]> = [
  [/转移码|转移授权码|(?<!转移)授权码/, '转移密码'],
  [/(?<!转移)密码/, '口令 (the passphrase) or 转移密码'],
  [/RAM\s*策略|(?<!RAM )权限策略/, 'RAM 权限策略'],
  [/(?<!（)主账号|主帐号|帐号|(?<!阿里云|（主)账号/, '阿里云账号（主账号）'],
  [/令牌/, 'STS Token'],
  [/aliyun CLI/, '阿里云 CLI'],
  [/浏览器配置文件/, '浏览器个人资料'],
  [/注册日期|到期日|过期时间/, '注册时间 / 到期时间'],
  [/密钥/, 'AccessKey'],
];

export function bannedIn(text: string): string[] {
  return BANNED.filter(([pattern]) => pattern.test(text)).map(([pattern, use]) => `${pattern.source} -> ${use}`);
}

const REASONS: CheckReason[] = ['locked', 'unlocked', 'too-new', 'old-enough', 'expired', 'expiring', 'valid', 'normal', 'renewal-required', 'redemption', 'pending-delete', 'hold', 'transfer-prohibited', 'recently-transferred', 'other', 'none', 'verifying', 'code-obtained', 'pending', 'completed', 'failed', 'no-data'];

function readinessSentences(): string[] {
  const checks: ReadinessCheck[] = REASONS.flatMap((reason) => [
    { id: 'lock', verdict: 'ok', reason },
    { id: 'lock', verdict: 'ok', reason, date: 0, days: 3, detail: 'x' },
  ]);
  const ids: CheckId[] = ['lock', 'age', 'expiry', 'status', 'transfer-out'];
  const verdicts: Verdict[] = ['ok', 'warning', 'blocker', 'unknown'];
  return [...checks.map((c) => readinessText(c, 'zh')), ...ids.map((id) => readinessTitle(id, 'zh')), ...verdicts.map((v) => readinessSummary(v, 'zh'))];
}

describe('the Chinese glossary', () => {
  beforeAll(() => loadMessages('zh'));

  it.each([
    ['转移码已就绪', ['转移密码']],
    ['转移授权码', ['转移密码']],
    ['转移密码已就绪', []],
    ['请输入密码', ['口令 (the passphrase) or 转移密码']],
    ['请输入口令', []],
    ['RAM 策略', ['RAM 权限策略']],
    ['RAM 权限策略', []],
    ['复制权限策略', ['RAM 权限策略']],
    ['其账号属于国际站', ['阿里云账号（主账号）']],
    ['阿里云账号中', []],
    ['主账号的 AccessKey', ['阿里云账号（主账号）']],
    ['阿里云账号（主账号）的 AccessKey', []],
    ['STS 令牌', ['STS Token']],
  ])('%s', (text, uses) => {
    expect(bannedIn(text).map((b) => b.split(' -> ')[1])).toEqual(uses);
  });

  it.each([
    ['popup words (popup-zh.ts)', Object.values(zh)],
    ['pages words (pages-zh.ts)', Object.values(zhPages)],
    ['worker words (worker-zh.ts)', Object.values(workerZh)],
    ['readiness sentences', readinessSentences()],
    // few words of their own: with the popup's, so the count is above the floor
    ['transfer-out words (transfer-out-words.ts)', [...Object.values(transferOutZh), ...Object.values(zh)]],
  ])('%s use no banned synonym', (_name, texts) => {
    expect(texts.length).toBeGreaterThan(10);
    expect(texts.flatMap((text) => bannedIn(text).map((b) => `${text}: ${b}`))).toEqual([]);
  });
});
