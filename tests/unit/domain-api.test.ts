import { describe, expect, it, vi } from 'vitest';
import {
  chinaDayStart,
  createDomainApi,
  parseFoundDetails,
  parseTaskDetails,
  parseTaskList,
  parseTaskTime,
  taskListDays,
  TASK_NO_CODE,
  TASK_NO_REASON,
  type FoundTaskDetail,
} from '../../lib/domain/api';

const T = '939b6918-be3b-4c4f-b949-93553da52dca';
const detail = (fields: Record<string, unknown>) => ({ TaskNo: T, TaskDetailNo: 'd1', DomainName: 'example.com', ...fields });
const list = (TaskDetail: unknown) => ({ RequestId: 'R', TotalItemNum: 1, Data: { TaskDetail } });

describe('parseTaskDetails tolerates the documented variants', () => {
  it.each([
    ['array, success with code', list([detail({ TaskStatus: 'EXECUTE_SUCCESS', TaskStatusCode: 2, TaskResult: 'Ab#1<x>&"\' z' })]), { status: 'success', code: 'Ab#1<x>&"\' z' }],
    ['single object instead of array', list(detail({ TaskStatus: 'EXECUTE_SUCCESS', TaskStatusCode: 2, TaskResult: 'CODE' })), { status: 'success', code: 'CODE' }],
    ['numeric TaskResult', list([detail({ TaskStatusCode: 2, TaskResult: 12345 })]), { status: 'success', code: '12345' }],
    ['status code as string', list([detail({ TaskStatusCode: '2', TaskResult: 'X' })]), { status: 'success', code: 'X' }],
    ['status name only', list([detail({ TaskStatus: 'EXECUTE_SUCCESS', TaskResult: 'Y' })]), { status: 'success', code: 'Y' }],
    ['waiting', list([detail({ TaskStatus: 'WAITING_EXECUTE', TaskStatusCode: 0 })]), { status: 'waiting' }],
    ['running', list([detail({ TaskStatus: 'EXECUTING', TaskStatusCode: 1 })]), { status: 'running' }],
    ['failure with ErrorMsg', list([detail({ TaskStatusCode: 3, ErrorMsg: 'domain locked', FailReason: 'x' })]), { status: 'failure', error: 'domain locked' }],
    ['failure with FailReason only', list([detail({ TaskStatusCode: 3, ErrorMsg: '', FailReason: 'in 60 days' })]), { status: 'failure', error: 'in 60 days' }],
    ['failure without reason', list([detail({ TaskStatusCode: 3 })]), { status: 'failure', error: TASK_NO_REASON }],
    ['success without code is a failure', list([detail({ TaskStatusCode: 2, TaskResult: '' })]), { status: 'failure', error: TASK_NO_CODE }],
    ['empty list: not yet visible', list([]), { status: 'waiting' }],
    ['no Data at all', { RequestId: 'R', TotalItemNum: 0 }, { status: 'waiting' }],
    ['unknown status', list([detail({ TaskStatus: 'SOMETHING' })]), { status: 'waiting' }],
    ['garbage body', 'not json', { status: 'waiting' }],
    ['picks the detail of our TaskNo', list([{ TaskNo: 'other', TaskStatusCode: 3 }, detail({ TaskStatusCode: 2, TaskResult: 'MINE' })]), { status: 'success', code: 'MINE' }],
  ])('%s', (_name, body, expected) => {
    expect(parseTaskDetails(body, T)).toEqual(expected);
  });
});

// ---- the lost-Save task lookup: PollTaskResult, QueryTaskList, QueryTaskDetailList by domain ----

/** 2018-03-26 15:08:20 China time, in ms. */
const AT = Date.UTC(2018, 2, 26, 7, 8, 20);
/** 2018-03-27 00:00 China time: the reference's example BeginCreateTime. */
const MIDNIGHT = 1522080000000;

describe('parseTaskTime reads both CreateTime formats as China time', () => {
  it.each([
    ['PollTaskResult / QueryTaskDetailList format', '2018-03-26 15:08:20', AT],
    ['unpadded month, day and hour', '2018-3-6 5:08:20', Date.UTC(2018, 2, 5, 21, 8, 20)],
    ['T between date and time', '2018-03-26T15:08:20', AT],
    ['surrounding spaces', '  2018-03-26 15:08:20 ', AT],
    ['QueryTaskList format', 'Mar 26,2018 15:08:20', AT],
    ['QueryTaskList format, reference example', 'Dec 26,2017 11:00:54', Date.UTC(2017, 11, 26, 3, 0, 54)],
    ['unpadded day', 'Mar 6,2018 15:08:20', Date.UTC(2018, 2, 6, 7, 8, 20)],
    ['space after the comma', 'Mar 26, 2018 15:08:20', AT],
    ['full month name, any case', 'MARCH 26,2018 15:08:20', AT],
    ['China midnight is the previous UTC day', '2018-03-27 00:00:00', MIDNIGHT],
    ['no such month name', 'Foo 26,2018 15:08:20', undefined],
    ['31 February', '2018-02-31 10:00:00', undefined],
    ['hour 24', '2018-03-26 24:00:00', undefined],
    ['no time', '2018-03-26', undefined],
    ['ISO with zone (not a documented format)', '2018-03-26T07:08:20Z', undefined],
    ['empty', '', undefined],
    ['absent', undefined, undefined],
  ])('%s: %s', (_name, text, expected) => {
    expect(parseTaskTime(text)).toBe(expected);
  });
});

describe('China days for QueryTaskList', () => {
  it.each([
    ['midnight itself', MIDNIGHT, MIDNIGHT],
    ['one ms before: the previous day', MIDNIGHT - 1, MIDNIGHT - 86_400_000],
    ['late on the UTC day before (already the China day)', MIDNIGHT + 3_600_000 * 23, MIDNIGHT],
    ['epoch', 0, -8 * 3_600_000],
  ])('chinaDayStart: %s', (_name, ms, expected) => {
    expect(chinaDayStart(ms)).toBe(expected);
  });

  it.each([
    ['one day (the reference example: both the same midnight)', AT + 86_400_000, AT + 86_400_000 + 3_600_000, MIDNIGHT, MIDNIGHT],
    ['two days', AT, AT + 86_400_000, MIDNIGHT - 86_400_000, MIDNIGHT],
    ['to before from: one day', AT, AT - 5_000, MIDNIGHT - 86_400_000, MIDNIGHT - 86_400_000],
  ])('taskListDays: %s', (_name, from, to, begin, end) => {
    expect(taskListDays(from, to)).toEqual({ BeginCreateTime: String(begin), EndCreateTime: String(end) });
  });
});

const row = (fields: Record<string, unknown>) => ({
  TaskNo: T,
  TaskDetailNo: 'd1',
  DomainName: 'example.com',
  TaskType: 'QUERY_TRANSFER_AUTHORIZATION_CODE',
  CreateTime: '2018-03-26 15:08:20',
  ...fields,
});
const found = (fields: Partial<FoundTaskDetail>): FoundTaskDetail => ({
  taskNo: T,
  domain: 'example.com',
  type: 'QUERY_TRANSFER_AUTHORIZATION_CODE',
  createdAt: AT,
  task: { status: 'waiting' },
  ...fields,
});

/** found({}) without a createdAt (the field is left out, not undefined). */
const undated: FoundTaskDetail = { taskNo: T, domain: 'example.com', type: 'QUERY_TRANSFER_AUTHORIZATION_CODE', task: { status: 'waiting' } };

describe('parseFoundDetails (PollTaskResult, QueryTaskDetailList)', () => {
  it.each([
    ['array, success', list([row({ TaskStatusCode: 2, TaskResult: 'C<&>' })]), [found({ task: { status: 'success', code: 'C<&>' } })]],
    ['single object', list(row({ TaskStatusCode: '3', ErrorMsg: 'locked' })), [found({ task: { status: 'failure', error: 'locked' } })]],
    ['numeric TaskResult', list([row({ TaskStatus: 'EXECUTE_SUCCESS', TaskResult: 12345 })]), [found({ task: { status: 'success', code: '12345' } })]],
    ['running', list([row({ TaskStatusCode: 1 })]), [found({ task: { status: 'running' } })]],
    ['no TaskType', list([row({ TaskType: undefined })]), [found({ type: '' })]],
    ['unreadable CreateTime', list([row({ CreateTime: 'yesterday' })]), [undated]],
    ['no CreateTime', list([row({ CreateTime: undefined })]), [undated]],
    ['numeric TaskNo', list([row({ TaskNo: 42 })]), [found({ taskNo: '42' })]],
    ['rows without TaskNo or DomainName are left out', list([row({ TaskNo: undefined }), row({ DomainName: '' }), 'junk', row({})]), [found({})]],
    ['empty list', list([]), []],
    ['no Data', { RequestId: 'R' }, []],
    ['garbage', 42, []],
  ])('%s', (_name, body, expected) => {
    expect(parseFoundDetails(body)).toEqual(expected);
  });
});

describe('parseTaskList (QueryTaskList)', () => {
  const info = (fields: Record<string, unknown>) => ({ TaskNo: T, TaskType: 'CHG_DNS', CreateTime: 'Mar 26,2018 15:08:20', TaskNum: 1, ...fields });
  const page = (TaskInfo: unknown, paging: Record<string, unknown> = {}) => ({ RequestId: 'R', ...paging, Data: { TaskInfo } });
  it.each([
    ['array, NextPage false', page([info({})], { NextPage: false }), { tasks: [{ taskNo: T, type: 'CHG_DNS', createdAt: AT }], nextPage: false }],
    ['single object, NextPage true', page(info({}), { NextPage: true }), { tasks: [{ taskNo: T, type: 'CHG_DNS', createdAt: AT }], nextPage: true }],
    ['NextPage as text', page([], { NextPage: 'true' }), { tasks: [], nextPage: true }],
    ['no NextPage: page numbers decide', page([], { CurrentPageNum: 1, TotalPageNum: 3 }), { tasks: [], nextPage: true }],
    ['no NextPage, last page', page([], { CurrentPageNum: '3', TotalPageNum: '3' }), { tasks: [], nextPage: false }],
    ['no paging at all: no next page', page([]), { tasks: [], nextPage: false }],
    ['unreadable time and no type', page([info({ CreateTime: '26/03/2018', TaskType: null })]), { tasks: [{ taskNo: T, type: '' }], nextPage: false }],
    ['rows without TaskNo are left out', page([info({ TaskNo: '' }), 7, info({ TaskNo: 'B' })]), { tasks: [{ taskNo: 'B', type: 'CHG_DNS', createdAt: AT }], nextPage: false }],
    ['garbage', 'x', { tasks: [], nextPage: false }],
  ])('%s', (_name, body, expected) => {
    expect(parseTaskList(body)).toEqual(expected);
  });
});

describe('the three lookup calls send what the reference asks for', () => {
  const capture = (answer: unknown) => {
    const sent: Array<Record<string, string>> = [];
    const fetch = vi.fn(async (_url: unknown, init?: RequestInit) => {
      sent.push(Object.fromEntries(new URLSearchParams(String(init?.body))));
      return new Response(JSON.stringify(answer), { status: 200, headers: { 'Content-Type': 'application/json' } });
    });
    const api = createDomainApi({ credentials: { accessKeyId: 'id', accessKeySecret: 'secret' }, site: 'cn', fetch });
    return { api, sent };
  };

  it('finishedTasks: PollTaskResult, page 1 of 100, filtered by the domain (and again on our side)', async () => {
    const { api, sent } = capture(list([row({ TaskStatusCode: 2, TaskResult: 'X' }), row({ DomainName: 'other.com' })]));
    await expect(api.finishedTasks('example.com', 'zh')).resolves.toEqual([found({ task: { status: 'success', code: 'X' } })]);
    expect(sent[0]).toMatchObject({ Action: 'PollTaskResult', DomainName: 'example.com', PageNum: '1', PageSize: '100', Lang: 'zh' });
  });

  it('listTasks: QueryTaskList with the China midnights of both days', async () => {
    const { api, sent } = capture({ NextPage: true, Data: { TaskInfo: [] } });
    await expect(api.listTasks(AT, AT + 86_400_000, 2, 'en')).resolves.toEqual({ tasks: [], nextPage: true });
    expect(sent[0]).toMatchObject({
      Action: 'QueryTaskList',
      PageNum: '2',
      PageSize: '50',
      BeginCreateTime: String(MIDNIGHT - 86_400_000),
      EndCreateTime: String(MIDNIGHT),
    });
  });

  it('taskDetailFor: QueryTaskDetailList with TaskNo and DomainName; only that task and domain count', async () => {
    const { api, sent } = capture(list([row({ DomainName: 'other.com' }), row({ TaskNo: 'other' }), row({ TaskStatusCode: 1 })]));
    await expect(api.taskDetailFor(T, 'example.com', 'en')).resolves.toEqual(found({ task: { status: 'running' } }));
    expect(sent[0]).toMatchObject({ Action: 'QueryTaskDetailList', TaskNo: T, DomainName: 'example.com', PageNum: '1' });
    const none = capture(list([]));
    await expect(none.api.taskDetailFor(T, 'example.com', 'en')).resolves.toBeUndefined();
  });
});
