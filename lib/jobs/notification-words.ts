// The few words a notification needs besides a failure's reason (kept small: the service
// worker loads them on every wake).
import type { Lang } from '../i18n/lang';
import type { Job } from './types';

export function notificationTitle(job: Job, lang: Lang): string {
  if (job.state === 'done') return lang === 'zh' ? `${job.domain} 的转移码` : `Transfer code for ${job.domain}`;
  return lang === 'zh' ? `未能获取 ${job.domain} 的转移码` : `No transfer code for ${job.domain}`;
}

export const COPY_BUTTON: Record<Lang, string> = { en: 'Copy code', zh: '复制转移码' };
