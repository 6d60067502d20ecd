// "Test connection": one harmless signed call that proves the saved keys are accepted.
// QueryTaskDetailList for a task number that cannot exist changes nothing and answers an empty
// list when the key, the secret and the permission are right.
import { isRpcError, type Credentials } from '@/lib/aliyun/client';
import { describeError } from '@/lib/i18n/worker-words';
import { getActiveProfile, type Profile } from '@/lib/credentials/profiles';
import { credentialsFor } from '@/lib/credentials/vault';
import { createDomainApi, type DomainApi } from '@/lib/domain/api';
import { currentLang } from '@/lib/i18n/language';
import type { ConnectionReport } from '@/lib/protocol';

export const PROBE_TASK_NO = '00000000-0000-0000-0000-000000000000';

export async function probeConnection(
  apiFor: (p: Profile, c: Credentials) => DomainApi = (p, credentials) => createDomainApi({ credentials, site: p.site }),
): Promise<ConnectionReport> {
  const profile = await getActiveProfile();
  const credentials = profile && (await credentialsFor(profile));
  if (credentials === 'locked') return { ok: false, error: 'locked' };
  if (!profile || !credentials) return { ok: false, error: 'no-credentials' };
  const lang = await currentLang();
  try {
    await apiFor(profile, credentials).queryTask(PROBE_TASK_NO, lang);
    return { ok: true };
  } catch (e) {
    const code = isRpcError(e) ? e.code : 'InvalidResponse';
    const status = isRpcError(e) ? e.httpStatus : 502;
    // The page gets our own words for the code, never the server's text: for a signature or
    // token error that text can echo the string to sign, STS token included.
    return { ok: false, error: 'api', code, message: describeError(code, lang, status) };
  }
}
