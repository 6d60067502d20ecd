// The lost-Save task search with the project's own client over real HTTP against the simulator:
// a Save whose answer is lost ('lost-answer') made a task, and findTransferCodeTask finds it,
// pending or finished; where no task was made it finds none. The official SDK @alicloud/pop-core
// is accepted on QueryTaskList and PollTaskResult (the simulator's verifier agrees with Alibaba's signer).
import RPCClient from '@alicloud/pop-core';
import { afterEach, describe, expect, it } from 'vitest';
import { ClockOffset, NetworkError, type Credentials } from '../../lib/aliyun/client';
import { createDomainApi, type DomainApi } from '../../lib/domain/api';
import { findTransferCodeTask } from '../../lib/domain/task-search';
import { startSimulator, type Simulator, type SimulatorOptions } from '../simulator/server.ts';

const SAVE = 'SaveSingleTaskForQueryingTransferAuthorizationCode';
const creds: Credentials = { accessKeyId: 'AKIDsearch', accessKeySecret: 'search-secret-value' };
const other: Credentials = { accessKeyId: 'AKIDother', accessKeySecret: 'other-secret-value' };
const CODE = `Tr<an>s&"fer' 1`;

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});
async function start(options: SimulatorOptions = {}): Promise<Simulator> {
  sim = await startSimulator({
    accessKeys: { [creds.accessKeyId]: creds.accessKeySecret, [other.accessKeyId]: other.accessKeySecret },
    taskDurationMs: 60_000,
    domains: { 'example.com': { code: CODE } },
    ...options,
  });
  return sim;
}
const apiFor = (s: Simulator, c: Credentials = creds): DomainApi =>
  createDomainApi({ credentials: c, site: 'cn', endpoint: s.httpUrl, clock: new ClockOffset(), timeoutMs: 2_000 });

/** A Save whose answer is lost after the server made the task; returns when it was sent. */
async function lostSave(s: Simulator, api: DomainApi, domain = 'example.com'): Promise<number> {
  s.injectFault({ kind: 'lost-answer', action: SAVE });
  const sentAt = Date.now();
  await expect(api.requestTransferCode(domain, 'en')).rejects.toBeInstanceOf(NetworkError);
  return sentAt;
}
const actions = (s: Simulator): string[] => s.calls.map((c) => c.action);

describe('findTransferCodeTask against the simulator', () => {
  it('finds the pending task of a lost Save: PollTaskResult, then QueryTaskList and its detail', async () => {
    const s = await start();
    const api = apiFor(s);
    const since = await lostSave(s, api);
    const [made] = s.tasks();
    const found = await findTransferCodeTask(api, 'example.com', since, Date.now(), 'en');
    expect(found?.taskNo).toBe(made?.taskNo);
    expect(['waiting', 'running']).toContain(found?.task.status);
    expect(actions(s)).toEqual([SAVE, 'PollTaskResult', 'QueryTaskList', 'QueryTaskDetailList']);
    expect(s.calls.filter((c) => c.action !== SAVE).every((c) => c.status === 200)).toBe(true);
    expect(s.tasks()).toHaveLength(1);
  });

  it('finds the finished task with the code, verbatim, from PollTaskResult alone', async () => {
    const s = await start();
    const api = apiFor(s);
    const since = await lostSave(s, api);
    const taskNo = s.tasks()[0]?.taskNo as string;
    s.completeTask?.(taskNo);
    const found = await findTransferCodeTask(api, 'example.com', since, Date.now(), 'en');
    expect(found).toEqual({ taskNo, task: { status: 'success', code: CODE } });
    expect(actions(s)).toEqual([SAVE, 'PollTaskResult']);
  });

  it('finds none when the Save never reached the server (dropped), nor during other domains\' tasks', async () => {
    const s = await start({ concurrentTasks: 'allow' });
    const api = apiFor(s);
    await api.requestTransferCode('other-example.com', 'en');
    s.injectFault({ kind: 'drop', action: SAVE });
    const since = Date.now();
    await expect(api.requestTransferCode('example.com', 'en')).rejects.toBeInstanceOf(NetworkError);
    expect(s.tasks().map((t) => t.domain)).toEqual(['other-example.com']);
    await expect(findTransferCodeTask(api, 'example.com', since, Date.now(), 'en')).resolves.toBeUndefined();
    // the other domain's task was listed and checked with the DomainName filter: no row for ours
    expect(actions(s).slice(2)).toEqual(['PollTaskResult', 'QueryTaskList', 'QueryTaskDetailList']);
  });

  it("does not take another AccessKey's task", async () => {
    const s = await start();
    const since = await lostSave(s, apiFor(s, other));
    expect(s.tasks()).toHaveLength(1);
    await expect(findTransferCodeTask(apiFor(s), 'example.com', since, Date.now(), 'en')).resolves.toBeUndefined();
  });

  it('does not take a task made before the lost Save (older than the 15-minute slack)', async () => {
    // The simulator's task clock runs 40 minutes behind while the earlier task is made; its server
    // clock (task clock + skew) stays right, so the signed request is accepted.
    let behind = 40 * 60_000;
    const s = await start({ now: () => Date.now() - behind, clockSkewMs: behind });
    const earlyTask = await apiFor(s).requestTransferCode('example.com', 'en');
    behind = 0;
    s.setClockSkew(0);
    await expect(findTransferCodeTask(apiFor(s), 'example.com', Date.now(), Date.now(), 'en')).resolves.toBeUndefined();
    expect(s.tasks().map((t) => t.taskNo)).toEqual([earlyTask]);
    // listed with its CreateTime 40 minutes back: not even worth a detail call
    expect(actions(s)).toEqual([SAVE, 'PollTaskResult', 'QueryTaskList']);
  });

  it('finds the task whatever its TaskType is called (the value is not documented)', async () => {
    const s = await start({ codeTaskType: 'SOME_UNDOCUMENTED_TYPE' });
    const api = apiFor(s);
    const since = await lostSave(s, api);
    const found = await findTransferCodeTask(api, 'example.com', since, Date.now(), 'en');
    expect(found?.taskNo).toBe(s.tasks()[0]?.taskNo);
  });

  it('finds it although the server clock is 10 minutes behind ours (CreateTime earlier than the Save)', async () => {
    const s = await start({ clockSkewMs: -10 * 60_000 });
    const api = apiFor(s);
    const since = await lostSave(s, api);
    const found = await findTransferCodeTask(api, 'example.com', since, Date.now(), 'zh');
    expect(found?.taskNo).toBe(s.tasks()[0]?.taskNo);
  });

  it('an outage during the search fails it with the error the caller classifies', async () => {
    const s = await start();
    const api = apiFor(s);
    const since = await lostSave(s, api);
    s.setOutage('drop');
    await expect(findTransferCodeTask(api, 'example.com', since, Date.now(), 'en')).rejects.toBeInstanceOf(NetworkError);
    s.setOutage(null);
    await expect(findTransferCodeTask(api, 'example.com', since, Date.now(), 'en')).resolves.toMatchObject({ taskNo: s.tasks()[0]?.taskNo });
  });
});

describe('@alicloud/pop-core on the lookup actions', () => {
  const client = (s: Simulator): RPCClient =>
    new RPCClient({ accessKeyId: creds.accessKeyId, accessKeySecret: creds.accessKeySecret, endpoint: s.httpUrl, apiVersion: '2018-01-29' });

  it('QueryTaskList and PollTaskResult are accepted (POST and GET) and answer the reference shapes', async () => {
    const s = await start({ taskDurationMs: 100 });
    const c = client(s);
    const saved = await c.request<{ TaskNo: string }>(SAVE, { DomainName: 'example.com' }, { method: 'POST' });
    const day = Math.floor((Date.now() + 8 * 3_600_000) / 86_400_000) * 86_400_000 - 8 * 3_600_000;
    const listed = await c.request<{ TotalItemNum: number; NextPage: boolean; Data: { TaskInfo: Array<{ TaskNo: string; TaskStatusCode: number; CreateTime: string }> } }>(
      'QueryTaskList',
      { PageNum: 1, PageSize: 20, BeginCreateTime: day, EndCreateTime: day },
      { method: 'POST' },
    );
    expect(listed).toMatchObject({ TotalItemNum: 1, NextPage: false });
    expect(listed.Data.TaskInfo[0]).toMatchObject({ TaskNo: saved.TaskNo });
    expect(listed.Data.TaskInfo[0]?.CreateTime).toMatch(/^[A-Z][a-z]{2} \d{1,2},\d{4} \d{2}:\d{2}:\d{2}$/);

    await new Promise((r) => setTimeout(r, 150));
    const polled = await c.request<{ TotalItemNum: number; Data: { TaskDetail: Array<{ TaskNo: string; TaskResult: string }> } }>(
      'PollTaskResult',
      { PageNum: 1, PageSize: 100, DomainName: 'example.com' },
      { method: 'GET' },
    );
    expect(polled.TotalItemNum).toBe(1);
    expect(polled.Data.TaskDetail[0]).toMatchObject({ TaskNo: saved.TaskNo, TaskResult: CODE });
    expect(s.calls.map((x) => [x.action, x.method, x.status])).toEqual([
      [SAVE, 'POST', 200],
      ['QueryTaskList', 'POST', 200],
      ['PollTaskResult', 'GET', 200],
    ]);
  });
});
