// The storage schema (lib/storage.ts): every item is defined there, and every shape that a landed
// version of the extension wrote is read back as the current shape. The landed shapes are written
// raw into the fake browser's storage, with the version marker @wxt-dev/storage keeps beside each
// item ("key$": { v }), or without one (what a first write of a version-1 item leaves); reading
// the item must give the current shape. When an item's version goes up, its old shapes stay in
// this table with the value their migration must produce.
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Job } from '../../lib/protocol';
import { relativeTo, sourceFiles } from './helpers/import-graph';

const job = (over: Partial<Job>): Job => ({
  id: 'j1',
  domain: 'example.com',
  site: 'cn',
  profileId: 'p1',
  state: 'submitting',
  apiCalls: 0,
  polls: 0,
  retries: 0,
  createdAt: 1_700_000_000_000,
  updatedAt: 1_700_000_000_000,
  nextAttemptAt: 1_700_000_000_000,
  notified: false,
  ...over,
});

/** What the landed version (schema version 1 of every item) writes, per storage key. */
const LANDED: Array<{ key: string; item: string; version: number; stored: unknown; current: unknown }> = [
  { key: 'settings', item: 'settingsItem', version: 1, stored: { language: 'auto' }, current: { language: 'auto' } },
  { key: 'settings', item: 'settingsItem', version: 1, stored: { language: 'zh', requestsPerSecond: 12 }, current: { language: 'zh', requestsPerSecond: 12 } },
  ...[
    [
      job({}),
      job({ id: 'j2', state: 'waiting', taskNo: 'T-1', taskNoAt: 1, apiCalls: 3, polls: 2, batchId: 'b1' }),
      job({ id: 'j3', state: 'waiting', waitingForUnlock: true }),
      job({ id: 'j4', state: 'done', taskNo: 'T-2', code: '<b>x</b>&"', finishedAt: 2, notified: true }),
      job({ id: 'j5', state: 'failed', failure: { cause: 'permission', apiCode: 'Forbidden.RAM', detail: 'denied' }, finishedAt: 3, notified: true }),
      job({ id: 'j6', state: 'failed', failure: { cause: 'timed-out' }, retries: 8 }),
    ],
  ].map((jobs) => ({ key: 'jobs', item: 'legacyJobsItem', version: 1, stored: jobs, current: jobs })),
  {
    key: 'jobIndex',
    item: 'jobIndexItem',
    version: 1,
    stored: { next: 3, pages: [{ n: 0, size: 50 }, { n: 2, size: 7 }], open: [2] },
    current: { next: 3, pages: [{ n: 0, size: 50 }, { n: 2, size: 7 }], open: [2] },
  },
  {
    key: 'batchIndex',
    item: 'batchIndexItem',
    version: 1,
    stored: [{ id: 'b1', createdAt: 1, total: 1, notified: false }, { id: 'b2', createdAt: 2, total: 3, finishedAt: 3, notified: true, summary: { done: 2, failed: 1 } }],
    current: [{ id: 'b1', createdAt: 1, total: 1, notified: false }, { id: 'b2', createdAt: 2, total: 3, finishedAt: 3, notified: true, summary: { done: 2, failed: 1 } }],
  },
  {
    key: 'batches',
    item: 'legacyBatchesItem',
    version: 1,
    stored: [{ id: 'b1', createdAt: 1, jobIds: ['j2'], notified: false }, { id: 'b2', createdAt: 2, jobIds: [], finishedAt: 3, notified: true }],
    current: [{ id: 'b1', createdAt: 1, jobIds: ['j2'], notified: false }, { id: 'b2', createdAt: 2, jobIds: [], finishedAt: 3, notified: true }],
  },
  {
    key: 'profiles',
    item: 'profilesItem',
    version: 1,
    stored: {
      activeId: 'p2',
      profiles: [
        { id: 'p1', name: 'default', site: 'cn', accessKeyId: 'LTAI1', accessKeySecret: 'plain-secret' },
        { id: 'p2', name: 'sts', site: 'intl', accessKeyId: 'STS.1', accessKeySecret: '', securityToken: 'tok' },
      ],
    },
    current: {
      activeId: 'p2',
      profiles: [
        { id: 'p1', name: 'default', site: 'cn', accessKeyId: 'LTAI1', accessKeySecret: 'plain-secret' },
        { id: 'p2', name: 'sts', site: 'intl', accessKeyId: 'STS.1', accessKeySecret: '', securityToken: 'tok' },
      ],
    },
  },
  // The same key read as the landed version left it: the worker's move of the secrets out of the
  // profiles reads this (lib/credentials/secrets-move.ts; tests/unit/secrets-move.test.ts).
  {
    key: 'profiles',
    item: 'legacyProfilesItem',
    version: 1,
    stored: { activeId: 'p1', profiles: [{ id: 'p1', name: 'default', site: 'cn', accessKeyId: 'LTAI1', accessKeySecret: 'plain-secret', securityToken: 'tok' }] },
    current: { activeId: 'p1', profiles: [{ id: 'p1', name: 'default', site: 'cn', accessKeyId: 'LTAI1', accessKeySecret: 'plain-secret', securityToken: 'tok' }] },
  },
  // New with issue 15: the secrets apart from the profiles (vault off), the shape this version writes.
  {
    key: 'secrets',
    item: 'secretsItem',
    version: 1,
    stored: { p1: { accessKeySecret: 'plain-secret' }, p2: { accessKeySecret: 's2', securityToken: 'tok' } },
    current: { p1: { accessKeySecret: 'plain-secret' }, p2: { accessKeySecret: 's2', securityToken: 'tok' } },
  },
  {
    key: 'vault',
    item: 'vaultItem',
    version: 1,
    stored: { v: 1, kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations: 600000, salt: 'c2FsdA==' }, cipher: { name: 'AES-GCM', iv: 'aXY=' }, data: 'ZGF0YQ==' },
    current: { v: 1, kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations: 600000, salt: 'c2FsdA==' }, cipher: { name: 'AES-GCM', iv: 'aXY=' }, data: 'ZGF0YQ==' },
  },
  { key: 'vaultSettings', item: 'vaultSettingsItem', version: 1, stored: { autoLockMinutes: 0 }, current: { autoLockMinutes: 0 } },
  // New with the circuit (issue 14): the shape this version writes.
  {
    key: 'circuit',
    item: 'circuitItem',
    version: 1,
    stored: { cause: 'network', since: 1764650000000, failures: 3, nextProbeAt: 1764650012000 },
    current: { cause: 'network', since: 1764650000000, failures: 3, nextProbeAt: 1764650012000 },
  },
  // New with issue 17: profile id -> when QueryTransferOutInfo was refused.
  { key: 'transferOutDenied', item: 'transferOutDeniedItem', version: 1, stored: { p1: 1764650000000 }, current: { p1: 1764650000000 } },
];

type Schema = typeof import('../../lib/storage');
type ItemName = 'settingsItem' | 'legacyJobsItem' | 'jobIndexItem' | 'batchIndexItem' | 'legacyBatchesItem' | 'profilesItem' | 'legacyProfilesItem' | 'secretsItem' | 'vaultItem' | 'vaultSettingsItem' | 'circuitItem' | 'transferOutDeniedItem';

/** A fresh copy of the schema module: items run their migrations when they are defined. */
async function freshSchema(): Promise<Schema> {
  vi.resetModules();
  return import('../../lib/storage');
}

describe('the storage schema', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  it('is the only place that defines a storage item', () => {
    const definers = sourceFiles(['entrypoints', 'components', 'lib']).filter((file) => /\bstorage\.defineItem\b|\bdefineItem\s*</.test(readFileSync(file, 'utf8')));
    expect(relativeTo(definers)).toEqual(['lib/storage.ts']);
  });

  it.each(LANDED.flatMap((row) => [{ ...row, marker: true }, { ...row, marker: false }]))(
    '$key as the landed version wrote it (version marker: $marker) reads as the current shape',
    async ({ key, item, version, stored, current, marker }) => {
      await fakeBrowser.storage.local.set({ [key]: structuredClone(stored), ...(marker ? { [`${key}$`]: { v: version } } : {}) });
      const schema = await freshSchema();
      expect(await schema[item as ItemName].getValue()).toEqual(current);
    },
  );

  it('covers every local item with at least one landed shape', async () => {
    const schema = await freshSchema();
    const local = (Object.keys(schema) as Array<keyof Schema>).filter((name) => name.endsWith('Item') && name !== 'unlockedItem' && name !== 'vaultActivityItem' && name !== 'clipboardWatchItem');
    expect(local.sort()).toEqual([...new Set(LANDED.map((row) => row.item))].sort());
  });

  it('an empty profile reads as the fallbacks', async () => {
    const schema = await freshSchema();
    expect(await schema.settingsItem.getValue()).toEqual({ language: 'auto' });
    expect(await schema.jobIndexItem.getValue()).toBeNull();
    expect(await schema.batchIndexItem.getValue()).toEqual([]);
    expect(await schema.legacyJobsItem.getValue()).toBeNull();
    expect(await schema.legacyBatchesItem.getValue()).toBeNull();
    expect(await schema.profilesItem.getValue()).toEqual({ activeId: null, profiles: [] });
    expect(await schema.vaultItem.getValue()).toBeNull();
    expect(await schema.vaultSettingsItem.getValue()).toEqual({ autoLockMinutes: 15 });
    expect(await schema.unlockedItem.getValue()).toBeNull();
  });

  it('moves the single job list the landed version wrote to the index layout, once, on the worker\'s first read', async () => {
    const legacy = (LANDED.find((row) => row.key === 'jobs')?.stored ?? []) as Job[];
    const legacyBatches = [
      { id: 'b1', createdAt: 1, jobIds: ['j2'], notified: false },
      { id: 'b2', createdAt: 2, jobIds: ['j4', 'j5', 'gone'], finishedAt: 3, notified: true },
    ];
    await fakeBrowser.storage.local.set({ jobs: structuredClone(legacy), jobs$: { v: 1 }, batches: legacyBatches, batches$: { v: 1 } });
    vi.resetModules();
    const { createJobStore } = await import('../../lib/jobs/store');
    const reader = await import('../../lib/jobs/reader');
    const store = createJobStore();
    // open: pending, or finished and not notified (j1, j2, j3 pending; j6 failed but not notified)
    expect((await store.openJobs()).map((j) => j.id).sort()).toEqual(['j1', 'j2', 'j3', 'j6']);
    expect((await reader.readAllJobs()).map((j) => j.id).sort()).toEqual(legacy.map((j) => j.id).sort());
    expect(await reader.readBatches()).toEqual([
      { id: 'b1', createdAt: 1, total: 1, notified: false },
      { id: 'b2', createdAt: 2, total: 3, finishedAt: 3, notified: true, summary: { done: 1, failed: 1 } },
    ]);
    expect(await reader.readBatchJobIds('b2')).toEqual(['j4', 'j5', 'gone']);
    const keys = Object.keys(await fakeBrowser.storage.local.get(null));
    expect(keys).not.toContain('jobs');
    expect(keys).not.toContain('batches');
    // a later worker reads the index and moves nothing again
    const set = vi.spyOn(fakeBrowser.storage.local, 'set');
    expect((await createJobStore().openJobs()).map((j) => j.id).sort()).toEqual(['j1', 'j2', 'j3', 'j6']);
    expect(set).not.toHaveBeenCalled();
  });
});
