// Storage written directly, in the layout the worker itself writes: fake jobs in any state, a
// profile, settings, batches, a locked vault. For pictures and audits of what the pages show in a
// given state (tests/tools/screenshots.ts, tests/e2e/accessibility.e2e.test.ts), not for flows.
//
// Every fake job is marked as notified, and the pending ones are due far in the future, so the live
// background neither shows notifications nor calls the API for them while a page is looked at.
// The profiles are written as the landed version wrote them (secret inside): the worker moves the
// secret out at its first use (lib/credentials/secrets-move.ts), as it does for a user who updates.
import type { LegacyBatch as Batch, LegacyProfileBook as ProfileBook, Settings } from '../../../lib/storage.ts';
import { fromLegacy, layoutItems } from '../../../lib/jobs/layout.ts';
import type { Job } from '../../../lib/jobs/types.ts';
import type { ExtensionContext, InPage } from './extension.ts';

export type { Batch, ProfileBook, Settings };

export const SEED_PROFILE_ID = 'screenshot-profile';
/** A made-up key pair: nothing shows it; only a local simulator started with it knows it. */
export const SEED_KEY_ID = 'LTAI5tExampleKeyId00';
export const SEED_KEY_SECRET = 'not-a-real-secret';

export const seedProfiles: ProfileBook = {
  activeId: SEED_PROFILE_ID,
  profiles: [{ id: SEED_PROFILE_ID, name: 'default', site: 'cn', accessKeyId: SEED_KEY_ID, accessKeySecret: SEED_KEY_SECRET }],
};

/** The profiles as the vault keeps them: an empty secret (it is sealed in the vault). */
export const sealedProfiles: ProfileBook = {
  ...seedProfiles,
  profiles: seedProfiles.profiles.map((p) => ({ ...p, accessKeySecret: '' })),
};

/** No profile at all: first use. */
export const noProfiles: ProfileBook = { activeId: null, profiles: [] };

/** Far ahead: the live background must not call the API for seeded pending jobs. */
export const FAR_AHEAD_MS = 365 * 24 * 3600_000;

export function fakeJob(id: string, domain: string, state: Job['state'], ageMs: number, extra: Partial<Job> = {}): Job {
  const now = Date.now();
  const pending = state === 'submitting' || state === 'waiting';
  return {
    id,
    domain,
    site: 'cn',
    profileId: SEED_PROFILE_ID,
    state,
    apiCalls: 2,
    polls: 1,
    retries: 0,
    createdAt: now - ageMs,
    updatedAt: now,
    nextAttemptAt: now + FAR_AHEAD_MS,
    ...(pending ? {} : { finishedAt: now - ageMs + 9000 }),
    notified: true,
    ...extra,
  };
}

/**
 * A waiting job that met a transient fault and is retrying by itself ("Alibaba Cloud not reachable,
 * next try in …"): `fault` set, the next try `nextTryInMs` ahead (long enough that none leaves).
 */
export function retryingJob(id: string, domain: string, ageMs: number, nextTryInMs = 10 * 60_000, extra: Partial<Job> = {}): Job {
  const now = Date.now();
  return fakeJob(id, domain, 'waiting', ageMs, {
    taskNo: '5d0c7e2a-3f41-4b8e-a7c2-1e9f0b6d4a35',
    retries: 3,
    fault: { cause: 'network', since: now - 30_000 },
    nextAttemptAt: now + nextTryInMs,
    ...extra,
  });
}

/**
 * A vault that is on and locked: a sealed record of the right shape (random bytes, no real key
 * inside; nothing ever unlocks it) and no unlocked copy in storage.session. Goes with
 * sealedProfiles.
 */
export const lockedVault: Record<string, unknown> = {
  vault: {
    v: 1,
    kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations: 600_000, salt: 'q1bW3m9yQ0o2Zk8c2m1l7w==' },
    cipher: { name: 'AES-GCM', iv: 'b3BhcXVlLWl2LTEy' },
    data: 'c2VhbGVkLXNjcmVlbnNob3QtcmVjb3JkLW5vdC1hLWtleQ==',
  },
  vault$: { v: 1 },
};

/**
 * What @wxt-dev/storage writes for `local:NAME` with version 1 (the value and a `NAME$` meta key),
 * and the jobs and batches in the layout the worker's store writes (lib/jobs/layout.ts).
 */
export function storageItems(
  jobs: Job[],
  settings: Settings = { language: 'en' },
  book: ProfileBook = seedProfiles,
  batches: Batch[] = [],
): Record<string, unknown> {
  const layout = Object.fromEntries(layoutItems(fromLegacy(jobs, batches)).map(({ key, value }) => [key.slice('local:'.length), value]));
  return {
    profiles: book,
    profiles$: { v: 1 },
    ...layout,
    settings,
    settings$: { v: 1 },
  };
}

/** Replaces everything in storage.local with `items`, from the worker or an extension page. */
export async function seedStorage(target: ExtensionContext, items: Record<string, unknown>): Promise<void> {
  // Page.evaluate and Worker.evaluate have the same contract; TypeScript cannot call the union.
  const evaluate = target.evaluate.bind(target) as (fn: (data: Record<string, unknown>) => Promise<void>, arg: Record<string, unknown>) => Promise<void>;
  await evaluate(async (data) => {
    const { chrome } = globalThis as unknown as InPage;
    await chrome.storage.local.clear();
    await chrome.storage.local.set(data);
  }, items);
}
