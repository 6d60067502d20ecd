// The real job engine, with the real client, over HTTP against the simulator.
import { afterAll, beforeAll, beforeEach, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ClockOffset } from '../../lib/aliyun/client';
import { saveProfile } from '../unit/helpers/profiles';
import { createDomainApi } from '../../lib/domain/api';
import { normalizeDomain } from '../../lib/domain/name';
import { createWorkerEngine } from '../../entrypoints/background/engine';
import { readAllJobs as getJobs } from '../../lib/jobs/reader';
import { startSimulator } from '../simulator/server';
import type { Simulator } from '../simulator/types';

const SECRET = 'engine-int-secret-42';
let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ accessKeys: { AKIDeng: SECRET }, taskDurationMs: 2_500, domains: { 'example.com': { code: 'Xy7#<b>&"\'' } } });
});
afterAll(() => sim.close());
beforeEach(() => fakeBrowser.reset());

it('ends with the code in storage and one notification, through throttling and a 503', async () => {
  await saveProfile({ id: 'p', name: 'default', site: 'cn', accessKeyId: 'AKIDeng', accessKeySecret: SECRET });
  const create = vi.spyOn(fakeBrowser.notifications, 'create');
  const clock = new ClockOffset();
  const engine = createWorkerEngine({
    apiFor: (p) => createDomainApi({ credentials: { accessKeyId: 'AKIDeng', accessKeySecret: SECRET }, site: p.site, endpoint: sim.httpUrl, clock }),
    lang: async () => 'en',
    normalize: async (text) => normalizeDomain(text),
  });
  sim.injectFault({ kind: 'error', code: 'Throttling.User', action: 'SaveSingleTaskForQueryingTransferAuthorizationCode' });
  sim.injectFault({ kind: 'http5xx', httpStatus: 503, action: 'QueryTaskDetailList' });

  const result = await engine.request('https://www.example.com/');
  expect(result).toMatchObject({ ok: true, joined: false });

  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline && (await getJobs())[0]?.notified !== true) await new Promise((r) => setTimeout(r, 100));

  const [job] = await getJobs();
  expect(job).toMatchObject({ state: 'done', code: 'Xy7#<b>&"\'', notified: true });
  expect(create).toHaveBeenCalledTimes(1);
  expect(create.mock.calls[0][0]).toBe(job.id);
  expect(create.mock.calls[0][1]).toMatchObject({ title: 'Transfer code for example.com', message: 'Xy7#<b>&"\'' });
  const codes = sim.calls.map((c) => `${c.action.slice(0, 4)}:${c.code ?? c.status}`);
  expect(codes[0]).toBe('Save:Throttling.User');
  expect(codes).toContain('Quer:ServiceUnavailable');
  expect(sim.calls.find((c) => c.code === 'ServiceUnavailable')?.status).toBe(503);
  expect(codes.at(-1)).toBe('Quer:200');
  expect(job.apiCalls).toBe(sim.calls.length);
  await engine.idle();
}, 20_000);
