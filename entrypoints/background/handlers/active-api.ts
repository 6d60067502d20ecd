// The active profile's Domain API for a page's message, and how its failures reach the page: the
// handlers that call Alibaba Cloud for a page (readiness, the account's domain list) share this.
import { isRpcError, type Credentials } from '../../../lib/aliyun/client';
import { describeError } from '../../../lib/i18n/worker-words';
import type { Lang } from '../../../lib/i18n/lang';
import { getActiveProfile, type Profile } from '../../../lib/credentials/profiles';
import { credentialsFor } from '../../../lib/credentials/vault';
import { createDomainApi, type DomainApi } from '../../../lib/domain/api';
import { withLimiter, type Limited } from '../../../lib/domain/limited-api';
import { currentLang } from '../../../lib/i18n/language';
import type { ApiCallFailure } from '../../../lib/protocol/index';

export type ApiFor = (profile: Profile, credentials: Credentials) => DomainApi;
export const defaultApiFor: ApiFor = (profile, credentials) => createDomainApi({ credentials, site: profile.site });

/** The pages' API: `base`'s, each call through the job engine's rate limiter (JobEngine.limited). */
export const limitedApiFor =
  (limited: Limited, base: ApiFor = defaultApiFor): ApiFor =>
  (profile, credentials) =>
    withLimiter(base(profile, credentials), limited);

/** The active profile's API (or `chosen`'s: the one a batch's jobs belong to), or why there is none. */
export async function activeApi(apiFor: ApiFor, chosen?: Profile): Promise<{ api: DomainApi } | ApiCallFailure> {
  const profile = chosen ?? (await getActiveProfile());
  const credentials = profile && (await credentialsFor(profile));
  if (credentials === 'locked') return { ok: false, error: 'locked' };
  if (!profile || !credentials) return { ok: false, error: 'no-credentials' };
  return { api: apiFor(profile, credentials) };
}

/**
 * The API's code and a plain message; a non-RPC failure (an answer that cannot be read) is InvalidResponse.
 * The message is our own words for the code, never the server's text: for a signature or token
 * error that text can echo the string to sign, STS token included.
 */
export function apiError(e: unknown, lang: Lang): { code: string; message: string } {
  const code = isRpcError(e) ? e.code : 'InvalidResponse';
  const status = isRpcError(e) ? e.httpStatus : 502;
  return { code, message: describeError(code, lang, status) };
}

/** One call with the active profile's API in the chosen language; a throw becomes an 'api' failure. */
export async function callActiveApi<T>(
  apiFor: ApiFor,
  call: (api: DomainApi, lang: Lang) => Promise<T>,
  profile?: Profile,
): Promise<T | ApiCallFailure> {
  const active = await activeApi(apiFor, profile);
  if (!('api' in active)) return active;
  const lang = await currentLang();
  try {
    return await call(active.api, lang);
  } catch (e) {
    return { ok: false, error: 'api', ...apiError(e, lang) };
  }
}
