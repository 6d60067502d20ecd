// The lost-Save task search (lib/domain/task-search) against a fake TaskSearchApi: its pure helpers
// on tables, then the search itself on scenarios (what each call answers, what is found, which
// calls were made).
import { describe, expect, it } from 'vitest';
import type { FoundTaskDetail, TaskInfo, TaskState } from '../../lib/domain/api';
import {
  CLOCK_SLACK_MS,
  findTransferCodeTask,
  isLostSaveTask,
  MAX_CANDIDATES,
  MAX_LIST_PAGES,
  pickFinished,
  searchWindow,
  transferCodeCandidates,
  transferCodeRank,
  TRANSFER_CODE_TASK_TYPE,
  type TaskSearchApi,
} from '../../lib/domain/task-search';

const MIN = 60_000;
const SINCE = Date.UTC(2026, 0, 10, 3, 0, 0);
const NOT_BEFORE = SINCE - CLOCK_SLACK_MS;
const CODE = TRANSFER_CODE_TASK_TYPE;
const DONE: TaskState = { status: 'success', code: 'C0de<&>' };

const info = (taskNo: string, type: string, createdAt?: number): TaskInfo => ({ taskNo, type, ...(createdAt !== undefined ? { createdAt } : {}) });
const detail = (taskNo: string, fields: Partial<FoundTaskDetail> = {}): FoundTaskDetail => ({
  taskNo,
  domain: 'example.com',
  type: CODE,
  createdAt: SINCE + MIN,
  task: { status: 'running' },
  ...fields,
});

describe('transferCodeRank: which TaskType may be the transfer-code task', () => {
  it.each([
    [CODE, 0],
    ['TRANSFER_AUTH_CODE', 0],
    ['query_transfer_authorization_code', 0],
    ['GET_EPP', 0],
    ['SOMETHING_UNDOCUMENTED', 1],
    ['', 1],
    ['CHG_DNS', undefined],
    ['SET_TRANSFER_PROHIBITED', undefined],
    [' set_update_prohibited ', undefined],
    ['DELETE_DOMAIN', undefined],
    ['ORDER_RENEW', undefined],
  ] as const)('%j -> %s', (type, rank) => {
    expect(transferCodeRank(type)).toBe(rank);
  });
});

describe('searchWindow', () => {
  it.each([
    ['now after since', SINCE, SINCE + 10 * MIN, { fromMs: SINCE - CLOCK_SLACK_MS, toMs: SINCE + 10 * MIN + CLOCK_SLACK_MS }],
    ['now before since (clock went back)', SINCE, SINCE - 10 * MIN, { fromMs: SINCE - CLOCK_SLACK_MS, toMs: SINCE + CLOCK_SLACK_MS }],
  ])('%s', (_name, since, now, expected) => {
    expect(searchWindow(since, now)).toEqual(expected);
  });
});

describe('transferCodeCandidates', () => {
  it.each([
    ['documented other types are dropped', [info('a', 'CHG_DNS', SINCE), info('b', CODE, SINCE)], ['b']],
    ['older than since − slack is dropped', [info('a', CODE, NOT_BEFORE - 1), info('b', CODE, NOT_BEFORE)], ['b']],
    ['unreadable time is kept, after dated ones', [info('a', CODE), info('b', CODE, SINCE)], ['b', 'a']],
    ['likely type before unknown type, each newest first', [info('u1', 'X', SINCE + 5 * MIN), info('c1', CODE, SINCE), info('c2', CODE, SINCE + MIN), info('u2', '', SINCE + 9 * MIN)], ['c2', 'c1', 'u2', 'u1']],
    ['each TaskNo once', [info('a', CODE, SINCE), info('a', CODE, SINCE), info('b', CODE, SINCE - MIN)], ['a', 'b']],
    ['nothing', [], []],
  ])('%s', (_name, tasks, expected) => {
    expect(transferCodeCandidates(tasks, NOT_BEFORE).map((t) => t.taskNo)).toEqual(expected);
  });

  it(`keeps at most ${MAX_CANDIDATES}, the newest`, () => {
    const many = Array.from({ length: 25 }, (_, i) => info(`t${i}`, CODE, SINCE + i * 1000));
    const picked = transferCodeCandidates(many, NOT_BEFORE).map((t) => t.taskNo);
    expect(picked).toEqual(Array.from({ length: MAX_CANDIDATES }, (_, i) => `t${24 - i}`));
  });

  it('with the time the Save left: the closest to it first, without the TaskNos already known', () => {
    // a batch: 25 tasks a second apart, the lost Save left at SINCE + 12 s, t12 and t13 are known
    const many = Array.from({ length: 25 }, (_, i) => info(`t${i}`, CODE, SINCE + i * 1000));
    const picked = transferCodeCandidates(many, NOT_BEFORE, SINCE + 12_400, new Set(['t12', 't13'])).map((t) => t.taskNo);
    expect(picked.slice(0, 4)).toEqual(['t11', 't14', 't10', 't15']);
    expect(picked).not.toContain('t12');
    expect(picked).toHaveLength(MAX_CANDIDATES);
  });
});

describe('isLostSaveTask and pickFinished', () => {
  it.each([
    ['ours', detail('a'), undefined, true],
    ['another domain', detail('a', { domain: 'other.com' }), undefined, false],
    ['a documented other type', detail('a', { type: 'SET_TRANSFER_PROHIBITED' }), undefined, false],
    ['an undocumented type', detail('a', { type: 'MYSTERY' }), undefined, true],
    ['created just inside the slack', detail('a', { createdAt: NOT_BEFORE }), undefined, true],
    ['created before the slack', detail('a', { createdAt: NOT_BEFORE - 1 }), undefined, false],
    ['no time of its own: the listing decides (in)', detail('a', { createdAt: undefined }), SINCE, true],
    ['no time of its own: the listing decides (out)', detail('a', { createdAt: undefined }), NOT_BEFORE - MIN, false],
    ['no time anywhere: not taken', detail('a', { createdAt: undefined }), undefined, false],
  ])('%s', (_name, d, listedAt, expected) => {
    expect(isLostSaveTask(d, 'example.com', NOT_BEFORE, listedAt)).toBe(expected);
  });

  it('pickFinished takes the likeliest, newest of the matching ones', () => {
    const details = [
      detail('old', { createdAt: NOT_BEFORE - MIN, task: DONE }),
      detail('unknown-type', { type: 'MYSTERY', createdAt: SINCE + 9 * MIN }),
      detail('code-1', { createdAt: SINCE + MIN }),
      detail('code-2', { createdAt: SINCE + 2 * MIN }),
      detail('elsewhere', { domain: 'other.com', createdAt: SINCE + 3 * MIN }),
    ];
    expect(pickFinished(details, 'example.com', NOT_BEFORE)?.taskNo).toBe('code-2');
    expect(pickFinished([], 'example.com', NOT_BEFORE)).toBeUndefined();
  });
});

// ---- the search --------------------------------------------------------------------------------

interface Scenario {
  finished?: FoundTaskDetail[];
  pages?: Array<{ tasks: TaskInfo[]; nextPage: boolean }>;
  details?: Record<string, FoundTaskDetail | undefined>;
  errors?: Partial<Record<'finished' | 'list' | 'detail', Error>>;
}

function fakeApi(s: Scenario) {
  const calls: string[] = [];
  const api: TaskSearchApi = {
    async finishedTasks(domain) {
      calls.push(`finished ${domain}`);
      if (s.errors?.finished) throw s.errors.finished;
      return s.finished ?? [];
    },
    async listTasks(from, to, page) {
      calls.push(`list ${page} ${from} ${to}`);
      if (s.errors?.list) throw s.errors.list;
      return s.pages?.[page - 1] ?? { tasks: [], nextPage: false };
    },
    async taskDetailFor(taskNo, domain) {
      calls.push(`detail ${taskNo} ${domain}`);
      if (s.errors?.detail) throw s.errors.detail;
      return s.details?.[taskNo];
    },
  };
  return { api, calls };
}

const NOW = SINCE + 20 * MIN;
const W = searchWindow(SINCE, NOW);
const LIST1 = `list 1 ${W.fromMs} ${W.toMs}`;

describe('findTransferCodeTask', () => {
  it.each<[string, Scenario, { taskNo: string; task: TaskState } | undefined, string[]]>([
    [
      'a finished task: found with one call',
      { finished: [detail('done-1', { task: DONE })] },
      { taskNo: 'done-1', task: DONE },
      ['finished example.com'],
    ],
    [
      'only an old finished task: looks further, then nothing',
      { finished: [detail('old', { createdAt: NOT_BEFORE - 1, task: DONE })] },
      undefined,
      ['finished example.com', LIST1],
    ],
    [
      'a pending task in the list: checked with its detail',
      { pages: [{ tasks: [info('p1', CODE, SINCE + MIN)], nextPage: false }], details: { p1: detail('p1') } },
      { taskNo: 'p1', task: { status: 'running' } },
      ['finished example.com', LIST1, 'detail p1 example.com'],
    ],
    [
      "another domain's task in the list: its detail has no row for ours",
      { pages: [{ tasks: [info('x', CODE, SINCE + MIN), info('p1', CODE, SINCE)], nextPage: false }], details: { p1: detail('p1', { task: DONE }) } },
      { taskNo: 'p1', task: DONE },
      // p1 was made when the Save left: it is checked first
      ['finished example.com', LIST1, 'detail p1 example.com'],
    ],
    [
      'tasks on the second page',
      {
        pages: [
          { tasks: [info('a', 'CHG_DNS', SINCE)], nextPage: true },
          { tasks: [info('p2', 'UNDOCUMENTED', SINCE + MIN)], nextPage: false },
        ],
        details: { p2: detail('p2', { type: 'UNDOCUMENTED' }) },
      },
      { taskNo: 'p2', task: { status: 'running' } },
      ['finished example.com', LIST1, `list 2 ${W.fromMs} ${W.toMs}`, 'detail p2 example.com'],
    ],
    [
      'a detail older than since − slack (listed without a readable time) is not taken',
      { pages: [{ tasks: [info('p1', CODE)], nextPage: false }], details: { p1: detail('p1', { createdAt: NOT_BEFORE - MIN }) } },
      undefined,
      ['finished example.com', LIST1, 'detail p1 example.com'],
    ],
    [
      'only documented other types listed: no detail call',
      { pages: [{ tasks: [info('l', 'SET_TRANSFER_PROHIBITED', SINCE + MIN), info('d', 'CHG_DNS', SINCE)], nextPage: false }] },
      undefined,
      ['finished example.com', LIST1],
    ],
    ['no task at all', {}, undefined, ['finished example.com', LIST1]],
    [
      'an empty page that claims a next page ends the paging',
      { pages: [{ tasks: [], nextPage: true }, { tasks: [info('p', CODE, SINCE)], nextPage: false }] },
      undefined,
      ['finished example.com', LIST1],
    ],
  ])('%s', async (_name, scenario, expected, expectedCalls) => {
    const { api, calls } = fakeApi(scenario);
    await expect(findTransferCodeTask(api, 'example.com', SINCE, NOW, 'en')).resolves.toEqual(expected);
    expect(calls).toEqual(expectedCalls);
  });

  it(`reads at most ${MAX_LIST_PAGES} pages and checks at most ${MAX_CANDIDATES} candidates`, async () => {
    const pages = Array.from({ length: 9 }, (_, p) => ({
      tasks: Array.from({ length: 4 }, (_, i) => info(`t${p}-${i}`, CODE, SINCE + (p * 4 + i) * 1000)),
      nextPage: true,
    }));
    const { api, calls } = fakeApi({ pages });
    await expect(findTransferCodeTask(api, 'example.com', SINCE, NOW, 'en')).resolves.toBeUndefined();
    expect(calls.filter((c) => c.startsWith('list'))).toHaveLength(MAX_LIST_PAGES);
    const checked = calls.filter((c) => c.startsWith('detail'));
    expect(checked).toHaveLength(MAX_CANDIDATES);
    // the closest in time to the Save first: page 0, item 0 (made at SINCE)
    expect(checked[0]).toBe('detail t0-0 example.com');
  });

  it.each(['finished', 'list', 'detail'] as const)('an error from %s propagates unchanged', async (where) => {
    const error = Object.assign(new Error('boom'), { code: 'NetworkIOError' });
    const { api } = fakeApi({
      pages: [{ tasks: [info('p1', CODE, SINCE)], nextPage: false }],
      errors: { [where]: error },
    });
    await expect(findTransferCodeTask(api, 'example.com', SINCE, NOW, 'en')).rejects.toBe(error);
  });
});
