// A batch of 200 domains through the real engine and client, against the simulator's flow
// control of 10 requests a second: it must finish within 1.15x the time that limit allows.
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ClockOffset } from '../../lib/aliyun/client';
import { saveProfile } from '../unit/helpers/profiles';
import { createDomainApi } from '../../lib/domain/api';
import { normalizeDomain } from '../../lib/domain/name';
import { batchIndexItem as batchesItem } from '../../lib/jobs/batches';
import { createWorkerEngine } from '../../entrypoints/background/engine';
import { readAllJobs as getJobs } from '../../lib/jobs/reader';
import { startSimulator } from '../simulator/server';
import type { Simulator } from '../simulator/types';

const RATE = 10;
const DOMAINS = 200;
let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ accessKeys: { AKbatch: 'batch-secret' }, taskDurationMs: 2_000, rateLimitPerSecond: RATE });
});
afterAll(() => sim.close());

it(`${DOMAINS} domains at ${RATE} requests/s finish within 1.15x the time the limit allows, each exactly once`, async () => {
  fakeBrowser.reset();
  await saveProfile({ id: 'p', name: 'default', site: 'cn', accessKeyId: 'AKbatch', accessKeySecret: 'batch-secret' });
  const summaries = vi.fn(async () => undefined);
  const clock = new ClockOffset();
  const engine = createWorkerEngine({
    apiFor: (p, credentials) => createDomainApi({ credentials, site: p.site, endpoint: sim.httpUrl, clock }),
    lang: async () => 'en',
    normalize: async (text) => normalizeDomain(text),
    requestsPerSecond: async () => RATE,
    notifyBatch: summaries,
  });
  const texts = Array.from({ length: DOMAINS }, (_, i) => `shop${i}-example.com`);

  const started = performance.now();
  const result = await engine.requestBatch(texts);
  expect(result).toMatchObject({ ok: true, refused: [] });
  while (!(await batchesItem.getValue())[0]?.notified && performance.now() - started < 120_000) {
    await new Promise((r) => setTimeout(r, 100));
  }
  const seconds = (performance.now() - started) / 1000;

  const jobs = await getJobs();
  expect(jobs).toHaveLength(DOMAINS);
  expect(jobs.every((j) => j.state === 'done' && j.code)).toBe(true);
  const saves = sim.callsTo('SaveSingleTaskForQueryingTransferAuthorizationCode').filter((c) => c.status === 200);
  expect(new Set(saves.map((c) => c.params.DomainName)).size).toBe(DOMAINS);
  expect(saves).toHaveLength(DOMAINS); // exactly once each
  expect(summaries).toHaveBeenCalledTimes(1);

  // The fewest calls that can work: one submit and one successful poll per domain.
  const allowed = (2 * DOMAINS) / RATE;
  console.log(`batch of ${DOMAINS} at ${RATE}/s: ${seconds.toFixed(1)} s for ${sim.calls.length} calls ` +
    `(limit allows ${allowed} s; ratio ${(seconds / allowed).toFixed(3)}; throttled by the simulator: ${sim.throttled})`);
  expect(seconds).toBeLessThanOrEqual(1.15 * allowed);
  await engine.idle();
}, 130_000);
