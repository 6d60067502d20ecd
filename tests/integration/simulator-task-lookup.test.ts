// The simulator's task lookup actions (QueryTaskList, PollTaskResult), its outages and the
// 'lost-answer' fault, over raw signed requests (tests/integration/helpers/raw.ts): shapes, checks,
// paging, per-key visibility, RAM, China-time CreateTime with the server's clock skew.
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator, type SimulatorOptions } from '../simulator/server.ts';
import { formatChinaTime, formatListTime } from '../simulator/tasks.ts';
import { rawRequest, type RawResponse } from './helpers/raw.ts';

const SAVE = 'SaveSingleTaskForQueryingTransferAuthorizationCode';
const LIST = 'QueryTaskList';
const POLL = 'PollTaskResult';
const DAY = 86_400_000;
const HOUR = 3_600_000;

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});
async function start(options: SimulatorOptions = {}): Promise<Simulator> {
  sim = await startSimulator({ concurrentTasks: 'allow', ...options });
  return sim;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
/** The China midnight starting the day of `ms`. */
const chinaDay = (ms: number): number => Math.floor((ms + 8 * HOUR) / DAY) * DAY - 8 * HOUR;

async function save(s: Simulator, domain: string, extra: Record<string, string> = {}): Promise<string> {
  const r = await rawRequest(s, { Action: SAVE, DomainName: domain, ...extra });
  expect(r.status).toBe(200);
  return String(r.json.TaskNo);
}
const list = (s: Simulator, extra: Record<string, string | undefined> = {}): Promise<RawResponse> =>
  rawRequest(s, { Action: LIST, PageNum: '1', PageSize: '10', ...extra });
const poll = (s: Simulator, extra: Record<string, string | undefined> = {}): Promise<RawResponse> =>
  rawRequest(s, { Action: POLL, PageNum: '1', PageSize: '10', ...extra });
const rows = (r: RawResponse, key: 'TaskInfo' | 'TaskDetail'): Array<Record<string, unknown>> =>
  ((r.json.Data as Record<string, unknown> | undefined)?.[key] ?? []) as Array<Record<string, unknown>>;

describe('QueryTaskList', () => {
  it('lists the key own tasks newest first with the reference fields, CreateTime "Mon D,YYYY hh:mm:ss" China time incl. skew', async () => {
    const s = await start({ taskDurationMs: 400, runningAfterMs: 200, clockSkewMs: 5 * 60_000 });
    const before = Date.now();
    const first = await save(s, 'a-example.com', { UserClientIp: '10.0.0.7' });
    const second = await save(s, 'b-example.com');
    const r = await list(s);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ TotalItemNum: 2, CurrentPageNum: 1, TotalPageNum: 1, PageSize: 10, PrePage: false, NextPage: false });
    const [newest, oldest] = rows(r, 'TaskInfo');
    expect(newest?.TaskNo).toBe(second);
    expect(oldest).toMatchObject({
      TaskNo: first,
      TaskType: 'QUERY_TRANSFER_AUTHORIZATION_CODE',
      TaskTypeDescription: 'Query transfer authorization code',
      TaskNum: 1,
      TaskStatus: 'WAITING_EXECUTE',
      TaskStatusCode: 1,
      TaskCancelStatus: 'INIT',
      TaskCancelStatusCode: 0,
      Clientip: '10.0.0.7',
    });
    expect(newest?.Clientip).toBe('');
    const shown = String(oldest?.CreateTime);
    expect(shown).toMatch(/^[A-Z][a-z]{2} \d{1,2},\d{4} \d{2}:\d{2}:\d{2}$/);
    // the server clock (5 minutes ahead) shows; within the second of the Save
    expect([formatListTime(before + 5 * 60_000), formatListTime(before + 5 * 60_000 + 1000)]).toContain(shown);

    await sleep(250);
    expect(rows(await list(s), 'TaskInfo')[1]).toMatchObject({ TaskStatus: 'EXECUTING', TaskStatusCode: 2 });
    await sleep(250);
    expect(rows(await list(s), 'TaskInfo')[1]).toMatchObject({ TaskStatus: 'COMPLETE', TaskStatusCode: 3 });
    const zh = rows(await list(s, { Lang: 'zh' }), 'TaskInfo')[0];
    expect(zh?.TaskTypeDescription).toBe('获取域名转移密码');
  });

  it('formatListTime is China time with an unpadded day', () => {
    expect(formatListTime(Date.UTC(2017, 11, 26, 3, 0, 54))).toBe('Dec 26,2017 11:00:54');
    expect(formatListTime(Date.UTC(2018, 2, 5, 16, 4, 5))).toBe('Mar 6,2018 00:04:05');
    expect(formatChinaTime(Date.UTC(2018, 2, 5, 16, 4, 5))).toBe('2018-03-06 00:04:05');
  });

  it('pages: TotalItemNum, TotalPageNum, PrePage / NextPage; a page past the end is empty', async () => {
    const s = await start();
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push(await save(s, `p${i}-example.com`));
    const newestFirst = [...made].reverse();
    const seen: string[] = [];
    for (const [pageNum, prev, next] of [['1', false, true], ['2', true, true], ['3', true, false]] as const) {
      const r = await list(s, { PageNum: pageNum, PageSize: '2' });
      expect(r.json).toMatchObject({ TotalItemNum: 5, TotalPageNum: 3, CurrentPageNum: Number(pageNum), PageSize: 2, PrePage: prev, NextPage: next });
      seen.push(...rows(r, 'TaskInfo').map((t) => String(t.TaskNo)));
    }
    expect(seen).toEqual(newestFirst);
    const past = await list(s, { PageNum: '4', PageSize: '2' });
    expect(rows(past, 'TaskInfo')).toEqual([]);
    expect(past.json).toMatchObject({ NextPage: false, PrePage: true });
  });

  it('filters by China creation day: BeginCreateTime / EndCreateTime are midnights, the end day included', async () => {
    const s = await start();
    const taskNo = await save(s, 'day-example.com');
    const today = chinaDay(Date.now());
    const no = (r: RawResponse) => rows(r, 'TaskInfo').map((t) => t.TaskNo);
    expect(no(await list(s, { BeginCreateTime: String(today), EndCreateTime: String(today) }))).toEqual([taskNo]);
    expect(no(await list(s, { BeginCreateTime: String(today - DAY), EndCreateTime: String(today) }))).toEqual([taskNo]);
    expect(no(await list(s, { BeginCreateTime: String(today - DAY), EndCreateTime: String(today - DAY) }))).toEqual([]);
    expect(no(await list(s, { BeginCreateTime: String(today + DAY) }))).toEqual([]);
    expect(no(await list(s, { EndCreateTime: String(today) }))).toEqual([taskNo]);
  });

  it('shows tasks to their own key only, and hides a fresh task while taskVisibleAfterMs lasts', async () => {
    const s = await start({ accessKeys: { testid: 'testsecret', other: 'othersecret' }, taskVisibleAfterMs: 300 });
    await save(s, 'mine-example.com');
    expect(rows(await list(s), 'TaskInfo')).toEqual([]);
    await sleep(350);
    expect(rows(await list(s), 'TaskInfo')).toHaveLength(1);
    const other = await rawRequest(s, { Action: LIST, PageNum: '1', PageSize: '10', AccessKeyId: 'other' }, { secret: 'othersecret' });
    expect(other.json).toMatchObject({ TotalItemNum: 0, TotalPageNum: 0, Data: { TaskInfo: [] } });
  });
});

describe('PollTaskResult', () => {
  it('lists finished tasks only (oldest first), with the TaskDetail fields; filters by domain, TaskNo and result', async () => {
    const s = await start({ taskDurationMs: 200, domains: { 'bad-example.com': { fail: 'Locked' }, 'ok-example.com': { code: 'C<&>"' } } });
    const ok = await save(s, 'ok-example.com');
    const bad = await save(s, 'bad-example.com');
    expect(rows(await poll(s), 'TaskDetail')).toEqual([]);
    await sleep(250);
    const pending = await save(s, 'ok-example.com');
    const all = await poll(s);
    expect(all.json).toMatchObject({ TotalItemNum: 2, TotalPageNum: 1, NextPage: false });
    const [first, second] = rows(all, 'TaskDetail');
    expect(first).toMatchObject({ TaskNo: ok, DomainName: 'ok-example.com', TaskStatus: 'EXECUTE_SUCCESS', TaskStatusCode: 2, TaskResult: 'C<&>"' });
    expect(String(first?.CreateTime)).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(second).toMatchObject({ TaskNo: bad, TaskStatusCode: 3, ErrorMsg: 'Locked' });
    expect(rows(all, 'TaskDetail').map((d) => d.TaskNo)).not.toContain(pending);

    const no = (r: RawResponse) => rows(r, 'TaskDetail').map((d) => d.TaskNo);
    expect(no(await poll(s, { DomainName: 'ok-example.com' }))).toEqual([ok]);
    expect(no(await poll(s, { TaskNo: bad }))).toEqual([bad]);
    expect(no(await poll(s, { TaskResultStatus: '3' }))).toEqual([bad]);
    expect(no(await poll(s, { TaskResultStatus: '2' }))).toEqual([ok]);
    expect(no(await poll(s, { DomainName: 'nobody-example.com' }))).toEqual([]);
    const paged = await poll(s, { PageSize: '1', PageNum: '2' });
    expect(no(paged)).toEqual([bad]);
    expect(paged.json).toMatchObject({ TotalPageNum: 2, PrePage: true, NextPage: false });
  });

  it("does not show another key's tasks", async () => {
    const s = await start({ taskDurationMs: 0, accessKeys: { testid: 'testsecret', other: 'othersecret' } });
    await save(s, 'mine-example.com');
    expect(rows(await poll(s), 'TaskDetail')).toHaveLength(1);
    const other = await rawRequest(s, { Action: POLL, PageNum: '1', PageSize: '10', AccessKeyId: 'other' }, { secret: 'othersecret' });
    expect(other.json).toMatchObject({ TotalItemNum: 0, Data: { TaskDetail: [] } });
  });
});

describe('refusals of the lookup actions', () => {
  const today = chinaDay(Date.now());
  it.each<[string, string, Record<string, string | undefined>, number, string]>([
    [LIST, 'no PageNum', { PageNum: undefined }, 400, 'MissingPageNum'],
    [LIST, 'no PageSize', { PageSize: undefined }, 400, 'MissingPageSize'],
    [LIST, 'PageSize 0', { PageSize: '0' }, 400, 'InvalidPageSize'],
    [LIST, 'PageSize 1001', { PageSize: '1001' }, 400, 'InvalidPageSize'],
    [LIST, 'PageNum not a number', { PageNum: 'one' }, 400, 'InvalidPageNum'],
    [LIST, 'BeginCreateTime not a number', { BeginCreateTime: '2018-03-27' }, 400, 'InvalidBeginCreateTime'],
    [LIST, 'EndCreateTime negative', { EndCreateTime: '-1' }, 400, 'InvalidEndCreateTime'],
    [LIST, 'BeginCreateTime not a China midnight', { BeginCreateTime: String(today + 1000) }, 400, 'ParameterIllegal'],
    [LIST, 'UTC midnight is not a China midnight', { EndCreateTime: String(today + 8 * HOUR) }, 400, 'ParameterIllegal'],
    [LIST, 'Begin after End', { BeginCreateTime: String(today), EndCreateTime: String(today - DAY) }, 400, 'ParameterIllegal'],
    [LIST, 'Lang fr', { Lang: 'fr' }, 400, 'ParameterIllegal'],
    [LIST, 'bad UserClientIp', { UserClientIp: 'not-an-ip' }, 400, 'ParameterIllegal'],
    [POLL, 'no PageNum', { PageNum: undefined }, 400, 'MissingPageNum'],
    [POLL, 'no PageSize', { PageSize: undefined }, 400, 'MissingPageSize'],
    [POLL, 'PageSize 1001', { PageSize: '1001' }, 400, 'InvalidPageSize'],
    [POLL, 'TaskResultStatus 1', { TaskResultStatus: '1' }, 400, 'InvalidTaskResultStatus'],
    [POLL, 'Lang fr', { Lang: 'fr' }, 400, 'ParameterIllegal'],
    [POLL, 'bad UserClientIp', { UserClientIp: '999.1.1.1' }, 400, 'ParameterIllegal'],
  ])('%s: %s -> %s %s', async (action, _name, extra, status, code) => {
    const s = await start();
    const r = await (action === LIST ? list(s, extra) : poll(s, extra));
    expect(r.status).toBe(status);
    expect(r.json.Code).toBe(code);
  });

  it('PageSize 1000 is accepted by both', async () => {
    const s = await start();
    expect((await list(s, { PageSize: '1000' })).status).toBe(200);
    expect((await poll(s, { PageSize: '1000' })).status).toBe(200);
  });

  it.each([LIST, POLL])('%s needs domain:QueryDomainTask (the queryTask permission)', async (action) => {
    const s = await start({ permissions: { queryTask: false } });
    const r = await (action === LIST ? list(s) : poll(s));
    expect(r.status).toBe(403);
    expect(r.json).toMatchObject({ Code: 'Forbidden.RAM', AccessDeniedDetail: { AuthAction: 'domain:QueryDomainTask' } });
    expect(String(r.json.Message)).toContain('acs:domain:*:*:*');
  });
});

describe('outages and lost answers', () => {
  it("'drop': every request's socket is destroyed, recorded with status 0, nothing is processed; null ends it", async () => {
    const s = await start();
    s.setOutage('drop');
    await expect(save(s, 'drop-example.com')).rejects.toThrow();
    await expect(list(s)).rejects.toThrow();
    expect(s.calls.map((c) => [c.action, c.status])).toEqual([
      [SAVE, 0],
      [LIST, 0],
    ]);
    expect(s.tasks()).toEqual([]);
    s.setOutage(null);
    await save(s, 'drop-example.com');
    expect(s.tasks()).toHaveLength(1);
  });

  it("'hang': requests are read and never answered; ending the outage destroys the held sockets", async () => {
    const s = await start();
    s.setOutage('hang');
    const outcome = save(s, 'hang-example.com').then(
      () => 'answered',
      () => 'socket closed',
    );
    const raced = await Promise.race([outcome, sleep(300).then(() => 'still waiting')]);
    expect(raced).toBe('still waiting');
    expect(s.calls).toMatchObject([{ action: SAVE, status: 0 }]);
    s.setOutage(null);
    await expect(outcome).resolves.toBe('socket closed');
    expect(s.tasks()).toEqual([]);
    expect((await list(s)).status).toBe(200);
  });

  it("'lost-answer': the Save makes its task, then the socket is destroyed without an answer", async () => {
    const s = await start();
    s.injectFault({ kind: 'lost-answer', action: SAVE });
    await expect(save(s, 'lost-example.com')).rejects.toThrow();
    expect(s.tasks()).toMatchObject([{ domain: 'lost-example.com' }]);
    expect(s.calls).toMatchObject([{ action: SAVE, status: 0 }]);
    // the task is there for the lookup
    expect(rows(await list(s), 'TaskInfo').map((t) => t.TaskNo)).toEqual([s.tasks()[0]?.taskNo]);
    // one use only: the next Save is answered
    expect(await save(s, 'lost2-example.com')).toMatch(/-/);
  });

  it("'lost-answer' with times applies to that many matching requests, other actions untouched", async () => {
    const s = await start();
    s.injectFault({ kind: 'lost-answer', action: LIST, times: 2 });
    await expect(list(s)).rejects.toThrow();
    expect((await poll(s)).status).toBe(200);
    await expect(list(s)).rejects.toThrow();
    expect((await list(s)).status).toBe(200);
  });
});
