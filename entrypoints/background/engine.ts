// The job engine as the service worker runs it: lib/jobs/engine.ts over the worker's real
// dependencies (the signed Domain API, the vault, desktop notifications, settings, the clock).
import { ClockOffset } from '@/lib/aliyun/client';
import { getActiveProfile, getProfile } from '@/lib/credentials/profiles';
import { codeKey, credentialsFor } from '@/lib/credentials/vault';
import { createDomainApi } from '@/lib/domain/api';

import { currentLang } from '@/lib/i18n/language';
import { createJobEngine, type EngineDeps, type JobEngine } from '@/lib/jobs/engine';
import { DEFAULT_REQUESTS_PER_SECOND } from '@/lib/jobs/rate-limit';
import { retentionDays } from '@/lib/jobs/retention';
import { settingsItem } from '@/lib/storage';
import { showBatchNotification, showJobNotification, showLockedNotice } from './notifications';

export function workerDeps(): EngineDeps {
  // One clock offset for the whole worker: learned once from any answer, used by every request.
  const clock = new ClockOffset();
  return {
    apiFor: (profile, credentials) => createDomainApi({ credentials, site: profile.site, clock }),
    credentials: (profile) => credentialsFor(profile),
    notifyLocked: showLockedNotice,
    notifyBatch: showBatchNotification,
    requestsPerSecond: async () => (await settingsItem.getValue()).requestsPerSecond ?? DEFAULT_REQUESTS_PER_SECOND,
    notify: showJobNotification,
    codeKey: () => codeKey(),
    codeRetentionDays: async () => retentionDays(await settingsItem.getValue()),
    lang: currentLang,
    activeProfile: getActiveProfile,
    profile: getProfile,
    // The name rules carry the public suffix list, about 20 ms to evaluate: through import() the
    // bundle evaluates them on the first text to parse, not on every wake (alarms, polls).
    normalize: async (text) => (await import('@/lib/domain/name')).normalizeDomain(text),
    now: () => Date.now(),
    random: Math.random,
    newId: () => crypto.randomUUID(),
  };
}

/** The worker's engine; tests and benchmarks replace some dependencies (a fake API, a fake clock). */
export function createWorkerEngine(overrides: Partial<EngineDeps> = {}): JobEngine {
  return createJobEngine({ ...workerDeps(), ...overrides });
}

/**
 * A change of the retention setting sweeps at once (the options page writes the settings itself).
 * Returns the function that stops watching.
 */
export function watchCodeRetention(engine: JobEngine): () => void {
  return settingsItem.watch((next, before) => {
    if (retentionDays(next ?? {}) !== retentionDays(before ?? {})) void engine.sweepCodes().catch(() => undefined); // the next start sweeps again
  });
}
