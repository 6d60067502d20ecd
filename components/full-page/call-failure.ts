// Why a call the pages make through the worker failed (a readiness read, a lock change, a batch's
// unlock), in plain words: shared by the readiness and batch pages. Pages words (lib/i18n/pages.ts).
import { classifyCode } from '@/lib/aliyun/errors';
import type { MessageKey } from '@/lib/i18n';
import type { LockOutcome } from '@/lib/protocol/full-page-client';

type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** Why a call failed, in plain words; an API failure keeps Alibaba Cloud's code. */
export function callFailureText(failure: Exclude<LockOutcome, { ok: true }>, t: Translate): string {
  switch (failure.error) {
    case 'no-credentials':
      return t('noKeyTitle');
    case 'locked':
      return t('lockedTitle');
    case 'wrong-passphrase':
      return t('wrongPassphraseRetry');
    case 'refused':
      return t('refused');
    case 'no-answer':
      return t('noAnswer');
    case 'api':
      if (failure.code === 'TaskIsBeingProcessed') return t('lockBusy', { code: failure.code });
      return classifyCode(failure.code).cause === 'permission' ? t('readinessErrorNeedsPermission', { message: failure.message, advice: t('readinessNeedsPermission') }) : failure.message;
  }
}
