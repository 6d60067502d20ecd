// Words the background needs now and then (a failed job's reason, an API error for a page): the
// bilingual tables live with the offscreen document on Chrome, so the service worker does not
// parse them on every wake. Firefox's background page words them itself.
import type { Lang } from '../../lib/aliyun/errors';
import type { Failure } from '../../lib/jobs/types';
import { offscreenApi, sendToOffscreen } from './offscreen-document';

export async function failureTextInBackground(failure: Failure, lang: Lang): Promise<string> {
  const api = offscreenApi();
  if (api) return String(await sendToOffscreen(api, { target: 'offscreen', type: 'failure-text', failure, lang }));
  if (import.meta.env.FIREFOX) return (await import('../../lib/jobs/messages')).failureText(failure, lang);
  throw new Error('No way to word a failure in this browser');
}

export async function describeErrorInBackground(code: string, lang: Lang, httpStatus?: number): Promise<string> {
  const api = offscreenApi();
  if (api) return String(await sendToOffscreen(api, { target: 'offscreen', type: 'describe-error', code, httpStatus, lang }));
  if (import.meta.env.FIREFOX) return (await import('../../lib/aliyun/errors')).describeError(code, lang, httpStatus);
  throw new Error('No way to word an error in this browser');
}
